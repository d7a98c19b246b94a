import CaseSupport
import CaseReplication

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
        if let count = Self.newSince(&reportedStorageErrors, total: statistics.storageErrors) {
            logger.error("replication storage errors", .safe("count", count), .field("last", statistics.lastStorageError ?? "unknown"))
        }
    }

    /// Throttled like storage errors: a peer sending bad records every round must not flood the log.
    private mutating func reportTokenRefusals(_ statistics: ReplicationStatistics, logger: Logger) {
        if let count = Self.newSince(&reportedTokenRefusals, total: statistics.tokenRecordsRefused) {
            logger.warning(
                "token records from peers refused (each alone: a bad signature, a signer without the authority, or a record this mode does not take)", .safe("count", count),
                .field("last", statistics.lastTokenRefusal ?? "unknown"))
        }
    }

    /// How many more than `reported` a counter at `total` has seen, if any; `reported` catches up.
    private static func newSince(_ reported: inout Int64, total: Int64) -> Int64? {
        guard total > reported else { return nil }
        defer { reported = total }
        return total - reported
    }
}
