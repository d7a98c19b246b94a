import CSQLite
import Dispatch
import Foundation
import Synchronization
import TestSupport
import XCTest

@testable import CaseSQLite

/// Group commit: writers that queue while the writer connection is busy share
/// one transaction; each hears back only with the group's outcome.
///
/// Each test builds its group deterministically: a plain `write` holds the
/// writer connection, the group's writers queue behind it (the test waits
/// until the queue holds them all), then the plain write lets go.
final class GroupCommitTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var vfs: FaultInjectingVFS!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        vfs = try FaultInjectingVFS.register(name: "casestore-group-commit-faults")
        vfs.clearFault()
    }

    override func tearDown() {
        vfs.clearFault()
        directory = nil
    }

    func testWritersQueuedBehindABusyWriterShareOneCommit() throws {
        let database = try openDatabase()
        let outcomes = try runGroup(on: database, count: 10) { index, connection in
            try connection.execute("INSERT INTO filings(id) VALUES (?)", [.integer(Int64(index))])
            return index * 10
        }

        XCTAssertEqual(outcomes.map { try? $0.get() }, (0..<10).map { $0 * 10 }, "each writer gets its own body's result")
        XCTAssertEqual(try rowIDs(in: database), Array(0..<10))
        XCTAssertEqual(database.groupCommitStatistics.commits, 1, "ten writers, one commit")
        XCTAssertEqual(database.groupCommitStatistics.writes, 10)
        XCTAssertEqual(database.groupCommitStatistics.largestGroup, 10)
    }

    func testABodyThatThrowsUndoesOnlyItsOwnChanges() throws {
        let database = try openDatabase()
        let outcomes = try runGroup(on: database, count: 3) { index, connection in
            try connection.execute("INSERT INTO filings(id) VALUES (?)", [.integer(Int64(index))])
            if index == 1 { throw ProbeError(tag: index) }
            return index
        }

        XCTAssertEqual(try outcomes[0].get(), 0)
        XCTAssertThrowsError(try outcomes[1].get()) { XCTAssertEqual($0 as? ProbeError, ProbeError(tag: 1)) }
        XCTAssertEqual(try outcomes[2].get(), 2)
        XCTAssertEqual(try rowIDs(in: database), [0, 2], "the failed body's row is gone, its neighbours' are kept")
        XCTAssertEqual(database.groupCommitStatistics.commits, 1)
        XCTAssertEqual(database.groupCommitStatistics.failedCommits, 0)
    }

    func testWhenTheCommitFailsEveryWriterOfTheGroupGetsTheError() throws {
        let database = try openDatabase()
        let outcomes = try runGroup(on: database, count: 4, beforeRelease: { self.vfs.inject(.failSync(nth: 1)) }) { index, connection in
            try connection.execute("INSERT INTO filings(id) VALUES (?)", [.integer(Int64(index))])
            return index
        }
        vfs.clearFault()

        for (index, outcome) in outcomes.enumerated() {
            XCTAssertThrowsError(try outcome.get(), "writer \(index) must not hear success for a commit that failed") { error in
                XCTAssertEqual((error as? SQLiteError)?.primaryResultCode, SQLITE_IOERR, "\(error)")
            }
        }
        XCTAssertEqual(database.groupCommitStatistics.failedCommits, 1)
        XCTAssertEqual(try database.groupWrite { try $0.scalarInt64("SELECT 41 + 1") }, 42, "the writer connection works again")
    }

    func testAFullDiskFailsTheWholeGroupWithIsFull() throws {
        let database = try openDatabase()
        let outcomes = try runGroup(on: database, count: 3, beforeRelease: { self.vfs.inject(.diskFull(afterBytes: 0)) }) { index, connection in
            try connection.execute("INSERT INTO filings(id, name) VALUES (?, ?)", [.integer(Int64(index)), .text(String(repeating: "đ", count: 2_000))])
            return index
        }
        vfs.clearFault()

        for outcome in outcomes {
            XCTAssertThrowsError(try outcome.get()) { XCTAssertEqual(($0 as? SQLiteError)?.isFull, true, "\($0)") }
        }
        XCTAssertEqual(try rowIDs(in: database), [], "nothing of a group that failed is visible")
    }

    /// Replication pushes what the callbacks hear: it must be commit order, whatever
    /// order the writers wake in, and only what is durable.
    func testCommittedCallbacksHearDurableResultsInTheOrderTheBodiesRan() throws {
        let database = try openDatabase()
        let ran = Mutex<[Int]>([])
        let heard = Mutex<[Int]>([])
        let outcomes = try runGroup(on: database, count: 12, committed: { index in heard.withLock { $0.append(index) } }) { index, connection in
            ran.withLock { $0.append(index) }
            if index == 5 { throw ProbeError(tag: index) }
            try connection.execute("INSERT INTO filings(id) VALUES (?)", [.integer(Int64(index))])
            return index
        }
        XCTAssertEqual(outcomes.compactMap { try? $0.get() }.count, 11)
        let expected = ran.withLock { $0 }.filter { $0 != 5 }
        XCTAssertEqual(expected.count, 11)
        XCTAssertEqual(heard.withLock { $0 }, expected, "callbacks in the order the bodies ran, the failed body left out")
    }

    func testACommitThatFailsCallsNoCommittedCallback() throws {
        let database = try openDatabase()
        let heard = Mutex<[Int]>([])
        let outcomes = try runGroup(
            on: database, count: 3, beforeRelease: { self.vfs.inject(.failSync(nth: 1)) },
            committed: { index in heard.withLock { $0.append(index) } }
        ) { index, connection in
            try connection.execute("INSERT INTO filings(id) VALUES (?)", [.integer(Int64(index))])
            return index
        }
        vfs.clearFault()
        XCTAssertTrue(outcomes.allSatisfy { (try? $0.get()) == nil }, "every writer heard the failure")
        XCTAssertEqual(heard.withLock { $0 }, [], "nothing that is not durable is announced")
    }

    func testAGroupWriteAloneCommitsAndReturnsItsResult() throws {
        let database = try openDatabase()
        let value = try database.groupWrite { connection -> String in
            try connection.execute("INSERT INTO filings(id, name) VALUES (7, 'Nguyễn Thị Mười')")
            return "saved"
        }
        XCTAssertEqual(value, "saved")
        XCTAssertEqual(try rowIDs(in: database), [7])
        XCTAssertEqual(database.groupCommitStatistics, expectedStatistics(commits: 1, writes: 1))
    }

    // MARK: - Helpers

    private func openDatabase() throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: directory.path("group.db"), configuration: .init(vfsName: vfs.name))
        try database.write { try $0.execute("CREATE TABLE filings(id INTEGER PRIMARY KEY, name TEXT)") }
        return database
    }

    private func rowIDs(in database: SQLiteDatabase) throws -> [Int] {
        try database.read { connection in
            try connection.query("SELECT id FROM filings ORDER BY id").compactMap { $0[0].int64Value.map(Int.init) }
        }
    }

    private func expectedStatistics(commits: Int, writes: Int) -> GroupCommitStatistics {
        var statistics = GroupCommitStatistics()
        statistics.commits = commits
        statistics.writes = writes
        statistics.largestGroup = writes
        return statistics
    }

    /// Holds the writer, queues `count` group writers behind it, runs
    /// `beforeRelease`, lets the writer go and returns each writer's outcome.
    private func runGroup<T: Sendable>(
        on database: SQLiteDatabase, count: Int, beforeRelease: () -> Void = {},
        committed: @escaping @Sendable (T) -> Void = { _ in }, body: @escaping @Sendable (Int, SQLiteConnection) throws -> T
    ) throws -> [Result<T, any Error>] {
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? database.write { _ in
                holding.signal()
                release.wait()
            }
        }
        holder.start()
        holding.wait()

        let outcomes = Mutex<[Int: Result<T, any Error>]>([:])
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread {
                let outcome = Result { try database.groupWrite({ try body(index, $0) }, committed: committed) }
                outcomes.withLock { $0[index] = outcome }
                group.leave()
            }.start()
        }
        try eventually("all \(count) writers queued") { database.groupWritesWaiting == count }
        beforeRelease()
        release.signal()
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success, "every writer heard back")
        return try (0..<count).map { index in try XCTUnwrap(outcomes.withLock { $0[index] }) }
    }
}
