import TestSupport
import XCTest

@testable import CaseSQLite

final class SQLiteTransactionTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var connection: SQLiteConnection!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        connection = try SQLiteConnection(path: directory.path("tx.db"))
        try connection.execute("CREATE TABLE t(x INTEGER)")
    }

    override func tearDownWithError() throws {
        try connection?.close()
        connection = nil
        directory = nil
    }

    private func count() throws -> Int64? {
        try connection.scalarInt64("SELECT count(*) FROM t")
    }

    func testCommitsAndReturnsTheBodysValue() throws {
        for kind in [TransactionKind.deferred, .immediate, .exclusive] {
            let returned = try connection.transaction(kind) { () -> String in
                try connection.execute("INSERT INTO t VALUES (1)")
                XCTAssertTrue(connection.isInTransaction)
                return "done"
            }
            XCTAssertEqual(returned, "done")
            XCTAssertFalse(connection.isInTransaction)
        }

        let other = try SQLiteConnection(path: directory.path("tx.db"))
        XCTAssertEqual(try other.scalarInt64("SELECT count(*) FROM t"), 3, "committed: another connection sees it")
    }

    func testThrowRollsBackAndRethrowsTheOriginalError() throws {
        XCTAssertThrowsError(
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (1)")
                throw ProbeError(tag: 42)
            }
        ) { error in
            XCTAssertEqual(error as? ProbeError, ProbeError(tag: 42))
        }

        XCTAssertEqual(try count(), 0)
        XCTAssertFalse(connection.isInTransaction)
    }

    func testSQLErrorInsideRollsBackEarlierStatements() throws {
        let error = expectSQLiteError {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (1)")
                try connection.execute("INSERT INTO missing VALUES (1)")
            }
        }

        XCTAssertTrue(error?.message.contains("no such table") ?? false)
        XCTAssertEqual(try count(), 0)
    }

    func testNestedTransactionIsAClearErrorAndLeavesTheOuterOneWorking() throws {
        var innerError: (any Error)?
        try connection.transaction {
            try connection.execute("INSERT INTO t VALUES (1)")
            do {
                try connection.transaction { try connection.execute("INSERT INTO t VALUES (2)") }
            } catch {
                innerError = error
            }
            try connection.execute("INSERT INTO t VALUES (3)")
        }

        XCTAssertEqual(innerError as? SQLiteWrapperError, .nestedTransaction)
        XCTAssertTrue(String(describing: innerError!).contains("do not nest"))
        XCTAssertEqual(try connection.query("SELECT x FROM t ORDER BY x").map { $0[0] }, [.integer(1), .integer(3)])
    }

    func testFailedCommitThrowsAndRollsBack() throws {
        // A deferred foreign key is checked only at COMMIT, so this COMMIT fails deterministically.
        try connection.execute(
            """
            CREATE TABLE parent(id INTEGER PRIMARY KEY);
            CREATE TABLE child(parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
            """)
        var bodyFinished = false

        let error = expectSQLiteError {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (1)")
                try connection.execute("INSERT INTO child VALUES (99)")
                bodyFinished = true
            }
        }

        XCTAssertTrue(bodyFinished, "the body succeeded; only COMMIT failed")
        XCTAssertEqual(error?.isConstraintViolation, true, "\(String(describing: error))")
        XCTAssertEqual(error?.sql, "COMMIT TRANSACTION")
        XCTAssertFalse(connection.isInTransaction, "rolled back, not left open")
        XCTAssertEqual(try count(), 0)
        XCTAssertEqual(try connection.scalarInt64("SELECT count(*) FROM child"), 0)
    }
}
