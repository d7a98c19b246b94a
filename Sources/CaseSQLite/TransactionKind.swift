/// How a transaction takes its locks (SQLite's `BEGIN DEFERRED | IMMEDIATE | EXCLUSIVE`).
public enum TransactionKind: Sendable {
    /// Locks are taken at the first read or write. A deferred transaction that later writes can
    /// fail with SQLITE_BUSY half-way, so use it only for reads.
    case deferred
    /// The write lock is taken at BEGIN: a busy database fails (or waits) before any work is
    /// done. The default for writes.
    case immediate
    /// Like immediate; in WAL mode SQLite treats the two the same.
    case exclusive

    var beginSQL: String {
        switch self {
        case .deferred: return "BEGIN DEFERRED TRANSACTION"
        case .immediate: return "BEGIN IMMEDIATE TRANSACTION"
        case .exclusive: return "BEGIN EXCLUSIVE TRANSACTION"
        }
    }
}
