/// A span of working time within a local (Vietnam) day, in minutes after midnight:
/// `[startMinute, endMinute)`. 07:00–11:30 is `WorkingPeriod(startMinute: 420, endMinute: 690)`.
///
/// Any values can be constructed; `WorkingCalendar.init` is where periods are
/// checked, so a bad configuration is reported once with a clear message.
public struct WorkingPeriod: Sendable, Hashable, CustomStringConvertible {
    /// Minutes after local midnight when work starts, 0…1439.
    public let startMinute: Int
    /// Minutes after local midnight when work stops, after `startMinute`, at most 1440.
    public let endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Convenience for configuration: `WorkingPeriod(from: (7, 0), to: (11, 30))`.
    public init(from start: (hour: Int, minute: Int), to end: (hour: Int, minute: Int)) {
        self.init(startMinute: start.hour * 60 + start.minute, endMinute: end.hour * 60 + end.minute)
    }

    /// Length of the period in minutes (negative if the period is invalid).
    public var durationMinutes: Int { endMinute - startMinute }

    /// `07:00–11:30`.
    public var description: String {
        Self.clock(startMinute) + "–" + Self.clock(endMinute)
    }

    private static func clock(_ minute: Int) -> String {
        CivilDate.zeroPadded(minute / 60, width: 2) + ":" + CivilDate.zeroPadded(minute % 60, width: 2)
    }
}
