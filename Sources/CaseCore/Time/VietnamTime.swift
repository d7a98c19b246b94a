/// Local time in Vietnam (IANA zone `Asia/Ho_Chi_Minh`).
///
/// Vietnam has used UTC+07:00 with no daylight saving since 1975, so a fixed offset is exact
/// for every instant this system records and no time-zone database is needed (nor read).
/// Instants before 1975 are also shown at +07:00; none of our data is that old.
public enum VietnamTime {
    /// UTC+07:00.
    public static let utcOffsetSeconds = 25_200

    static let millisecondsPerDay: Int64 = 86_400_000
    static let millisecondsPerMinute: Int64 = 60_000
    static let minutesPerDay = 1_440
    static let utcOffsetMilliseconds = Int64(utcOffsetSeconds) * 1_000

    /// The calendar date in Vietnam at `instant`.
    public static func civilDate(of instant: Instant) -> CivilDate {
        CivilDate(daysSinceEpoch: localDayAndMillisecond(of: instant).day)
    }

    /// Minutes since local midnight in Vietnam at `instant`: 0…1439.
    public static func minuteOfDay(of instant: Instant) -> Int {
        Int(localDayAndMillisecond(of: instant).millisecond / millisecondsPerMinute)
    }

    /// The instant at `minuteOfDay` minutes after local midnight of `date` in Vietnam.
    /// `minuteOfDay` may be 0…1440; 1440 is the next midnight (the end of a day).
    /// Saturates at the ends of `Int64` for dates tens of millions of years away.
    public static func instant(date: CivilDate, minuteOfDay: Int) -> Instant {
        precondition((0...minutesPerDay).contains(minuteOfDay),
                     "minuteOfDay must be 0...1440, got \(minuteOfDay)")
        return instant(localDay: date.daysSinceEpoch,
                       millisecondOfDay: Int64(minuteOfDay) * millisecondsPerMinute)
    }

    /// ISO 8601 / RFC 3339 in Vietnam time with milliseconds: `2025-07-01T08:30:00.000+07:00`.
    public static func iso8601(_ instant: Instant) -> String {
        let local = localDayAndMillisecond(of: instant)
        let date = CivilDate(daysSinceEpoch: local.day)
        let ms = local.millisecond
        let hours = ms / 3_600_000
        let minutes = ms / 60_000 % 60
        let seconds = ms / 1_000 % 60
        let millis = ms % 1_000
        return date.iso + "T" + CivilDate.zeroPadded(hours, width: 2)
            + ":" + CivilDate.zeroPadded(minutes, width: 2)
            + ":" + CivilDate.zeroPadded(seconds, width: 2)
            + "." + CivilDate.zeroPadded(millis, width: 3) + "+07:00"
    }

    /// Parses an RFC 3339 timestamp with any offset: `2025-07-01T08:30:00+07:00`,
    /// `2025-07-01T01:30:00Z`, `2025-07-01T08:30:00.123456+07:00`. Rules in `ISO8601Parser`.
    public static func parseISO8601(_ text: String) -> Instant? {
        ISO8601Parser.parse(text)
    }

    /// Splits an instant into a local (Vietnam) day number since 1970-01-01 and the
    /// millisecond within that day, without overflowing for any `Int64`.
    static func localDayAndMillisecond(of instant: Instant) -> (day: Int64, millisecond: Int64) {
        // Divide first, then add the offset to the small remainder: adding 7 h to the raw
        // millisecond count could overflow near Int64.max.
        var day = FloorDivision.quotient(instant.millisecondsSinceEpoch, millisecondsPerDay)
        var millisecond = FloorDivision.remainder(instant.millisecondsSinceEpoch, millisecondsPerDay)
            + utcOffsetMilliseconds
        if millisecond >= millisecondsPerDay {
            day += 1
            millisecond -= millisecondsPerDay
        }
        return (day, millisecond)
    }

    /// The instant at `millisecondOfDay` (0…86_400_000) of local day `localDay`, saturating.
    static func instant(localDay: Int64, millisecondOfDay: Int64) -> Instant {
        let (dayStart, overflow) = localDay.multipliedReportingOverflow(by: millisecondsPerDay)
        if overflow {
            return Instant(millisecondsSinceEpoch: localDay > 0 ? .max : .min)
        }
        return Instant(millisecondsSinceEpoch: dayStart)
            .adding(milliseconds: millisecondOfDay - utcOffsetMilliseconds)
    }
}
