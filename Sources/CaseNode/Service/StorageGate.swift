import Synchronization
import CaseSupport
import CaseSQLite

/// Whether this node may write to, and serve from, its database right now.
///
/// Two conditions stop it. A database found damaged at run time (SQLITE_CORRUPT during a
/// write or a replication apply) is neither served nor replicated from again: damaged data
/// must not spread, and only a rebuild from peers repairs it. A node rebuilding from its
/// peers refuses local writes until it holds every event of its own origin that peers
/// report: its next sequence number continues after the highest it holds, and writing
/// earlier would reuse one.
public final class StorageGate: Sendable {
    /// What the gate allows.
    public enum Condition: Sendable, Equatable {
        case serving
        case rebuilding
        /// Damaged, with SQLite's reason.
        case corrupt(String)

        public var name: String {
            switch self {
            case .serving: return "ok"
            case .rebuilding: return "rebuilding"
            case .corrupt: return "corrupt"
            }
        }
    }

    private let state: Mutex<Condition>
    /// Held while a rebuild's completion is checked and finished, so it finishes once.
    private let rebuildLock = Mutex<(any RebuildMonitor)?>(nil)
    private let databasePath: String
    private let logger: Logger?

    /// A gate that allows everything (`rebuilding` false) or waits for a rebuild to finish.
    public init(databasePath: String = "the database", rebuilding: Bool = false, logger: Logger? = nil) {
        self.databasePath = databasePath
        self.logger = logger
        state = Mutex(rebuilding ? .rebuilding : .serving)
    }

    public var condition: Condition { state.withLock { $0 } }

    /// Sets what measures a rebuild's progress (the replication runtime, made after the service).
    public func monitorRebuild(with monitor: any RebuildMonitor) {
        rebuildLock.withLock { $0 = monitor }
    }

    /// Throws unless the database may be served (read or replicated from).
    public func checkServing() throws(ServiceError) {
        if case .corrupt(let reason) = condition { throw corruptError(reason) }
    }

    /// Throws unless the node may write an event of its own now; finishes a rebuild that has caught up.
    public func admitLocalWrite() throws(ServiceError) {
        switch condition {
        case .serving: return
        case .corrupt(let reason): throw corruptError(reason)
        case .rebuilding:
            if let refusal = finishRebuildIfCaughtUp() { throw refusal }
        }
    }

    /// Notes a storage failure (a damaged file stops the gate) and returns the answer for it.
    public func failure(_ error: any Error) -> ServiceError {
        note(error)
        if case .corrupt(let reason) = condition, (error as? SQLiteError)?.isCorrupt == true { return corruptError(reason) }
        return ServiceError.storage(error)
    }

    /// Stops serving if `error` says the database file is damaged.
    public func note(_ error: any Error) {
        guard let error = error as? SQLiteError, error.isCorrupt else { return }
        let first = state.withLock { condition -> Bool in
            if case .corrupt = condition { return false }
            condition = .corrupt(error.message)
            return true
        }
        if first {
            logger?.error(
                "the database is damaged: no longer serving or replicating it; stop the node and start it with --rebuild --join PEER",
                .safe("file", databasePath), .field("reason", error.description))
        }
    }

    /// The instruction every refusal of a damaged node carries.
    private func corruptError(_ reason: String) -> ServiceError {
        ServiceError(
            httpStatus: 503, code: "storage_corrupt",
            message: "the node's database \(databasePath) is damaged (\(reason)); this node no longer serves or replicates it. "
                + "Rebuild it from its peers: stop the node and start it again with the same --id and --data plus --rebuild --join PEER "
                + "(the damaged file is kept, renamed)")
    }

    /// nil once the rebuild is complete (and finished now), else the refusal to answer with.
    private func finishRebuildIfCaughtUp() -> ServiceError? {
        rebuildLock.withLock { monitor -> ServiceError? in
            guard condition == .rebuilding else { return nil }
            guard let monitor else { return Self.rebuildingError("replication is starting") }
            do {
                let progress = try monitor.progress()
                guard progress.isComplete else { return Self.rebuildingError(progress.summary) }
                try monitor.finish()
                state.withLock { if $0 == .rebuilding { $0 = .serving } }
                logger?.info("rebuild from peers complete: accepting filings and steps again", .safe("progress", progress.summary))
                return nil
            } catch {
                return Self.rebuildingError("its progress cannot be read: \(error)")
            }
        }
    }

    private static func rebuildingError(_ detail: String) -> ServiceError {
        ServiceError(
            httpStatus: 503, code: "rebuilding",
            message: "rebuilding from peers, \(detail); filings and steps are accepted once this node holds all its own earlier events")
    }
}
