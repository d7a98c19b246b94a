import Synchronization

/// Logs the 1st, 2nd, 4th, 8th… refusal per key (an origin whose events arrive
/// unvouched for), so a peer that keeps sending forged events cannot fill the disk with
/// log lines, while the first ones, and the growing count, are always seen.
final class RefusalLogThrottle: Sendable {
    /// Keys tracked at once. Why 4,096: more than the origins of a province, and a few
    /// hundred KB at most; beyond it the counts start again, which only logs more.
    static let maxKeys = 4_096
    private let counts = Mutex<[String: Int]>([:])

    /// The occurrence number when this one should be logged, nil when it should not.
    func shouldLog(_ key: String) -> Int? {
        counts.withLock { counts in
            if counts.count >= Self.maxKeys, counts[key] == nil { counts.removeAll() }
            let occurrence = (counts[key] ?? 0) + 1
            counts[key] = occurrence
            return occurrence & (occurrence - 1) == 0 ? occurrence : nil
        }
    }
}
