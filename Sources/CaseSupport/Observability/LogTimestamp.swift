/// Formats log timestamps in Vietnam time: `2025-07-01T08:30:00.123+07:00`.
///
/// Vietnam has used UTC+07:00 without daylight saving since 1975, so a fixed offset is
/// exact for every date casestore will see, and needs no time-zone database.
public enum LogTimestamp {
    /// UTC+07:00 in milliseconds.
    public static let vietnamOffsetMs: Int64 = 7 * 3_600_000
    /// 0001-01-01T00:00:00.000+07:00: earlier instants are shown as this one, so the
    /// year always has four digits and a broken clock cannot break the log format.
    public static let earliestFormattedMs: Int64 = -62_135_622_000_000
    /// 9999-12-31T23:59:59.999+07:00: later instants are shown as this one.
    public static let latestFormattedMs: Int64 = 253_402_275_599_999

    private static let millisecondsPerDay: Int64 = 86_400_000

    /// The instant `millisecondsSinceEpoch` (Unix epoch, UTC) as Vietnam local time in
    /// RFC 3339 form with milliseconds.
    public static func format(millisecondsSinceEpoch: Int64) -> String {
        let clamped = min(max(millisecondsSinceEpoch, earliestFormattedMs), latestFormattedMs)
        let local = clamped + vietnamOffsetMs
        let days = floorDivide(local, millisecondsPerDay)
        let msOfDay = local - days * millisecondsPerDay
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
            + "T" + padded(msOfDay / 3_600_000, 2) + ":" + padded(msOfDay / 60_000 % 60, 2)
            + ":" + padded(msOfDay / 1_000 % 60, 2) + "." + padded(msOfDay % 1_000, 3) + "+07:00"
    }

    /// Year, month, day of the proleptic Gregorian calendar for a day count from
    /// 1970-01-01, by Howard Hinnant's `civil_from_days`, which works in 400-year eras
    /// so that leap years need no table.
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468 // days from 0000-03-01 to 1970-01-01
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivide(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        let quotient = dividend / divisor
        return (dividend % divisor < 0) ? quotient - 1 : quotient
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
