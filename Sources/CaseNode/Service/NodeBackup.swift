import CaseCore
import CaseStorage
import CaseSystem
import Dispatch
import Foundation
import Synchronization
import CaseSupport

/// Backs up this node's database while it serves (`POST /v1/admin/backup`), one backup at a
/// time, into a file of its backup directory (`--backup-dir`): the node process owns the
/// database, so the copy is made here, through SQLite's online backup API (see
/// `CaseStore.backup`). The admin names a file (`BackupFileName`), never a path, so a backup
/// can neither be written nor probe for files anywhere else on the machine.
///
/// Progress goes to the log (every tenth of the pages, and each phase) and to `activity`,
/// which `GET /v1/admin/backup/status` shows while the POST is still running.
public final class NodeBackup: Sendable {
    /// The directory every backup goes into, owner-only (checked at start and before each backup).
    public let directory: String
    private let store: CaseStore
    private let logger: Logger
    private let clock: any WallClock
    private let state = Mutex(BackupActivity())
    private let pagesPerStep: Int32
    /// Called after each progress report is recorded (tests look at the running backup there).
    private let observeProgress: @Sendable (CaseStoreBackupProgress) -> Void

    public convenience init(store: CaseStore, directory: String, logger: Logger, clock: any WallClock) {
        self.init(
            store: store, directory: directory, logger: logger, clock: clock, pagesPerStep: CaseStore.defaultBackupPagesPerStep
        ) { _ in }
    }

    init(
        store: CaseStore, directory: String, logger: Logger, clock: any WallClock, pagesPerStep: Int32,
        observeProgress: @escaping @Sendable (CaseStoreBackupProgress) -> Void
    ) {
        self.store = store
        self.directory = directory
        self.logger = logger
        self.clock = clock
        self.pagesPerStep = pagesPerStep
        self.observeProgress = observeProgress
    }

    /// The running backup, if any, and the last one that ended.
    public var activity: BackupActivity { state.withLock { $0 } }

    /// Makes a verified, identity-free copy of the database as `file` (a new file name, see
    /// `BackupFileName`) in the backup directory, and returns what it holds. Refuses a bad
    /// name with 400, an existing file with 409, and with 409 while another backup runs.
    public func run(file: String) throws(ServiceError) -> NodeBackupSummary {
        let path = try destination(of: file)
        try begin(path, file: file)
        let started = DispatchTime.now().uptimeNanoseconds
        logger.info("backup started", .field("path", path))
        var throttle = ProgressThrottle()
        do {
            let backup = try store.backup(to: path, pagesPerStep: pagesPerStep) { progress in
                state.withLock { $0.running?.progress = progress }
                observeProgress(progress)
                if throttle.shouldLog(progress) {
                    logger.info(
                        "backup progress", .safe("phase", progress.phase.rawValue), .safe("pages_copied", progress.pagesCopied),
                        .safe("pages_total", progress.pagesTotal))
                }
            }
            let summary = NodeBackupSummary(
                backup: backup, durationMs: Int64((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000))
            end(path, file: file, .succeeded(summary))
            logger.info(
                "backup finished", .field("path", path), .safe("bytes", backup.bytes), .safe("dossiers", backup.dossiers),
                .safe("events", backup.events), .safe("digest", backup.digest.hex), .safe("duration_ms", summary.durationMs))
            return summary
        } catch {
            let refusal = Self.serviceError(error)
            end(path, file: file, .failed(message: refusal.message))
            logger.warning("backup failed", .field("path", path), .error(error))
            throw refusal
        }
    }

    /// Where `file` goes, once the name and the backup directory pass. The directory is
    /// checked again here, not only at start: it may have been changed while the node ran.
    func destination(of file: String) throws(ServiceError) -> String {
        do {
            try BackupFileName.validate(file)
        } catch {
            throw Self.badFile(error)
        }
        do {
            try PrivateFilePermissions.check(path: directory, kind: .directory)
        } catch {
            throw Self.directoryUnusable("\(error)")
        }
        return (directory as NSString).appendingPathComponent(file)
    }

    /// 400: the request does not name a backup file the node may write.
    static func badFile(_ issue: ValidationIssue) -> ServiceError {
        ServiceError(httpStatus: 400, code: "bad_backup_file", message: issue.description)
    }

    /// 500: the backup directory is the node's configuration, not the caller's doing.
    static func directoryUnusable(_ reason: String) -> ServiceError {
        ServiceError(httpStatus: 500, code: "backup_directory_unusable", message: "the node's backup directory cannot be used: \(reason)")
    }

    private func begin(_ path: String, file: String) throws(ServiceError) {
        let now = Instant(millisecondsSinceEpoch: clock.nowMs())
        let busyWith: String? = state.withLock { activity in
            if let running = activity.running { return running.path }
            activity.running = BackupActivity.Running(path: path, file: file, startedAt: now, progress: nil)
            return nil
        }
        if let busyWith {
            throw ServiceError(
                httpStatus: 409, code: "backup_running",
                message: "a backup to \(busyWith) is already running on this node; wait for it (GET /v1/admin/backup/status) and retry")
        }
    }

    private func end(_ path: String, file: String, _ outcome: BackupActivity.Outcome) {
        let now = Instant(millisecondsSinceEpoch: clock.nowMs())
        state.withLock { activity in
            activity.running = nil
            activity.last = BackupActivity.Finished(path: path, file: file, finishedAt: now, outcome: outcome)
        }
    }

    static func serviceError(_ error: Error) -> ServiceError {
        guard let backupError = error as? CaseStoreBackupError else { return ServiceError.storage(error) }
        switch backupError {
        case .destinationExists:
            return ServiceError(httpStatus: 409, code: "backup_destination_exists", message: backupError.description)
        case .directoryMissing, .directoryNotWritable:
            return directoryUnusable(backupError.description)
        case .verificationFailed:
            return ServiceError(httpStatus: 500, code: "backup_verification_failed", message: backupError.description)
        case .cannotPublish:
            return ServiceError(httpStatus: 500, code: "backup_failed", message: backupError.description)
        }
    }
}

/// Decides which progress reports are worth a log line: each phase change and every tenth
/// of the pages, so a long backup logs a dozen lines, not one per step.
struct ProgressThrottle {
    private var lastPhase: CaseStoreBackupProgress.Phase?
    private var lastTenth: Int64 = -1

    mutating func shouldLog(_ progress: CaseStoreBackupProgress) -> Bool {
        let tenth = progress.pagesTotal > 0 ? progress.pagesCopied * 10 / progress.pagesTotal : 10
        defer {
            lastPhase = progress.phase
            lastTenth = tenth
        }
        return progress.phase != lastPhase || tenth > lastTenth
    }
}
