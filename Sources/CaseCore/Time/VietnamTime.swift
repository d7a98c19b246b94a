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
        guard (0...9999).contains(date.year) else { return date.iso + "T" + timeOfDay(ms) }
        // Written in place: every dossier saved formats several of these, and concatenating
        // a dozen small strings each time was a noticeable share of a node's CPU.
        return String(unsafeUninitializedCapacity: iso8601ByteCount) { buffer in
            var cursor = ASCIIDigitWriter(buffer: buffer)
            cursor.digits(Int64(date.year), width: 4, then: "-")
            cursor.digits(Int64(date.month), width: 2, then: "-")
            cursor.digits(Int64(date.day), width: 2, then: "T")
            cursor.digits(ms / 3_600_000, width: 2, then: ":")
            cursor.digits(ms / 60_000 % 60, width: 2, then: ":")
            cursor.digits(ms / 1_000 % 60, width: 2, then: ".")
            cursor.digits(ms % 1_000, width: 3, then: "+")
            cursor.digits(7, width: 2, then: ":")
            cursor.digits(0, width: 2, then: nil)
            return cursor.count
        }
    }

    /// `2025-07-01T08:30:00.000+07:00` is 29 bytes.
    static let iso8601ByteCount = 29

    /// `08:30:00.000+07:00` for a millisecond of the local day (years outside 0–9999 only).
    static func timeOfDay(_ ms: Int64) -> String {
        CivilDate.zeroPadded(ms / 3_600_000, width: 2)
            + ":" + CivilDate.zeroPadded(ms / 60_000 % 60, width: 2)
            + ":" + CivilDate.zeroPadded(ms / 1_000 % 60, width: 2)
            + "." + CivilDate.zeroPadded(ms % 1_000, width: 3) + "+07:00"
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
