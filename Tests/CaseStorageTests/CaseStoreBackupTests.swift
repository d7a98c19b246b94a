import Dispatch
import Foundation
import XCTest
import CaseSQLite

@testable import CaseStorage

/// `CaseStore.backup`: a consistent, verified copy without the node's identity, that appears
/// at its destination only when finished.
final class CaseStoreBackupTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
    }

    override func tearDown() {
        fixture = nil
    }

    /// A node database with `count` dossiers of origin n1, each filed and started, claimed by n1.
    private func sourceStore(dossiers count: Int, events: inout EventFactory) throws -> CaseStore {
        let store = try fixture.store("source")
        try store.write { writer in
            try writer.setMeta("node_id", "n1")
            try writer.setMeta("incarnation", "3")
        }
        for number in 1...count {
            let code = EventFactory.code(number)
            try store.writeLocal(events.filed(code, at: "n1", applicant: "Trần Thị Bình \(number)"))
            try store.writeLocal(events.step(.start, on: code, at: "n1"))
        }
        return store
    }

    private func files(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    func testCopyIsTheSnapshotWithoutIdentityWhileTheSourceKeepsBeingWritten() throws {
        var events = EventFactory()
        let store = try sourceStore(dossiers: 300, events: &events)
        let before = try ReplicaContents(store)
        let destination = fixture.directory.path("backup.sqlite")
        let writes = WritesDuringBackup(store: store, events: events)
        var phases: [CaseStoreBackupProgress.Phase] = []
        var lastCopied: Int64 = -1

        let backup = try store.backup(to: destination, pagesPerStep: 2) { progress in
            phases.append(progress.phase)
            XCTAssertLessThanOrEqual(progress.pagesCopied, progress.pagesTotal)
            XCTAssertGreaterThanOrEqual(progress.pagesCopied, lastCopied, "progress never goes back")
            lastCopied = progress.pagesCopied
            writes.startOnce()
        }
        writes.waitUntilFinished()

        XCTAssertNil(writes.failure)
        XCTAssertEqual(phases.first, .copying)
        XCTAssertEqual(phases.last, .verifying)
        XCTAssertGreaterThan(phases.count, 10, "many steps of 2 pages")
        XCTAssertGreaterThan(try store.read { try $0.eventCount() }, before.eventCount, "the source took writes while the backup ran")

        let copy = try CaseStore(path: destination, readerCount: 1)
        defer { copy.close() }
        XCTAssertEqual(try ReplicaContents(copy), before, "the copy is the snapshot taken when the backup began")
        XCTAssertEqual(try copy.read { try $0.recomputeStateDigest() }, before.digest)
        XCTAssertNil(try copy.read { try $0.meta("node_id") })
        XCTAssertNil(try copy.read { try $0.meta("incarnation") })
        XCTAssertEqual(backup, CaseStoreBackup(
            path: destination, bytes: try XCTUnwrap(CaseStore.fileSize(destination)), pages: backup.pages,
            dossiers: 300, events: 600, digest: before.digest, versionVector: ["n1": 600], sourceNodeID: "n1"))
        XCTAssertEqual(backup.bytes, backup.pages * Int64(SQLiteLimits.defaultPageSizeBytes))
    }

    func testTheCopyIsOneOwnerOnlyFileAndNoStagingIsLeft() throws {
        var events = EventFactory()
        let store = try sourceStore(dossiers: 5, events: &events)
        let destination = fixture.directory.path("only.sqlite")

        _ = try store.backup(to: destination)

        let permissions = try FileManager.default.attributesOfItem(atPath: destination)[.posixPermissions] as? NSNumber
        XCTAssertEqual(permissions?.intValue, 0o600)
        XCTAssertEqual(try files(in: fixture.directory.url.path), ["only.sqlite", "source.sqlite", "source.sqlite-shm", "source.sqlite-wal"])
        // Rollback-journal mode in the header (bytes 18 and 19 are 1): no WAL is needed to read it.
        let header = try XCTUnwrap(FileManager.default.contents(atPath: destination))
        XCTAssertEqual([header[18], header[19]], [1, 1])
    }

    func testRefusesADestinationThatExistsOrHasAJournalBesideItAndLeavesItAlone() throws {
        var events = EventFactory()
        let store = try sourceStore(dossiers: 1, events: &events)
        let cases: [(name: String, existing: String)] = [
            ("taken.sqlite", "taken.sqlite"), ("stale.sqlite", "stale.sqlite-wal"), ("hot.sqlite", "hot.sqlite-journal"),
        ]
        for (name, existing) in cases {
            let existingPath = fixture.directory.path(existing)
            try Data("giữ nguyên".utf8).write(to: URL(fileURLWithPath: existingPath))

            XCTAssertThrowsError(try store.backup(to: fixture.directory.path(name)), name) { error in
                XCTAssertEqual(error as? CaseStoreBackupError, .destinationExists(path: existingPath))
                XCTAssertTrue("\(error)".contains("never overwrites"), "\(error)")
            }
            XCTAssertEqual(try String(contentsOfFile: existingPath, encoding: .utf8), "giữ nguyên")
        }
        XCTAssertFalse(try files(in: fixture.directory.url.path).contains { $0.contains("partial") })
    }

    func testRefusesAMissingDirectory() throws {
        var events = EventFactory()
        let store = try sourceStore(dossiers: 1, events: &events)
        let directory = fixture.directory.path("không-có")

        XCTAssertThrowsError(try store.backup(to: directory + "/backup.sqlite")) { error in
            XCTAssertEqual(error as? CaseStoreBackupError, .directoryMissing(path: directory))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory))
    }

    func testACopyThatDoesNotMatchItsSnapshotIsRefused() throws {
        var events = EventFactory()
        let store = try sourceStore(dossiers: 3, events: &events)
        let staged = fixture.directory.path("staged.sqlite")
        let (digest, vector) = try store.read { (try $0.stateDigest(), try $0.versionVector()) }
        try store.database.read { try $0.backup(to: staged) }
        let wrongDigest = BackupSnapshot(digest: digest.adding(digest), versionVector: vector, nodeID: "n1", pages: 0)
        let wrongVector = BackupSnapshot(digest: digest, versionVector: ["n1": 5], nodeID: "n1", pages: 0)

        for snapshot in [wrongDigest, wrongVector] {
            XCTAssertThrowsError(try BackupVerification.adopt(copyAt: staged, of: snapshot)) { error in
                guard case .verificationFailed? = error as? CaseStoreBackupError else {
                    return XCTFail("expected verificationFailed, got \(error)")
                }
            }
        }
        let right = try BackupVerification.adopt(copyAt: staged, of: BackupSnapshot(digest: digest, versionVector: vector, nodeID: "n1", pages: 0))
        XCTAssertEqual(right.dossiers, 3)
    }
}

/// Files and starts more dossiers on the source from another thread once the backup has begun.
private final class WritesDuringBackup: @unchecked Sendable {
    // @unchecked: `events` and `failure` are touched only by the writing thread until `done`
    // is signalled, and read only after waiting for it.
    private let store: CaseStore
    private var events: EventFactory
    private(set) var failure: Error?
    private var started = false
    private let done = DispatchSemaphore(value: 0)

    init(store: CaseStore, events: EventFactory) {
        self.store = store
        self.events = events
    }

    /// Called from the backup's progress callback (one thread): starts the writer the first time.
    func startOnce() {
        guard !started else { return }
        started = true
        Thread.detachNewThread { [self] in
            do {
                for number in 301...340 {
                    try store.writeLocal(events.filed(EventFactory.code(number), at: "n1"))
                }
            } catch {
                failure = error
            }
            done.signal()
        }
    }

    func waitUntilFinished() {
        guard started else { return }
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success, "the writer finished")
    }
}
