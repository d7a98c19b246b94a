import TestSupport
import Foundation
import XCTest

@testable import CaseSQLite

/// The WAL is copied into the database file by the checkpointer's own connection, not by
/// the writer's commits, unless the checkpointer falls behind (`WALCheckpointer`).
final class WALCheckpointerTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    /// Pages of 4 KiB, so that a row of `commit` fills one. No checkpoint for quiet unless a
    /// test asks for one (`idleDelayMs`): the others count checkpoints, whatever the pauses.
    private func openDatabase(
        thresholdPages: Int32?, name: String = "db.db", pageSizeBytes: Int = 4_096, idleDelayMs: Int = 3_600_000
    ) throws -> SQLiteDatabase {
        try SQLiteDatabase(
            path: directory.path(name), configuration: SQLiteConfiguration(newDatabasePageSizeBytes: pageSizeBytes), readerCount: 2,
            migrator: SQLiteMigrator([
                SQLiteMigration(version: 1, name: "create papers") {
                    try $0.execute("CREATE TABLE papers(id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
                }
            ]),
            checkpointThresholdPages: thresholdPages, idleCheckpointDelayMs: idleDelayMs)
    }

    /// One commit of `pages` pages' worth of rows (a 4 KiB page each, as `openDatabase` makes them).
    private func commit(pages: Int, startingAt id: Int, in database: SQLiteDatabase) throws {
        try database.write { writer in
            try writer.transaction {
                for offset in 0..<pages {
                    try writer.execute("INSERT INTO papers VALUES (?, ?)", [.integer(Int64(id + offset)), .blob([UInt8](repeating: 7, count: 4_000))])
                }
            }
        }
    }

    private func fileBytes(_ name: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: directory.path(name))[.size] as? NSNumber)?.intValue ?? 0
    }

    func testTheDefaultThresholdIsThirtyTwoMiBInTheFilesOwnPages() throws {
        let large = try openDatabase(thresholdPages: nil, name: "large.db", pageSizeBytes: 16_384)
        let small = try openDatabase(thresholdPages: nil, name: "small.db", pageSizeBytes: 4_096)
        defer {
            large.close()
            small.close()
        }

        XCTAssertEqual(large.checkpointThresholdPages, 2_048)
        XCTAssertEqual(small.checkpointThresholdPages, 8_192)
    }

    func testACommitPastTheThresholdHandsTheCheckpointToTheCheckpointer() throws {
        let database = try openDatabase(thresholdPages: 8)
        defer { database.close() }
        let fileBefore = try fileBytes("db.db")

        try commit(pages: 20, startingAt: 0, in: database)
        // Queued after the checkpoint the commit asked for, so that one has run when this returns.
        database.checkpointNow()

        let statistics = database.checkpointStatistics
        XCTAssertGreaterThanOrEqual(statistics.checkpoints, 2, "the commit asked for one, checkpointNow ran another")
        XCTAssertEqual(statistics.writerCheckpoints, 0, "the writer never checkpointed itself")
        XCTAssertEqual(statistics.failedCheckpoints, 0, statistics.lastError ?? "")
        XCTAssertEqual(statistics.lastCopiedPages, statistics.lastLogPages, "nothing held it back: all of the WAL was copied")
        XCTAssertGreaterThan(try fileBytes("db.db"), fileBefore + 20 * 4_000, "the rows reached the database file")
        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT count(*) FROM papers") }, 20)
    }

    /// A checkpoint is asked for by the frames not copied yet: a long WAL already copied (a
    /// reader kept it from starting over) does not set one off after every commit.
    func testACheckpointIsAskedForByTheFramesNotCopiedYet() {
        let cases: [(wal: Int32, copied: Int32, asks: Bool)] = [
            (999, 0, false), (1_000, 0, true), (5_000, 4_990, false), (5_990, 4_990, true),
            (300, 4_990, false), (1_200, 4_990, true),  // started over: all of it is new
        ]
        for row in cases {
            XCTAssertEqual(
                WALCheckpointer.asksForCheckpoint(walPages: row.wal, copiedFrames: row.copied, thresholdPages: 1_000), row.asks,
                "\(row.wal) frames, \(row.copied) copied")
        }
    }

    func testACommitBelowTheThresholdAsksForNothing() throws {
        let database = try openDatabase(thresholdPages: 1_000)
        defer { database.close() }

        try commit(pages: 3, startingAt: 0, in: database)
        database.checkpointNow()

        XCTAssertEqual(database.checkpointStatistics.checkpoints, 1, "only the one asked for by checkpointNow")
    }

    /// A reader's snapshot keeps a checkpoint from copying the frames after it, so the WAL
    /// grows; once it reaches four times the threshold the writer checkpoints itself, as
    /// SQLite would, and after the reader is done everything is copied.
    func testTheWriterTakesOverWhenTheWALKeepsGrowing() throws {
        let database = try openDatabase(thresholdPages: 2)
        defer { database.close() }
        try commit(pages: 1, startingAt: 0, in: database)

        try database.read { reader in
            XCTAssertEqual(try reader.scalarInt64("SELECT count(*) FROM papers"), 1)
            for round in 1...12 { try commit(pages: 4, startingAt: round * 10, in: database) }
        }
        database.checkpointNow()

        let statistics = database.checkpointStatistics
        XCTAssertGreaterThanOrEqual(statistics.writerCheckpoints, 1, "the WAL passed 32 pages while the reader held it")
        XCTAssertGreaterThanOrEqual(statistics.checkpoints, 2)
        XCTAssertEqual(statistics.lastCopiedPages, statistics.lastLogPages, "with the reader gone, all of it was copied")
        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT count(*) FROM papers") }, 49)
    }

    /// A commit far below the threshold is copied anyway once the writer has been quiet for
    /// the delay, so a node that stopped writing keeps no WAL waiting to be copied.
    func testAQuietWriterHasItsWALCopied() throws {
        let database = try openDatabase(thresholdPages: 1_000, idleDelayMs: 20)
        defer { database.close() }

        try commit(pages: 3, startingAt: 0, in: database)

        let deadline = Date().addingTimeInterval(30)
        while database.checkpointStatistics.checkpoints == 0, Date() < deadline { usleep(5_000) }
        let statistics = database.checkpointStatistics
        XCTAssertEqual(statistics.checkpoints, 1, "one checkpoint for the quiet, none for the threshold")
        XCTAssertGreaterThan(statistics.lastLogPages, 0)
        XCTAssertEqual(statistics.lastCopiedPages, statistics.lastLogPages, "all of the WAL was copied")
    }

    func testClosingStopsTheCheckpointerAndKeepsEveryCommit() throws {
        let path = directory.path("db.db")
        // Below the threshold: no checkpoint ran before the close.
        let database = try openDatabase(thresholdPages: 1_000)
        for round in 0..<5 { try commit(pages: 6, startingAt: round * 10, in: database) }
        XCTAssertEqual(database.checkpointStatistics.checkpoints, 0)
        // A reader that has read keeps the WAL open past the writer's close, as a node's do.
        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT count(*) FROM papers") }, 30)
        database.close()
        let checkpoints = database.checkpointStatistics.checkpoints
        database.checkpointNow()

        XCTAssertEqual(database.checkpointStatistics.checkpoints, checkpoints, "a stopped checkpointer runs no more")
        // The database file alone, without its WAL, holds every commit: closing copied what was left.
        let fileAlone = directory.path("alone.db")
        try FileManager.default.copyItem(atPath: path, toPath: fileAlone)
        let alone = try SQLiteConnection(path: fileAlone)
        XCTAssertEqual(try alone.scalarInt64("SELECT count(*) FROM papers"), 30)
        try alone.close()
        let reopened = try SQLiteConnection(path: path)
        XCTAssertEqual(try reopened.scalarInt64("SELECT count(*) FROM papers"), 30)
        try reopened.close()
    }
}
