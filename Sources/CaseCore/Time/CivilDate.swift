/// A calendar date with no time and no zone (proleptic Gregorian), e.g. a date of birth,
/// a holiday, or "the day a dossier was received in Vietnam".
///
/// Text form is ISO 8601 `YYYY-MM-DD`; parsing is strict (exactly that shape, real dates
/// only, years 0001–9999).
///
/// Dates computed by arithmetic (`adding(days:)`, `init(daysSinceEpoch:)`) may leave the
/// 0001–9999 range; they still compare and compute correctly, and `iso` writes them in the
/// ISO 8601 expanded form (`+10000-01-01`, `-0001-12-31`), which `init?(iso:)` refuses.
public struct CivilDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1 = January … 12 = December.
    public let month: Int
    /// 1 … 28/29/30/31.
    public let day: Int

    /// Years accepted from text and from `init?(year:month:day:)`: the four-digit years of
    /// ISO 8601 without expansion, more than any date of birth or dossier can need.
    public static let textYears: ClosedRange<Int> = 1...9999

    /// A validated date; nil when the month or day does not exist (2025-02-29, 2025-04-31)
    /// or the year is outside `textYears`.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.textYears.contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, hyphens, a real date). Nothing else is
    /// accepted: no whitespace, no time part, no `YYYYMMDD`, no single-digit fields.
    public init?(iso text: String) {
        let bytes = Array(text.utf8.prefix(11))
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = ASCIIDigits.value(bytes[0..<4]),
              let month = ASCIIDigits.value(bytes[5..<7]),
              let day = ASCIIDigits.value(bytes[8..<10]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `days` days after 1970-01-01 (negative: before). Works for any count.
    public init(daysSinceEpoch days: Int64) {
        // Howard Hinnant's civil_from_days: shift to an era starting 0000-03-01 so the leap
        // day is the last day of the shifted year, then split into 400-year eras.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        self.month = Int(month)
        self.day = Int(day)
    }

    /// Days from 1970-01-01 to this date (negative before).
    public var daysSinceEpoch: Int64 {
        // Howard Hinnant's days_from_civil, the inverse of init(daysSinceEpoch:).
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = Int64((month + 9) % 12)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ISO 8601 weekday: Monday = 1 … Sunday = 7.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        Int(FloorDivision.remainder(daysSinceEpoch + 3, 7)) + 1
    }

    /// The date `days` later (negative: earlier).
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    /// Whole days from `earlier` to this date (negative if `earlier` is later).
    public func days(since earlier: CivilDate) -> Int64 {
        daysSinceEpoch - earlier.daysSinceEpoch
    }

    /// `YYYY-MM-DD`; expanded form outside years 0000–9999 (see the type's notes).
    public var iso: String {
        let yearText: String
        if (0...9999).contains(year) {
            yearText = Self.zeroPadded(year, width: 4)
        } else {
            yearText = (year < 0 ? "-" : "+") + Self.zeroPadded(year.magnitude, width: 4)
        }
        return yearText + "-" + Self.zeroPadded(month, width: 2) + "-" + Self.zeroPadded(day, width: 2)
    }

    public var description: String { iso }

    /// Gregorian leap year rule.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days in `month` (1…12) of `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        precondition((1...12).contains(month), "month must be 1...12, got \(month)")
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func zeroPadded<Number: BinaryInteger>(_ value: Number, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
