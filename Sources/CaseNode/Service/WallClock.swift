import Foundation

/// The node's only source of wall-clock time, so that tests and the fault
/// harness can move time by hand.
public protocol WallClock: Sendable {
    func nowMs() -> Int64
}

/// The system clock, optionally shifted (a debug setting for clock-skew tests).
public struct SystemClock: WallClock {
    public let offsetMs: Int64

    public init(offsetMs: Int64 = 0) {
        self.offsetMs = offsetMs
    }

    public func nowMs() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000 + offsetMs
    }
}
