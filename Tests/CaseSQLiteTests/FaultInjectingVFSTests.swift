import TestSupport
import CSQLite
import XCTest

@testable import CaseSQLite

/// I/O-error loops in SQLite's own style: for N = 1, 2, 3... inject a fault at the Nth
/// operation of a transaction until the transaction completes without a fault. After every
/// failure the error must reach the caller, the database must reopen with integrity_check
/// "ok", and the transaction's rows must be all there or all absent.
final class FaultInjectingVFSTests: XCTestCase {
    private static let baselineRowCount = 20
    private static let transactionRowCount = 100
    /// Far above the writes or syncs one transaction of 100 small rows makes (a few dozen).
    private static let maxLoopIterations = 500

    private var vfs: FaultInjectingVFS!

    override func setUpWithError() throws {
        vfs = try FaultInjectingVFS.register(name: "casestore-tests-faults")
        vfs.clearFault()
    }

    override func tearDown() {
        vfs.clearFault()
    }

    private var faultyConfiguration: SQLiteConfiguration { .init(vfsName: vfs.name) }

    func testPassesEverythingThroughWhenNoFaultIsArmed() throws {
        let directory = try TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.path("plain.db"), configuration: faultyConfiguration)

        try connection.execute("CREATE TABLE t(x)")
        try connection.transaction { try connection.execute("INSERT INTO t VALUES ('mười')") }

        XCTAssertEqual(try connection.scalarString("SELECT x FROM t"), "mười")
        XCTAssertEqual(try connection.scalarString("PRAGMA journal_mode"), "wal", "WAL works through the VFS")
        XCTAssertGreaterThan(vfs.counters.writes, 0)
        XCTAssertGreaterThan(vfs.counters.syncs, 0)
        XCTAssertEqual(vfs.counters.faultsInjected, 0)
    }

    func testRegisteringTheSameNameTwiceReturnsTheSameVFS() throws {
        let again = try FaultInjectingVFS.register(name: vfs.name)
        XCTAssertTrue(again === vfs)
        XCTAssertNotNil(sqlite3_vfs_find(vfs.name))
    }

    func testNthWriteFailsOnceWithIOErrWrite() throws {
        let directory = try TemporaryDirectory()
        let connection = try SQLiteConnection(path: directory.path("once.db"), configuration: faultyConfiguration)
        try connection.execute("CREATE TABLE t(x)")
        vfs.inject(.failWrite(nth: 1))

        let error = expectSQLiteError { try connection.execute("INSERT INTO t VALUES (1)") }
        try connection.execute("INSERT INTO t VALUES (2)")

        XCTAssertEqual(error?.resultCode, SQLiteResultCodes.ioErrorWrite, "\(String(describing: error))")
        XCTAssertEqual(vfs.counters.faultsInjected, 1, "transient: only the first write failed")
        XCTAssertEqual(try connection.query("SELECT x FROM t").map { $0[0] }, [.integer(2)])
    }

    func testTransientWriteFaultLoop() throws {
        try runFaultLoop(name: "transient write", expecting: \.isIOError) { .failWrite(nth: $0) }
    }

    func testPersistentWriteFaultLoop() throws {
        try runFaultLoop(name: "persistent write", expecting: \.isIOError) { .failWrite(nth: $0, persistent: true) }
    }

    func testTransientSyncFaultLoop() throws {
        try runFaultLoop(name: "transient fsync", expecting: \.isIOError) { .failSync(nth: $0) }
    }

    func testPersistentSyncFaultLoop() throws {
        try runFaultLoop(name: "persistent fsync", expecting: \.isIOError) { .failSync(nth: $0, persistent: true) }
    }

    func testDiskFullLoop() throws {
        // Budgets grow by 1 KB: smaller than a page, so every boundary inside a write is hit.
        try runFaultLoop(name: "disk full", expecting: \.isFull) { .diskFull(afterBytes: Int64($0 - 1) * 1024) }
    }

    /// The loop itself: each iteration uses a fresh database holding baseline rows, arms
    /// `fault(n)`, runs one transaction, then checks the outcome through a new connection.
    private func runFaultLoop(
        name: String,
        expecting expectedKind: KeyPath<SQLiteError, Bool>,
        fault: (Int) -> FaultInjectingVFS.Fault
    ) throws {
        var failuresSeen = 0
        var failuresThatKeptTheRows = 0
        for n in 1...Self.maxLoopIterations {
            let directory = try TemporaryDirectory()
            let path = directory.path("loop.db")
            try createBaseline(at: path)
            let connection = try SQLiteConnection(path: path, configuration: faultyConfiguration)

            vfs.inject(fault(n))
            let outcome = Result { try insertTransactionRows(connection) }
            let faultsInjected = vfs.counters.faultsInjected
            vfs.clearFault()
            XCTAssertNoThrow(try connection.close(), "\(name) #\(n): close after the fault")

            let rowsAfter = try checkReopenedDatabase(at: path, context: "\(name) #\(n)")
            guard faultsInjected > 0 else {
                // The fault lay beyond the transaction's last operation: it must have committed.
                XCTAssertNoThrow(try outcome.get(), "\(name) #\(n): no fault, yet an error")
                XCTAssertEqual(rowsAfter, Self.transactionRowCount, "\(name) #\(n): committed rows missing")
                XCTAssertGreaterThan(failuresSeen, 0, "\(name): the loop never injected a fault")
                print("\(name): \(failuresSeen) faulted runs before a clean one; \(failuresThatKeptTheRows) kept all rows")
                return
            }
            failuresSeen += 1
            switch outcome {
            case .success:
                XCTFail("\(name) #\(n): \(faultsInjected) fault(s) injected but the transaction reported success")
            case .failure(let error as SQLiteError):
                XCTAssertTrue(error[keyPath: expectedKind], "\(name) #\(n): unexpected error \(error)")
            case .failure(let error):
                XCTFail("\(name) #\(n): expected an SQLiteError, got \(error)")
            }
            if rowsAfter == Self.transactionRowCount { failuresThatKeptTheRows += 1 }
            XCTAssertTrue(
                rowsAfter == 0 || rowsAfter == Self.transactionRowCount,
                "\(name) #\(n): \(rowsAfter) of \(Self.transactionRowCount) rows: the transaction was torn")
        }
        XCTFail("\(name): the transaction still failed after \(Self.maxLoopIterations) iterations")
    }

    private func createBaseline(at path: String) throws {
        let setup = try SQLiteConnection(path: path, configuration: faultyConfiguration)
        try setup.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, batch INTEGER NOT NULL, note TEXT NOT NULL)")
        try setup.transaction {
            for id in 1...Self.baselineRowCount {
                try setup.execute("INSERT INTO t(id, batch, note) VALUES (?, 0, ?)", [.integer(Int64(id)), .text("gốc \(id)")])
            }
        }
        try setup.close()
    }

    private func insertTransactionRows(_ connection: SQLiteConnection) throws {
        try connection.transaction {
            for index in 1...Self.transactionRowCount {
                let note = "hồ sơ số \(index) " + String(repeating: "đ", count: 100)
                try connection.execute("INSERT INTO t(batch, note) VALUES (1, ?)", [.text(note)])
            }
        }
    }

    /// Reopens through the default VFS, checks integrity and the baseline, and returns how
    /// many of the transaction's rows are present.
    private func checkReopenedDatabase(at path: String, context: String) throws -> Int {
        let reopened = try SQLiteConnection(path: path)
        defer { try? reopened.close() }
        XCTAssertEqual(try reopened.integrityCheck(), ["ok"], "\(context): integrity_check")
        XCTAssertEqual(
            try reopened.scalarInt64("SELECT count(*) FROM t WHERE batch = 0"), Int64(Self.baselineRowCount),
            "\(context): baseline rows")
        return Int(try XCTUnwrap(try reopened.scalarInt64("SELECT count(*) FROM t WHERE batch = 1")))
    }
}
