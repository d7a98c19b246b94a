#if canImport(Glibc)
import Glibc
#endif

/// A point on the monotonic clock, for timeouts that wall-clock jumps
/// (NTP corrections, an admin setting the date) must not stretch or cut.
struct Deadline: Sendable, Comparable {
    private let nanoseconds: UInt64

    private init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// The deadline `milliseconds` from now.
    static func after(ms milliseconds: Int) -> Deadline {
        Deadline(nanoseconds: monotonicNanoseconds() &+ UInt64(max(0, milliseconds)) &* 1_000_000)
    }

    /// This moment, e.g. when a connection was accepted, to count its allowances from.
    static var now: Deadline { .after(ms: 0) }

    /// The deadline `milliseconds` after this one.
    func adding(ms milliseconds: Int) -> Deadline {
        Deadline(nanoseconds: nanoseconds &+ UInt64(max(0, milliseconds)) &* 1_000_000)
    }

    static func < (lhs: Deadline, rhs: Deadline) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// Milliseconds left, rounded up so a poll never wakes just before the
    /// deadline and spins; zero once passed.
    var remainingMs: Int {
        let current = Self.monotonicNanoseconds()
        guard nanoseconds > current else { return 0 }
        return Int((nanoseconds - current + 999_999) / 1_000_000)
    }

    var hasPassed: Bool {
        Self.monotonicNanoseconds() >= nanoseconds
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
