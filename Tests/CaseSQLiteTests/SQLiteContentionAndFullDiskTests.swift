import TestSupport
import XCTest

@testable import CaseSQLite

final class SQLiteContentionAndFullDiskTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    func testBusyReachesTheCallerAsIsBusy() throws {
        let path = directory.path("busy.db")
        let holder = try SQLiteConnection(path: path)
        try holder.execute("CREATE TABLE t(x)")
        let impatient = try SQLiteConnection(path: path, configuration: .init(busyTimeoutMs: 0))
        try holder.execute("BEGIN IMMEDIATE")

        let viaTransaction = expectSQLiteError { try impatient.transaction { try impatient.execute("INSERT INTO t VALUES (1)") } }
        let viaStatement = expectSQLiteError { try impatient.execute("INSERT INTO t VALUES (2)") }

        XCTAssertEqual(viaTransaction?.isBusy, true, "\(String(describing: viaTransaction))")
        XCTAssertEqual(viaStatement?.isBusy, true, "\(String(describing: viaStatement))")
        XCTAssertFalse(impatient.isInTransaction)

        try holder.execute("COMMIT")
        try impatient.transaction { try impatient.execute("INSERT INTO t VALUES (3)") }
        XCTAssertEqual(try holder.scalarInt64("SELECT count(*) FROM t"), 1)
    }

    func testReaderIsNotBlockedByAnOpenWriteTransactionInWAL() throws {
        let path = directory.path("wal.db")
        let writer = try SQLiteConnection(path: path)
        try writer.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
        let reader = try SQLiteConnection(path: path, configuration: .init(readOnly: true, busyTimeoutMs: 0))
        try writer.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (2)")

        XCTAssertEqual(try reader.scalarInt64("SELECT count(*) FROM t"), 1, "sees the last commit, no SQLITE_BUSY")

        try writer.execute("COMMIT")
        XCTAssertEqual(try reader.scalarInt64("SELECT count(*) FROM t"), 2)
    }

    func testDiskFullThroughMaxPageCountThrowsIsFullAndKeepsEarlierData() throws {
        let path = directory.path("full.db")
        let setup = try SQLiteConnection(path: path)
        try setup.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB)")
        try setup.transaction {
            for id in 1...10 { try setup.execute("INSERT INTO t VALUES (?, ?)", [.integer(Int64(id)), .blob([UInt8](repeating: 7, count: 100))]) }
        }
        let before = try contents(of: setup)
        let pageCount = try XCTUnwrap(try setup.scalarInt64("PRAGMA page_count"))
        let pageSize = Int64(try setup.pageSizeBytes())
        try setup.close()

        let limited = try SQLiteConnection(path: path, configuration: .init(maxFileBytes: (pageCount + 4) * pageSize))
        let error = expectSQLiteError {
            try limited.transaction {
                for id in 100..<200 {
                    try limited.execute("INSERT INTO t VALUES (?, ?)", [.integer(Int64(id)), .blob([UInt8](repeating: 1, count: 4000))])
                }
            }
        }

        XCTAssertEqual(error?.isFull, true, "\(String(describing: error))")
        XCTAssertFalse(limited.isInTransaction)
        XCTAssertEqual(try contents(of: limited), before, "the failed transaction left nothing behind")
        XCTAssertEqual(try limited.integrityCheck(), ["ok"])
        try limited.close()

        let reopened = try SQLiteConnection(path: path)
        XCTAssertEqual(try contents(of: reopened), before)
        XCTAssertEqual(try reopened.integrityCheck(), ["ok"])
    }
}
