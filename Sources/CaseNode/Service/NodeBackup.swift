import CaseCore
import CaseStorage
import Dispatch
import Synchronization
import CaseSupport

/// Backs up this node's database while it serves (`POST /v1/admin/backup`), one backup at a
/// time, into a file on the node's machine: the node process owns the database, so the copy
/// is made here, through SQLite's online backup API (see `CaseStore.backup`).
///
/// Progress goes to the log (every tenth of the pages, and each phase) and to `activity`,
/// which `GET /v1/admin/backup/status` shows while the POST is still running.
public final class NodeBackup: Sendable {
    /// The longest destination path accepted.
    /// Why 4,096 bytes: Linux's PATH_MAX; a longer path cannot be opened anyway.
    public static let maxPathBytes = 4_096

    private let store: CaseStore
    private let logger: Logger
    private let clock: any WallClock
    private let state = Mutex(BackupActivity())
    private let pagesPerStep: Int32
    /// Called after each progress report is recorded (tests look at the running backup there).
    private let observeProgress: @Sendable (CaseStoreBackupProgress) -> Void

    public convenience init(store: CaseStore, logger: Logger, clock: any WallClock) {
        self.init(store: store, logger: logger, clock: clock, pagesPerStep: CaseStore.defaultBackupPagesPerStep) { _ in }
    }

    init(
        store: CaseStore, logger: Logger, clock: any WallClock, pagesPerStep: Int32,
        observeProgress: @escaping @Sendable (CaseStoreBackupProgress) -> Void
    ) {
        self.store = store
        self.logger = logger
        self.clock = clock
        self.pagesPerStep = pagesPerStep
        self.observeProgress = observeProgress
    }

    /// The running backup, if any, and the last one that ended.
    public var activity: BackupActivity { state.withLock { $0 } }

    /// Makes a verified, identity-free copy of the database at `path` (absolute, on the node's
    /// machine, not existing yet, in an existing directory) and returns what it holds.
    /// Refuses with 409 while another backup runs.
    public func run(to path: String) throws(ServiceError) -> NodeBackupSummary {
        try Self.validate(path)
        try begin(path)
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
            end(path, .succeeded(summary))
            logger.info(
                "backup finished", .field("path", path), .safe("bytes", backup.bytes), .safe("dossiers", backup.dossiers),
                .safe("events", backup.events), .safe("digest", backup.digest.hex), .safe("duration_ms", summary.durationMs))
            return summary
        } catch {
            let refusal = Self.serviceError(error)
            end(path, .failed(message: refusal.message))
            logger.warning("backup failed", .field("path", path), .error(error))
            throw refusal
        }
    }

    private func begin(_ path: String) throws(ServiceError) {
        let now = Instant(millisecondsSinceEpoch: clock.nowMs())
        let busyWith: String? = state.withLock { activity in
            if let running = activity.running { return running.path }
            activity.running = BackupActivity.Running(path: path, startedAt: now, progress: nil)
            return nil
        }
        if let busyWith {
            throw ServiceError(
                httpStatus: 409, code: "backup_running",
                message: "a backup to \(busyWith) is already running on this node; wait for it (GET /v1/admin/backup/status) and retry")
        }
    }

    private func end(_ path: String, _ outcome: BackupActivity.Outcome) {
        let now = Instant(millisecondsSinceEpoch: clock.nowMs())
        state.withLock { activity in
            activity.running = nil
            activity.last = BackupActivity.Finished(path: path, finishedAt: now, outcome: outcome)
        }
    }

    /// The destination is a path on the node's machine, used as given: file names are bytes,
    /// so it is not NFC-normalised (that could name a different directory).
    static func validate(_ path: String) throws(ServiceError) {
        func refuse(_ message: String) -> ServiceError {
            ServiceError.invalid(ValidationIssue(field: "path", message: message))
        }
        guard path.utf8.count <= maxPathBytes else { throw refuse("is longer than \(maxPathBytes) bytes") }
        guard path.hasPrefix("/") else {
            throw refuse("must be an absolute path on the node's machine (the node writes the file), got '\(path)'")
        }
        guard !path.utf8.contains(0) else { throw refuse("must not contain a NUL character") }
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        guard !path.hasSuffix("/"), !name.isEmpty, name != ".", name != ".." else {
            throw refuse("must name a file, e.g. /var/backups/casestore-2026-11-21.sqlite, got '\(path)'")
        }
    }

    static func serviceError(_ error: Error) -> ServiceError {
        guard let backupError = error as? CaseStoreBackupError else { return ServiceError.storage(error) }
        switch backupError {
        case .destinationExists:
            return ServiceError(httpStatus: 409, code: "backup_destination_exists", message: backupError.description)
        case .directoryMissing, .directoryNotWritable:
            return ServiceError.invalid(ValidationIssue(field: "path", message: backupError.description))
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
