import Glibc

/// Monotonic time for measurements (CLOCK_MONOTONIC: never jumps with NTP).
public struct Stopwatch: Sendable {
    private let startNs: UInt64

    public init() { startNs = Self.nowNs() }

    public var elapsedSeconds: Double { Double(Self.nowNs() - startNs) / 1e9 }
    public var elapsedMs: Double { Double(Self.nowNs() - startNs) / 1e6 }

    public static func nowNs() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
