/// The hybrid logical clock of one node (Kulkarni et al., 2014), pure: the
/// caller passes the wall-clock reading in, so simulations control time.
public struct HybridLogicalClock: Sendable {
    public private(set) var last: HLCTimestamp

    public init(last: HLCTimestamp = .zero) {
        self.last = last
    }

    /// A timestamp for a local event: greater than every timestamp issued or observed before.
    public mutating func tick(wallClockMs: Int64) -> HLCTimestamp {
        advance(to: wallClockMs, atLeast: last)
    }

    /// Takes a timestamp received from another node into account, so that
    /// everything this node does next sorts after what it has seen.
    public mutating func observe(_ remote: HLCTimestamp, wallClockMs: Int64) {
        if remote > last { last = remote }
        _ = advance(to: wallClockMs, atLeast: last)
    }

    private mutating func advance(to wallClockMs: Int64, atLeast floor: HLCTimestamp) -> HLCTimestamp {
        let next: HLCTimestamp
        if wallClockMs > floor.physicalMs {
            next = HLCTimestamp(physicalMs: wallClockMs, logical: 0)
        } else if floor.logical < HLCTimestamp.maxLogical {
            next = HLCTimestamp(physicalMs: floor.physicalMs, logical: floor.logical + 1)
        } else {
            // 65,536 events in one millisecond: borrow the next millisecond
            // rather than wrap, so the order is never violated.
            next = HLCTimestamp(physicalMs: floor.physicalMs + 1, logical: 0)
        }
        last = next
        return next
    }
}
