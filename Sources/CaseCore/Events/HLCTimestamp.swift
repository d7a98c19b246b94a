/// A hybrid logical clock timestamp: wall-clock milliseconds in the high 48
/// bits, a logical counter in the low 16.
///
/// Why HLC: events from different centres must sort the same way on every
/// node (so derived state is identical), causally later events must sort
/// later even when clocks disagree, and the value must stay close to real
/// time so it can be shown to people as "when".
public struct HLCTimestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public static let logicalBits: UInt64 = 16
    public static let maxLogical: UInt64 = (1 << logicalBits) - 1
    public static let zero = HLCTimestamp(rawValue: 0)

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init(physicalMs: Int64, logical: UInt64) {
        precondition(physicalMs >= 0 && physicalMs < (1 << 47), "HLC physical time out of range: \(physicalMs)")
        precondition(logical <= Self.maxLogical, "HLC logical counter out of range: \(logical)")
        self.rawValue = (UInt64(physicalMs) << Self.logicalBits) | logical
    }

    /// Milliseconds since the Unix epoch.
    public var physicalMs: Int64 { Int64(rawValue >> Self.logicalBits) }
    public var logical: UInt64 { rawValue & Self.maxLogical }

    /// The wall-clock instant this timestamp stands for.
    public var instant: Instant { Instant(millisecondsSinceEpoch: physicalMs) }

    /// SQLite stores signed 64-bit integers; 47 bits of milliseconds keep the sign bit clear.
    public var storageValue: Int64 { Int64(bitPattern: rawValue) }

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "\(physicalMs).\(logical)" }
}
