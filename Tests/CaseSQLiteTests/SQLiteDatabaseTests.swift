import TestSupport
import Dispatch
import Foundation
import XCTest

@testable import CaseSQLite

final class SQLiteDatabaseTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    private let migrator = SQLiteMigrator([
        SQLiteMigration(version: 1, name: "create hoso") {
            try $0.execute("CREATE TABLE hoso(id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, pair INTEGER NOT NULL)")
        }
    ])

    private func openDatabase(readerCount: Int = 4, readerWaitTimeoutMs: Int = 10_000) throws -> SQLiteDatabase {
        try SQLiteDatabase(
            path: directory.path("db.db"), readerCount: readerCount, readerWaitTimeoutMs: readerWaitTimeoutMs,
            migrator: migrator)
    }

    func testOpenRunsMigrationsOnTheWriter() throws {
        let database = try openDatabase()
        defer { database.close() }

        XCTAssertEqual(try database.write { try $0.userVersion }, 1)
        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT count(*) FROM hoso") }, 0)
    }

    func testOpenRefusesANewerSchema() throws {
        let connection = try SQLiteConnection(path: directory.path("db.db"))
        try connection.setUserVersion(9)
        try connection.close()

        XCTAssertThrowsError(try openDatabase()) { error in
            XCTAssertEqual(error as? SchemaTooNewError, SchemaTooNewError(foundVersion: 9, supportedVersion: 1))
        }
    }

    func testReadersSeeCommittedDataButNotTheWritersOpenTransaction() throws {
        let database = try openDatabase()
        defer { database.close() }
        try database.write { writer in
            try writer.transaction { try writer.execute("INSERT INTO hoso VALUES (1, 0, 0)") }
        }

        try database.write { writer in
            try writer.transaction {
                try writer.execute("INSERT INTO hoso VALUES (2, 0, 0)")
                // The writer is mid-transaction; a reader runs beside it without waiting.
                let seenMidway = try database.read { try $0.scalarInt64("SELECT count(*) FROM hoso") }
                XCTAssertEqual(seenMidway, 1, "the committed row only")
            }
        }

        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT count(*) FROM hoso") }, 2)
    }

    func testReaderOnAnotherThreadRunsWhileTheWriterHoldsItsTransaction() throws {
        let database = try openDatabase()
        defer { database.close() }
        let readerDone = DispatchSemaphore(value: 0)
        let seenByReader = SendableCounter()
        let readerErrors = ErrorCollector()

        try database.write { writer in
            try writer.transaction {
                try writer.execute("INSERT INTO hoso VALUES (1, 0, 0)")
                DispatchQueue.global().async {
                    do {
                        let count = try database.read { try $0.scalarInt64("SELECT count(*) FROM hoso") } ?? -1
                        for _ in 0..<count { seenByReader.increment() }
                    } catch {
                        readerErrors.record(error)
                    }
                    readerDone.signal()
                }
                // Bounded wait: if reads were serialized behind the writer, this would time out.
                XCTAssertEqual(readerDone.wait(timeout: .now() + 30), .success, "reader finished while the write was open")
            }
        }

        XCTAssertEqual(readerErrors.all, [])
        XCTAssertEqual(seenByReader.value, 0, "the uncommitted row was invisible")
    }

    func testConcurrentWritesFromManyThreadsAreSerializedWithoutErrors() throws {
        let database = try openDatabase()
        defer { database.close() }
        let threadCount = 8
        let transactionsPerThread = 25
        let errors = ErrorCollector()

        let finished = DispatchGroup()
        // Real threads, not a dispatch pool that may run them one or two at a time.
        let threads = (0..<threadCount * 2).map { index in
            finished.enter()
            return Thread {
                defer { finished.leave() }
                do {
                    if index % 2 == 0 {
                        try Self.writePairs(database, writer: index / 2, count: transactionsPerThread)
                    } else {
                        try Self.readAndCheckPairsAreWhole(database, times: transactionsPerThread)
                    }
                } catch {
                    errors.record(error)
                }
            }
        }
        threads.forEach { $0.start() }
        XCTAssertEqual(finished.wait(timeout: .now() + 120), .success, "every thread finished")

        XCTAssertEqual(errors.all, [])
        let perWriter = try database.read { reader in
            try reader.query("SELECT writer, count(*) FROM hoso GROUP BY writer ORDER BY writer").map { $0[1] }
        }
        XCTAssertEqual(perWriter, Array(repeating: .integer(Int64(transactionsPerThread * 2)), count: threadCount))
        XCTAssertEqual(try database.read { try $0.integrityCheck() }, ["ok"])
    }

    /// Each transaction inserts two rows; a reader must never see one without the other.
    private static func writePairs(_ database: SQLiteDatabase, writer: Int, count: Int) throws {
        for pair in 0..<count {
            try database.write { connection in
                try connection.transaction {
                    for _ in 0..<2 {
                        try connection.execute(
                            "INSERT INTO hoso(writer, pair) VALUES (?, ?)", [.integer(Int64(writer)), .integer(Int64(pair))])
                    }
                }
            }
        }
    }

    private static func readAndCheckPairsAreWhole(_ database: SQLiteDatabase, times: Int) throws {
        for _ in 0..<times {
            let halfPairs = try database.read { reader in
                try reader.scalarInt64(
                    "SELECT count(*) FROM (SELECT 1 FROM hoso GROUP BY writer, pair HAVING count(*) <> 2)")
            }
            guard halfPairs == 0 else { throw TornReadError(halfPairs: halfPairs) }
        }
    }

    private struct TornReadError: Error {
        let halfPairs: Int64?
    }

    func testReadWaitsBoundedWhenEveryReaderIsBusy() throws {
        let database = try openDatabase(readerCount: 1, readerWaitTimeoutMs: 50)
        defer { database.close() }
        let secondReadDone = DispatchSemaphore(value: 0)
        let secondReadErrors = ErrorCollector()

        try database.read { _ in
            // The only reader is held here until the second read has given up.
            DispatchQueue.global().async {
                do {
                    _ = try database.read { try $0.scalarInt64("SELECT 1") }
                } catch {
                    secondReadErrors.record(error)
                }
                secondReadDone.signal()
            }
            XCTAssertEqual(secondReadDone.wait(timeout: .now() + 30), .success)
        }

        XCTAssertEqual(
            secondReadErrors.all, [String(describing: SQLiteWrapperError.readerWaitTimedOut(waitedMs: 50, readerCount: 1))])
        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT 1") }, 1, "the reader came back to the pool")
    }

    func testReadBodyRunsInOneSnapshotAndCannotWrite() throws {
        let database = try openDatabase()
        defer { database.close() }

        let error = expectSQLiteError { try database.read { try $0.execute("INSERT INTO hoso VALUES (1, 0, 0)") } }

        XCTAssertEqual(error?.isReadOnly, true, "\(String(describing: error))")
        XCTAssertThrowsError(try database.read { reader in try reader.transaction { } }) { error in
            XCTAssertEqual(error as? SQLiteWrapperError, .nestedTransaction, "read already holds a transaction")
        }
    }

    func testFailedWriteBodyLeavesNoTransactionBehind() throws {
        let database = try openDatabase()
        defer { database.close() }

        XCTAssertThrowsError(
            try database.write { connection in
                try connection.execute("BEGIN IMMEDIATE; INSERT INTO hoso VALUES (1, 0, 0)")
                throw ProbeError(tag: 1)
            })

        XCTAssertEqual(try database.write { $0.isInTransaction }, false)
        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT count(*) FROM hoso") }, 0)
    }

    func testAsyncWriteAndReadRunOffTheCallerAndReturnResults() async throws {
        let database = try openDatabase()
        defer { database.close() }

        let rowID = try await database.asyncWrite { connection -> Int64 in
            try connection.execute("INSERT INTO hoso(writer, pair) VALUES (7, 7)")
            return connection.lastInsertRowID
        }
        let writer = try await database.asyncRead { try $0.scalarInt64("SELECT writer FROM hoso WHERE id = ?", [.integer(rowID)]) }

        XCTAssertEqual(writer, 7)
    }

    /// A clean close leaves the file complete on its own: the writer's connection closes last,
    /// copies the WAL into the file and deletes it. Closed before the readers, it left the WAL,
    /// whose frames then stood in for the file's pages at the next open.
    func testACleanCloseLeavesNoWALBehindEvenAfterReads() throws {
        let database = try openDatabase()
        try database.write { writer in
            try writer.transaction { for id in 1...50 { try writer.execute("INSERT INTO hoso VALUES (\(id), 0, 0)") } }
        }
        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT count(*) FROM hoso") }, 50, "a reader connection is open")
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.path("db.db-wal")))
        database.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path("db.db-wal")), "the WAL is copied and deleted")
        let reopened = try SQLiteConnection(path: directory.path("db.db"))
        defer { try? reopened.close() }
        XCTAssertEqual(try reopened.scalarInt64("SELECT count(*) FROM hoso"), 50)
    }

    func testUseAfterCloseThrowsDatabaseClosed() throws {
        let database = try openDatabase()
        database.close()
        database.close()

        let closed = SQLiteWrapperError.databaseClosed(path: directory.path("db.db"))
        XCTAssertThrowsError(try database.write { _ in }) { XCTAssertEqual($0 as? SQLiteWrapperError, closed) }
        XCTAssertThrowsError(try database.read { _ in }) { XCTAssertEqual($0 as? SQLiteWrapperError, closed) }
    }
}
