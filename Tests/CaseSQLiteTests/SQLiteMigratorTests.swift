import TestSupport
import XCTest

@testable import CaseSQLite

final class SQLiteMigratorTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    /// Three migrations that each create a table and count how often they ran.
    private func migrations(counters: [SendableCounter]) -> [SQLiteMigration] {
        (1...3).map { version in
            SQLiteMigration(version: Int32(version), name: "create t\(version)") { connection in
                counters[version - 1].increment()
                try connection.execute("CREATE TABLE t\(version)(x)")
            }
        }
    }

    private func tableNames(_ connection: SQLiteConnection) throws -> [String] {
        try connection.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .compactMap { $0[0].stringValue }
    }

    func testFreshDatabaseGetsAllMigrations() throws {
        let counters = (1...3).map { _ in SendableCounter() }
        let connection = try SQLiteConnection(path: directory.path("m.db"))

        try SQLiteMigrator(migrations(counters: counters)).migrate(connection)

        XCTAssertEqual(try connection.userVersion, 3)
        XCTAssertEqual(try tableNames(connection), ["t1", "t2", "t3"])
        XCTAssertEqual(counters.map(\.value), [1, 1, 1])
    }

    func testRerunIsANoOp() throws {
        let counters = (1...3).map { _ in SendableCounter() }
        let migrator = SQLiteMigrator(migrations(counters: counters))
        let path = directory.path("m.db")
        try migrator.migrate(try SQLiteConnection(path: path))

        let reopened = try SQLiteConnection(path: path)
        try migrator.migrate(reopened)
        try migrator.migrate(reopened)

        XCTAssertEqual(counters.map(\.value), [1, 1, 1])
        XCTAssertEqual(try reopened.userVersion, 3)
    }

    func testOnlyNewMigrationsRunOnAnOlderDatabase() throws {
        let counters = (1...3).map { _ in SendableCounter() }
        let all = migrations(counters: counters)
        let connection = try SQLiteConnection(path: directory.path("m.db"))
        try SQLiteMigrator(Array(all.prefix(1))).migrate(connection)

        try SQLiteMigrator(all).migrate(connection)

        XCTAssertEqual(counters.map(\.value), [1, 1, 1])
        XCTAssertEqual(try connection.userVersion, 3)
    }

    func testNewerDatabaseIsRefusedWithClearMessageAndLeftUntouched() throws {
        let counters = (1...3).map { _ in SendableCounter() }
        let connection = try SQLiteConnection(path: directory.path("m.db"))
        try connection.setUserVersion(7)
        let migrator = SQLiteMigrator(migrations(counters: counters) + [
            SQLiteMigration(version: 5, name: "five") { _ in }
        ])

        XCTAssertThrowsError(try migrator.migrate(connection)) { error in
            XCTAssertEqual(error as? SchemaTooNewError, SchemaTooNewError(foundVersion: 7, supportedVersion: 5))
            XCTAssertEqual(
                String(describing: error),
                "database schema version 7 is newer than this build of casestore supports (5): "
                    + "upgrade casestore, do not open it with an older build")
        }
        XCTAssertEqual(try connection.userVersion, 7)
        XCTAssertEqual(counters.map(\.value), [0, 0, 0])
        XCTAssertEqual(try tableNames(connection), [])
    }

    func testFailedMigrationLeavesVersionAtLastSuccessAndRollsBackItsChanges() throws {
        let connection = try SQLiteConnection(path: directory.path("m.db"))
        let migrator = SQLiteMigrator([
            SQLiteMigration(version: 1, name: "ok") { try $0.execute("CREATE TABLE a(x)") },
            SQLiteMigration(version: 2, name: "fails half-way") { connection in
                try connection.execute("CREATE TABLE b(x)")
                throw ProbeError(tag: 2)
            },
            SQLiteMigration(version: 3, name: "never reached") { try $0.execute("CREATE TABLE c(x)") },
        ])

        XCTAssertThrowsError(try migrator.migrate(connection)) { error in
            XCTAssertEqual(error as? ProbeError, ProbeError(tag: 2), "the migration's own error")
        }

        XCTAssertEqual(try connection.userVersion, 1)
        XCTAssertEqual(try tableNames(connection), ["a"], "table b was rolled back with its migration")
        XCTAssertFalse(connection.isInTransaction)
    }

    func testEmptyMigratorAcceptsVersionZeroOnly() throws {
        let connection = try SQLiteConnection(path: directory.path("m.db"))
        XCTAssertNoThrow(try SQLiteMigrator([]).migrate(connection))
        XCTAssertEqual(SQLiteMigrator([]).latestVersion, 0)

        try connection.setUserVersion(1)
        XCTAssertThrowsError(try SQLiteMigrator([]).migrate(connection)) { error in
            XCTAssertEqual(error as? SchemaTooNewError, SchemaTooNewError(foundVersion: 1, supportedVersion: 0))
        }
    }
}
