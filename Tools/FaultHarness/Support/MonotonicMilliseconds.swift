#if canImport(Glibc)
import Glibc
#endif

/// Milliseconds since this value was made, on the monotonic clock, so that
/// the nemesis's own clock faults (and NTP) never bend the harness's timings.
public struct MonotonicMilliseconds: Sendable {
    private let startMs: Int

    public init() {
        startMs = Self.nowMs()
    }

    /// Milliseconds elapsed since `init`.
    public var elapsedMs: Int { Self.nowMs() - startMs }

    /// The monotonic clock now, in milliseconds.
    public static func nowMs() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int(time.tv_sec) * 1_000 + Int(time.tv_nsec) / 1_000_000
    }
}
