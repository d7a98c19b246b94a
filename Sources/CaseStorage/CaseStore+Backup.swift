import CaseCore
import Foundation

extension CaseStore {
    /// `node_meta` keys that make a database one node's own (its id and incarnation, see
    /// `CaseNodeRuntime`). A backup drops them and keeps everything else, so a new node can
    /// adopt the copy under its own id.
    public static let identityMetaKeys = ["node_id", "incarnation"]

    /// Pages copied per backup step by default.
    /// Why 64: 1 MiB per step with the 16 KiB pages of files made since they were the default
    /// (`SQLiteLimits.defaultPageSizeBytes`; 256 KiB in older files of 4 KiB pages): progress is
    /// reported often enough to watch, and a step is short; the snapshot is pinned, so steps
    /// never restart.
    public static let defaultBackupPagesPerStep: Int32 = 64

    /// Copies the database, while it keeps serving, into a new file at `destination` with
    /// SQLite's online backup API, and makes the copy a database a new node can start from.
    ///
    /// - The copy is one consistent snapshot: it is taken inside one read transaction, so
    ///   writes committed meanwhile are neither in it nor make it restart.
    /// - The copy is built in a private directory beside `destination`, then its identity
    ///   (`identityMetaKeys`) is removed and it is checked: `integrity_check`, its digest
    ///   recomputed from its rows equals the source's digest at the snapshot, and so does its
    ///   maintained digest and version vector. Its WAL is folded in (rollback journal mode), so
    ///   the single file is complete. Only then does it appear at `destination`, readable by
    ///   its owner only.
    /// - `destination` must not exist (nor a `-wal`, `-shm` or `-journal` beside it) and its
    ///   directory must. On any failure nothing is left at `destination`.
    ///
    /// `progress` is called on the calling thread after every step and at each phase change.
    public func backup(
        to destination: String,
        pagesPerStep: Int32 = CaseStore.defaultBackupPagesPerStep,
        progress: (CaseStoreBackupProgress) -> Void = { _ in }
    ) throws -> CaseStoreBackup {
        let staging = try BackupStaging.prepare(destination: destination)
        do {
            let snapshot = try copySnapshot(to: staging.stagedPath, pagesPerStep: pagesPerStep, progress: progress)
            progress(CaseStoreBackupProgress(phase: .verifying, pagesCopied: snapshot.pages, pagesTotal: snapshot.pages))
            var backup = try BackupVerification.adopt(copyAt: staging.stagedPath, of: snapshot)
            try staging.publish()
            backup.path = destination
            backup.bytes = Self.fileSize(destination) ?? backup.bytes
            return backup
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Copies the pages of one snapshot, and notes what the source looked like in it.
    private func copySnapshot(
        to path: String, pagesPerStep: Int32, progress: (CaseStoreBackupProgress) -> Void
    ) throws -> BackupSnapshot {
        try database.read { connection in
            let reader = CaseStoreReader(connection: connection)
            // Read first: this pins the transaction's snapshot, which the copy then is.
            let digest = try reader.stateDigest()
            let versionVector = try reader.versionVector()
            let nodeID = try reader.meta("node_id")
            var pages: Int64 = 0
            try connection.backup(to: path, pagesPerStep: pagesPerStep) { step in
                pages = Int64(step.total)
                progress(CaseStoreBackupProgress(
                    phase: .copying, pagesCopied: Int64(step.total - step.remaining), pagesTotal: Int64(step.total)))
            }
            return BackupSnapshot(digest: digest, versionVector: versionVector, nodeID: nodeID, pages: pages)
        }
    }

    static func fileSize(_ path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }
}

/// What the source looked like at the snapshot a backup copied.
struct BackupSnapshot {
    var digest: StateDigest
    var versionVector: [String: Int64]
    var nodeID: String?
    var pages: Int64
}
