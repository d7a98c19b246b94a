import CaseCore

/// Things `SQLiteReplicaLog.apply` noticed that a correct cluster never produces.
public struct ReplicaLogAnomalies: Equatable, Sendable {
    /// Received events whose identity was already held with different content (kept as stored).
    public var divergentDuplicates: Int64 = 0
    /// The most recent of them, to name in a log line.
    public var lastDivergentDuplicate: EventID?
    /// Runs of received events dropped because no valid signature vouched for them.
    public var refusedRuns: Int64 = 0

    public init() {}
}
