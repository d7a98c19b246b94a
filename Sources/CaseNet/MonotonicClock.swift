#if canImport(Glibc)
import Glibc
#endif

/// Milliseconds on the monotonic clock, for back-off times and log throttling that wall-clock
/// jumps must not stretch or cut.
enum MonotonicClock {
    static func nowMs() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000 + UInt64(time.tv_nsec) / 1_000_000
    }
}
