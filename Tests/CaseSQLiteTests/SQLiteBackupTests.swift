import TestSupport
import Dispatch
import Foundation
import XCTest

@testable import CaseSQLite

final class SQLiteBackupTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory = nil
    }

    /// A source big enough to need many backup steps of 2 pages.
    /// Pages of 4 KiB: the 200 rows then take enough pages for a copy of many small steps.
    private func makeSource(_ path: String, rowCount: Int = 200) throws -> SQLiteConnection {
        let source = try SQLiteConnection(path: path, configuration: SQLiteConfiguration(newDatabasePageSizeBytes: 4_096))
        try source.execute("CREATE TABLE hoso(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, payload BLOB)")
        try source.transaction {
            for id in 1...rowCount {
                try source.execute(
                    "INSERT INTO hoso VALUES (?, ?, ?)",
                    [.integer(Int64(id)), .text("Trần Văn \(id)"), .blob([UInt8](repeating: UInt8(id % 256), count: 300))])
            }
        }
        return source
    }

    func testBackupEqualsSourceThatKeepsBeingWrittenDuringTheCopy() throws {
        let source = try makeSource(directory.path("source.db"))
        let destinationPath = directory.path("backup.db")
        var writesDuringCopy = 0
        var remainingSeen: [Int32] = []

        try source.backup(to: destinationPath, pagesPerStep: 2) { progress in
            remainingSeen.append(progress.remaining)
            XCTAssertLessThanOrEqual(progress.remaining, progress.total)
            // Write between steps: SQLite carries writes made through the source connection into the copy.
            // After the last step (nothing remaining) the copy is finished, so writes stop there.
            guard progress.remaining > 0 else { return }
            writesDuringCopy += 1
            do {
                try source.execute(
                    "INSERT INTO hoso(owner, payload) VALUES (?, ?)", [.text("Lê Thị Bé \(writesDuringCopy)"), .blob([1, 2, 3])])
                try source.execute("UPDATE hoso SET owner = owner || '*' WHERE id = ?", [.integer(Int64(writesDuringCopy))])
            } catch {
                XCTFail("write during the backup failed: \(error)")
            }
        }

        XCTAssertGreaterThan(writesDuringCopy, 5, "the copy took many steps, so writes happened during it")
        XCTAssertEqual(remainingSeen.last, 0)
        let backup = try SQLiteConnection(path: destinationPath)
        XCTAssertEqual(try backup.integrityCheck(), ["ok"])
        XCTAssertEqual(try contents(of: backup), try contents(of: source))
        XCTAssertEqual(try backup.scalarInt64("SELECT count(*) FROM hoso"), Int64(200 + writesDuringCopy))
    }

    func testBackupInsideReadIsExactlyThatSnapshotWhileAnotherConnectionWrites() throws {
        let path = directory.path("db.db")
        try makeSource(path).close()
        let database = try SQLiteDatabase(path: path, readerCount: 2)
        let destinationPath = directory.path("snapshot.db")
        let writerMayRun = DispatchSemaphore(value: 0)
        let writerDone = DispatchSemaphore(value: 0)
        let writerErrors = ErrorCollector()
        DispatchQueue.global().async {
            writerMayRun.wait()
            do {
                for index in 1...50 {
                    try database.write { try $0.execute("INSERT INTO hoso(owner) VALUES (?)", [.text("mới \(index)")]) }
                }
            } catch {
                writerErrors.record(error)
            }
            writerDone.signal()
        }

        let snapshot = try database.read { reader -> [String: [SQLiteRow]] in
            let snapshot = try contents(of: reader)
            var startedWriter = false
            try reader.backup(to: destinationPath, pagesPerStep: 2) { _ in
                if !startedWriter {
                    startedWriter = true
                    writerMayRun.signal()
                }
            }
            return snapshot
        }
        XCTAssertEqual(writerDone.wait(timeout: .now() + 60), .success, "writer finished")

        XCTAssertEqual(writerErrors.all, [])
        let backup = try SQLiteConnection(path: destinationPath)
        XCTAssertEqual(try backup.integrityCheck(), ["ok"])
        XCTAssertEqual(try contents(of: backup), snapshot)
        XCTAssertEqual(try database.read { try $0.scalarInt64("SELECT count(*) FROM hoso") }, 250)
        database.close()
    }

    func testBackupRefusesToOverwriteAnExistingFile() throws {
        let source = try makeSource(directory.path("source.db"), rowCount: 1)
        let destinationPath = directory.path("exists.db")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: destinationPath))

        XCTAssertThrowsError(try source.backup(to: destinationPath)) { error in
            XCTAssertEqual(error as? SQLiteWrapperError, .backupDestinationExists(path: destinationPath))
        }
        XCTAssertEqual(try String(contentsOfFile: destinationPath, encoding: .utf8), "keep me")
    }

    func testFailedBackupThrowsAndRemovesThePartialCopy() throws {
        let vfs = try FaultInjectingVFS.register(name: "casestore-tests-faults")
        defer { vfs.clearFault() }
        let source = try SQLiteConnection(path: directory.path("source.db"), configuration: .init(vfsName: vfs.name))
        try source.execute("CREATE TABLE t(x); INSERT INTO t VALUES (zeroblob(100000))")
        let destinationPath = directory.path("partial.db")
        // The destination opens through the source's VFS, so its writes can be failed too.
        vfs.inject(.failWrite(nth: 3, persistent: true))

        let error = expectSQLiteError { try source.backup(to: destinationPath, pagesPerStep: 4) }

        XCTAssertEqual(error?.isIOError, true, "\(String(describing: error))")
        XCTAssertGreaterThan(vfs.counters.faultsInjected, 0)
        for suffix in ["", "-journal", "-wal", "-shm"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: destinationPath + suffix), "left \(suffix)")
        }
    }

    func testBackupOfMissingDirectoryIsAClearError() throws {
        let source = try makeSource(directory.path("source.db"), rowCount: 1)
        let unreachable = directory.path("no-such-dir/backup.db")

        let error = expectSQLiteError { try source.backup(to: unreachable) }

        XCTAssertTrue(error?.message.contains(unreachable) ?? false, "\(String(describing: error))")
    }
}
