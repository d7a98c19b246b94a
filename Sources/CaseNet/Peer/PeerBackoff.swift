/// Exponential back-off for one destination: after each consecutive failure
/// the wait doubles, from `initialMs` up to `maxMs`; a success resets it.
struct PeerBackoff: Sendable {
    let initialMs: Int
    let maxMs: Int
    private(set) var consecutiveFailures = 0
    private var nextDelayMs: Int

    init(initialMs: Int, maxMs: Int) {
        precondition(initialMs > 0 && maxMs >= initialMs, "back-off bounds must be positive and ordered")
        self.initialMs = initialMs
        self.maxMs = maxMs
        nextDelayMs = initialMs
    }

    /// Records a failure; returns how long to wait before the next try.
    mutating func failed() -> Int {
        let delay = nextDelayMs
        consecutiveFailures += 1
        nextDelayMs = min(maxMs, nextDelayMs * 2)
        return delay
    }

    mutating func succeeded() {
        consecutiveFailures = 0
        nextDelayMs = initialMs
    }

    /// Whether the latest failure is worth a log line: the first of a streak
    /// and then the 2nd, 4th, 8th… so a peer that stays down is reported
    /// ever more rarely instead of every few seconds.
    var shouldLogFailure: Bool {
        consecutiveFailures > 0 && consecutiveFailures & (consecutiveFailures - 1) == 0
    }
}
