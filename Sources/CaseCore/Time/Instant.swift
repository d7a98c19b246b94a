/// The core's timestamp: milliseconds since 1970-01-01T00:00:00Z (UTC), as an integer.
///
/// The core never reads the clock; callers pass `Instant`s in. Integers (not `Date`) keep
/// arithmetic exact, hashing stable and the wire format trivial. Any `Int64` is accepted:
/// functions that turn an instant into a calendar date work over the whole range.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch, UTC; negative before 1970.
    public let millisecondsSinceEpoch: Int64

    /// Wraps a millisecond count. No range check: every `Int64` is a valid instant.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The Unix epoch, 1970-01-01T00:00:00Z.
    public static let epoch = Instant(millisecondsSinceEpoch: 0)

    /// This instant moved by `milliseconds` (negative moves back). Saturates at the ends of
    /// `Int64` instead of trapping, because inputs may come from other nodes.
    public func adding(milliseconds: Int64) -> Instant {
        let (sum, overflow) = millisecondsSinceEpoch.addingReportingOverflow(milliseconds)
        if overflow {
            return Instant(millisecondsSinceEpoch: milliseconds > 0 ? .max : .min)
        }
        return Instant(millisecondsSinceEpoch: sum)
    }

    /// Milliseconds from `earlier` to `self` (negative if `earlier` is later), saturating.
    public func milliseconds(since earlier: Instant) -> Int64 {
        let (difference, overflow) = millisecondsSinceEpoch.subtractingReportingOverflow(
            earlier.millisecondsSinceEpoch)
        if overflow {
            return earlier.millisecondsSinceEpoch < 0 ? .max : .min
        }
        return difference
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// ISO 8601 in Vietnam time, e.g. `2025-07-01T08:30:00.000+07:00`, for logs and messages.
    public var description: String { VietnamTime.iso8601(self) }
}
