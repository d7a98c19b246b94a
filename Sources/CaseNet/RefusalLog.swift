import CaseSupport
import Synchronization

/// Log lines about clients that have not authenticated, throttled per kind and client
/// address by `RefusalLogThrottle`: the 1st, 2nd, 4th, 8th… of each get a line, with the
/// count so far, so a client refused thousands of times a second costs a handful of lines.
/// Counting in metrics is the caller's, and covers every refusal.
final class RefusalLog: Sendable {
    private let throttle: Mutex<RefusalLogThrottle>
    private let log: @Sendable (String) -> Void

    init(log: @escaping @Sendable (String) -> Void, throttle: RefusalLogThrottle = RefusalLogThrottle()) {
        self.log = log
        self.throttle = Mutex(throttle)
    }

    /// Counts one refusal of `kind` (a literal naming the refusal, e.g. "silent") from
    /// `host` (`TCPConnection.remoteHost`) and logs `message`, built only then, when the
    /// throttle lets it through.
    func refused(_ kind: String, from host: String, _ message: @autoclosure () -> String) {
        let nowMs = Int64(MonotonicClock.nowMs())
        guard let occurrence = throttle.withLock({ $0.record(kind: kind, address: host, nowMs: nowMs) }) else { return }
        log("\(message()) \(Self.tally(occurrence, host: host))")
    }

    /// "[1st such from 10.0.0.7; …]": what an operator needs to read a throttled line.
    static func tally(_ occurrence: RefusalLogThrottle.Occurrence, host: String) -> String {
        let source = occurrence.isPooled ? "addresses beyond those tracked" : host
        return "[\(occurrence.count) so far from \(source); logged at the 1st, 2nd, 4th, 8th… of each kind and address]"
    }
}
