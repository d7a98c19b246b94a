import Foundation

/// The Vietnamese lunisolar calendar (âm lịch), computed astronomically: the dates of Tết
/// and of Hùng Kings' day (10/3 âm lịch) for the statutory holidays.
///
/// ## The rules (as published by Hồ Ngọc Đức, "Thuật toán tính âm lịch")
///
/// 1. A lunar month starts on the local day that contains a new moon (điểm Sóc).
/// 2. The winter solstice (sun at 270°) always falls in month 11.
/// 3. Between two months 11 there are 12 months, or 13 in a leap year; then the first
///    month after month 11 that contains no major solar term (trung khí: the sun crossing a
///    multiple of 30°) is the leap month and repeats the number of the month before it.
/// 4. Days are reckoned at UTC+7, the meridian 105° E, since the North's decree of
///    8 August 1967 (the whole country since 1975). China reckons at UTC+8, which is why
///    Tết 1985 (21/1 in Vietnam, 20/2 in China) and Tết 2007 (17/2 against 18/2) differ.
///
/// New moons come from Meeus' series (Astronomical Formulae for Calculators, with the
/// ΔT correction to universal time); the sun's longitude from Meeus' low-accuracy solar
/// theory (Astronomical Algorithms, ch. 25). Both are accurate to minutes over
/// `supportedYears`, far inside a day, except on the rare day when a new moon falls
/// minutes from midnight; the tests pin every Tết the government has announced.
///
/// Days are handled as Julian day numbers (the day count astronomers use; JDN 2_440_588 is
/// 1970-01-01) so that the astronomy's formulas read as published.
public enum VietnameseLunarCalendar {
    /// Lunar years this calendar computes. The series are fitted to these centuries; a
    /// year outside is refused rather than computed with unknown error.
    public static let supportedYears: ClosedRange<Int> = 1900...2199

    /// Vietnam's reckoning: UTC+7.
    public static let vietnamUTCOffsetHours = 7.0

    /// A day of the lunar calendar.
    public struct LunarDate: Hashable, Sendable, CustomStringConvertible {
        /// The lunar year, named by the solar year in which its month 1 begins.
        public let year: Int
        /// 1 … 12; a leap month repeats the number of the month before it.
        public let month: Int
        /// 1 … 29 or 30.
        public let day: Int
        /// Whether `month` is the repeated (leap) month.
        public let isLeapMonth: Bool

        public var description: String {
            "\(day)/\(month)\(isLeapMonth ? " nhuận" : "")/\(year) âm lịch"
        }
    }

    /// 1 tháng Giêng (Tết Nguyên đán) of lunar `year`: the solar date of the lunar new year.
    public static func newYear(of year: Int, utcOffsetHours: Double = vietnamUTCOffsetHours) throws(LunarCalendarError) -> CivilDate {
        try solarDate(of: year, month: 1, day: 1, utcOffsetHours: utcOffsetHours)
    }

    /// The solar date of lunar `day`/`month` (of the leap month when `isLeapMonth`) of lunar `year`.
    /// - Throws: a year outside `supportedYears`, a month outside 1…12 or a day outside 1…30,
    ///   a leap month the year does not have, or day 30 of a 29-day month.
    public static func solarDate(
        of year: Int, month: Int, day: Int, isLeapMonth: Bool = false, utcOffsetHours: Double = vietnamUTCOffsetHours
    ) throws(LunarCalendarError) -> CivilDate {
        try checkSupported(year)
        guard (1...12).contains(month) else { throw .invalidMonth(month) }
        guard (1...30).contains(day) else { throw .invalidDay(day) }
        let zone = utcOffsetHours
        // Months 11 and 12 belong to the span that starts at this year's month 11.
        let spanStartYear = month >= 11 ? year : year - 1
        let month11 = month11Start(ofSolarYear: spanStartYear, zone)
        let nextMonth11 = month11Start(ofSolarYear: spanStartYear + 1, zone)
        var offset = (month - 11 + 12) % 12
        let leapOffset = leapMonthOffset(month11: month11, nextMonth11: nextMonth11, zone)
        if isLeapMonth, leapOffset.map({ monthNumber(atOffset: $0 - 1) }) != month {
            throw .noSuchLeapMonth(year: year, month: month)
        }
        if let leapOffset, isLeapMonth || offset >= leapOffset { offset += 1 }
        let lunation = lunationIndex(near: month11) + offset
        let start = newMoonDay(lunation, zone)
        let length = newMoonDay(lunation + 1, zone) - start
        guard day <= length else { throw .noSuchDay(year: year, month: month, day: day, monthLength: length) }
        return civilDate(julianDay: start + Int64(day) - 1)
    }

    /// The lunar date of solar `date`.
    /// - Throws: `.yearOutOfRange` when `date` lies outside the supported years.
    public static func lunarDate(of date: CivilDate, utcOffsetHours: Double = vietnamUTCOffsetHours) throws(LunarCalendarError) -> LunarDate {
        try checkSupported(date.year)
        let zone = utcOffsetHours
        let day = julianDay(of: date)
        var lunation = lunationIndex(near: day)
        if newMoonDay(lunation, zone) > day { lunation -= 1 }
        if newMoonDay(lunation + 1, zone) <= day { lunation += 1 }
        let monthStart = newMoonDay(lunation, zone)
        // The span between two months 11 that holds this month.
        var spanStartYear = date.year
        var month11 = month11Start(ofSolarYear: spanStartYear, zone)
        if month11 > monthStart {
            spanStartYear -= 1
            month11 = month11Start(ofSolarYear: spanStartYear, zone)
        }
        let nextMonth11 = month11Start(ofSolarYear: spanStartYear + 1, zone)
        var offset = lunation - lunationIndex(near: month11)
        var isLeap = false
        if let leapOffset = leapMonthOffset(month11: month11, nextMonth11: nextMonth11, zone), offset >= leapOffset {
            isLeap = offset == leapOffset
            offset -= 1
        }
        let month = monthNumber(atOffset: offset)
        // Months 11 and 12 (offsets 0 and 1) belong to the lunar year that began in
        // spanStartYear; later months to the next one.
        let year = offset < 2 ? spanStartYear : spanStartYear + 1
        return LunarDate(year: year, month: month, day: Int(day - monthStart) + 1, isLeapMonth: isLeap)
    }

    /// Can Chi name of a lunar year, e.g. "Bính Ngọ" for 2026: the name printed on calendars
    /// and in the government's holiday notices.
    public static func sexagenaryName(of year: Int) -> String {
        let stems = ["Canh", "Tân", "Nhâm", "Quý", "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ"]
        let branches = ["Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi"]
        // Year 0 (1 BC) would be Canh Thân; the lists start there so the index is the remainder.
        let stem = stems[Int(FloorDivision.remainder(Int64(year), 10))]
        let branch = branches[Int(FloorDivision.remainder(Int64(year), 12))]
        return stem + " " + branch
    }

    // MARK: - Calendar rules

    private static func checkSupported(_ year: Int) throws(LunarCalendarError) {
        guard supportedYears.contains(year) else { throw .yearOutOfRange(year, supported: supportedYears) }
    }

    /// The number of the month `offset` months after month 11, leap months not counted.
    private static func monthNumber(atOffset offset: Int) -> Int {
        (offset + 10) % 12 + 1
    }

    /// The first day of the month 11 that holds the winter solstice of solar `year`.
    static func month11Start(ofSolarYear year: Int, _ zone: Double) -> Int64 {
        // The new moon closest before 31 December starts month 11, unless the sun has
        // already passed 270° at that new moon: then the solstice fell in the month before.
        guard let december31 = CivilDate(year: year, month: 12, day: 31) else {
            preconditionFailure("month 11 is asked for supported years only, got \(year)")
        }
        let lastDay = julianDay(of: december31)
        let lunation = Int(floor((Double(lastDay) - firstNewMoonJulianDay) / synodicMonth))
        let start = newMoonDay(lunation, zone)
        return sunSector(atStartOf: start, zone) >= 9 ? newMoonDay(lunation - 1, zone) : start
    }

    /// Months after month 11 at which the leap month stands (1 … 12), or nil when the span
    /// from `month11` to `nextMonth11` has only 12 months.
    static func leapMonthOffset(month11: Int64, nextMonth11: Int64, _ zone: Double) -> Int? {
        guard nextMonth11 - month11 > 365 else { return nil }
        let first = lunationIndex(near: month11)
        // A month with no major term starts and ends in the same 30° sector of the sun.
        var sectorAtStart = sunSector(atStartOf: newMoonDay(first + 1, zone), zone)
        for offset in 1...12 {
            let sectorAtEnd = sunSector(atStartOf: newMoonDay(first + offset + 1, zone), zone)
            if sectorAtEnd == sectorAtStart { return offset }
            sectorAtStart = sectorAtEnd
        }
        return 12
    }

    // MARK: - Astronomy

    /// Mean length of a lunation in days.
    static let synodicMonth = 29.530588853
    /// The new moon of 1900-01-01 13:51 UT, lunation 0 of Meeus' series.
    static let firstNewMoonJulianDay = 2_415_021.076998695
    /// Julian day number of 1970-01-01.
    static let julianDayOfEpoch: Int64 = 2_440_588

    static func julianDay(of date: CivilDate) -> Int64 { date.daysSinceEpoch + julianDayOfEpoch }

    static func civilDate(julianDay: Int64) -> CivilDate { CivilDate(daysSinceEpoch: julianDay - julianDayOfEpoch) }

    /// The lunation number (0 = January 1900) of the new moon nearest `day`.
    static func lunationIndex(near day: Int64) -> Int {
        Int(floor((Double(day) - firstNewMoonJulianDay) / synodicMonth + 0.5))
    }

    /// The local day (Julian day number) that holds new moon number `lunation`.
    static func newMoonDay(_ lunation: Int, _ zone: Double) -> Int64 {
        Int64(floor(newMoonJulianDate(lunation) + 0.5 + zone / 24))
    }

    /// Which 30° sector (0 = 0°…30°, 9 = 270°…300°) the sun is in at local midnight
    /// starting `day`.
    static func sunSector(atStartOf day: Int64, _ zone: Double) -> Int {
        Int(floor(sunLongitudeDegrees(julianDate: Double(day) - 0.5 - zone / 24) / 30))
    }

    /// The instant (Julian date, universal time) of new moon number `lunation`: the mean
    /// lunation plus Meeus' periodic terms in the sun's and moon's anomalies and the moon's
    /// argument of latitude, minus ΔT.
    static func newMoonJulianDate(_ lunation: Int) -> Double {
        let k = Double(lunation)
        let t = k / 1236.85 // Julian centuries from 1900
        let t2 = t * t, t3 = t2 * t
        let mean = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
            + 0.00033 * sine(degrees: 166.56 + 132.87 * t - 0.009173 * t2)
        let sun = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let moon = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let latitude = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        // (amplitude, multiples of the sun's anomaly, the moon's anomaly, the latitude argument)
        let terms: [(Double, Double, Double, Double)] = [
            (0.1734 - 0.000393 * t, 1, 0, 0), (0.0021, 2, 0, 0),
            (-0.4068, 0, 1, 0), (0.0161, 0, 2, 0), (-0.0004, 0, 3, 0),
            (0.0104, 0, 0, 2), (-0.0051, 1, 1, 0), (-0.0074, 1, -1, 0),
            (0.0004, 1, 0, 2), (-0.0004, -1, 0, 2), (-0.0006, 0, 1, 2),
            (0.0010, 0, -1, 2), (0.0005, 1, 2, 0),
        ]
        let correction = terms.reduce(0.0) { sum, term in
            sum + term.0 * sine(degrees: term.1 * sun + term.2 * moon + term.3 * latitude)
        }
        return mean + correction - deltaTDays(t)
    }

    /// ΔT (terrestrial minus universal time) in days, Meeus' fit; `t` in centuries from 1900.
    private static func deltaTDays(_ t: Double) -> Double {
        let t2 = t * t, t3 = t2 * t
        if t < -11 {
            return 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
        }
        return -0.000278 + 0.000265 * t + 0.000262 * t2
    }

    /// The sun's apparent longitude in degrees, 0 ..< 360, at Julian date `julianDate`.
    static func sunLongitudeDegrees(julianDate: Double) -> Double {
        let t = (julianDate - 2_451_545.0) / 36_525 // Julian centuries from J2000
        let t2 = t * t
        let anomaly = 357.52911 + 35_999.05029 * t - 0.0001537 * t2
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t2
        let centre = (1.914602 - 0.004817 * t - 0.000014 * t2) * sine(degrees: anomaly)
            + (0.019993 - 0.000101 * t) * sine(degrees: 2 * anomaly) + 0.000289 * sine(degrees: 3 * anomaly)
        let node = 125.04 - 1_934.136 * t
        // Apparent, not geometric: aberration and nutation move the sun by ~0.006°.
        let apparent = meanLongitude + centre - 0.00569 - 0.00478 * sine(degrees: node)
        let reduced = apparent.truncatingRemainder(dividingBy: 360)
        return reduced < 0 ? reduced + 360 : reduced
    }

    private static func sine(degrees: Double) -> Double { sin(degrees * .pi / 180) }
}
