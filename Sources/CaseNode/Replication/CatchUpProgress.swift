import CaseCore

/// Logs, every few seconds, how far a node that lacks events is from holding
/// everything known to exist (a restarted or new node catching up), and
/// storage errors met by replication. Owned by the replication queue.
struct CatchUpProgress {
    /// Often enough to watch a bootstrap, rarely enough not to flood the log.
    static let intervalMs: Int64 = 5_000

    private var nextReportAtMs: Int64 = 0
    private var wasBehind = false
    private var reportedStorageErrors: Int64 = 0
    private var reportedTokenRefusals: Int64 = 0

    mutating func report(node: ReplicationNode, nowMs: Int64, logger: Logger) {
        guard nowMs >= nextReportAtMs else { return }
        nextReportAtMs = nowMs + Self.intervalMs
        reportStorageErrors(node.statistics, logger: logger)
        reportTokenRefusals(node.statistics, logger: logger)
        let held = node.versionVector
        let known = node.members.compactMap(\.versionVector).reduce(held) { $0.merged(with: $1) }
        let missing = held.missingCount(comparedTo: known)
        if missing > 0 {
            let percent = known.total == 0 ? 100 : Int(Double(held.total) * 100 / Double(known.total))
            logger.info(
                "catching up", .safe("held", held.total), .safe("known", known.total), .safe("missing", missing),
                .safe("percent", percent))
            wasBehind = true
        } else if wasBehind {
            logger.info("caught up", .safe("held", held.total))
            wasBehind = false
        }
    }

    private mutating func reportStorageErrors(_ statistics: ReplicationStatistics, logger: Logger) {
        guard statistics.storageErrors > reportedStorageErrors else { return }
        logger.error(
            "replication storage errors", .safe("count", statistics.storageErrors - reportedStorageErrors),
            .field("last", statistics.lastStorageError ?? "unknown"))
        reportedStorageErrors = statistics.storageErrors
    }

    /// Throttled like storage errors: a peer sending bad records every round must not flood the log.
    private mutating func reportTokenRefusals(_ statistics: ReplicationStatistics, logger: Logger) {
        guard statistics.tokenRecordsRefused > reportedTokenRefusals else { return }
        logger.warning(
            "token records from peers refused; none of each batch applied", .safe("count", statistics.tokenRecordsRefused - reportedTokenRefusals),
            .field("last", statistics.lastTokenRefusal ?? "unknown"))
        reportedTokenRefusals = statistics.tokenRecordsRefused
    }
}
