import CaseCore
import CaseStorage

/// What this node's backups are doing: the one running, if any, and how the last one ended
/// (`GET /v1/admin/backup/status`).
public struct BackupActivity: Sendable {
    /// A backup in progress.
    public struct Running: Sendable {
        /// Where the copy goes on the node's machine: `file` in the backup directory.
        public var path: String
        /// The file name the admin gave.
        public var file: String
        public var startedAt: Instant
        /// nil until the first copy step has reported.
        public var progress: CaseStoreBackupProgress?
    }

    /// How a finished backup ended.
    public enum Outcome: Sendable {
        case succeeded(NodeBackupSummary)
        case failed(message: String)
    }

    /// The last backup that ended since the node started.
    public struct Finished: Sendable {
        public var path: String
        public var file: String
        public var finishedAt: Instant
        public var outcome: Outcome
    }

    public var running: Running?
    public var last: Finished?
}

/// What `POST /v1/admin/backup` answers: the verified copy and how long it took.
public struct NodeBackupSummary: Sendable, Equatable {
    public var backup: CaseStoreBackup
    public var durationMs: Int64
}
