/// The public holidays of the Labour Code (Bộ luật Lao động 2019, Điều 112), computed for
/// a year: the default a centre follows until the government publishes that year's
/// official schedule, which then replaces it (`HolidayCalendar`).
///
/// ## The rule computed
///
/// - 1/1 (Tết Dương lịch); 30/4 and 1/5; Hùng Kings' day, 10/3 âm lịch.
/// - Tết âm lịch, 5 days. The law leaves the days to the government; computed here as the
///   last day of the old lunar year and the first four days of the new one, the usual
///   split; the government's announced break (often longer, by swapped days) replaces it.
/// - Quốc khánh: 2/9 and one adjacent day, chosen by the government each year; computed
///   here as 3/9 when 2/9 is a Monday or a Thursday (the pair then joins a weekend, as in
///   2021 and 2024) and 1/9 otherwise (as in 2022, 2023, 2025 and 2026).
/// - Điều 112(3): a holiday on a weekly rest day (Saturday, Sunday in state agencies) is
///   compensated on the next working day that is not itself a holiday.
///
/// What the rule cannot know, swaps decided yearly (a Friday off worked back on a
/// Saturday) and a longer Tết break, comes only from the official schedule.
public enum StatutoryHolidays {
    /// Years the rule is computed for: from 2021, when the 2019 Code took effect (the 2012
    /// Code gave one day at Quốc khánh), to the end of the century. Later years wait for
    /// the law of their time.
    public static let supportedYears: ClosedRange<Int> = 2021...2099

    /// Days of Tết: the last day of the old year and this many of the new one.
    static let tetDaysOfNewYear = 4

    /// The days off of `year`, sorted by date, compensatory days included.
    /// - Throws: `.yearNotSupported` outside `supportedYears`.
    public static func holidays(of year: Int) throws(HolidayRuleError) -> [HolidayCalendar.Entry] {
        guard supportedYears.contains(year) else { throw .yearNotSupported(year, supported: supportedYears) }
        let days = (fixedDays(of: year) + nationalDay(of: year) + lunarDays(of: year)).sorted { $0.date < $1.date }
        return (days + compensatoryDays(for: days)).sorted { $0.date < $1.date }
    }

    /// Saturdays and Sundays: the weekly rest of state agencies.
    static func isWeeklyRest(_ date: CivilDate) -> Bool { date.weekday >= 6 }

    private static func fixedDays(of year: Int) -> [HolidayCalendar.Entry] {
        [entry(year, 1, 1, "Tết Dương lịch"),
         entry(year, 4, 30, "Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)"),
         entry(year, 5, 1, "Ngày Quốc tế Lao động")]
    }

    private static func nationalDay(of year: Int) -> [HolidayCalendar.Entry] {
        let day = entry(year, 9, 2, "Quốc khánh")
        let joinsAWeekend = [1, 4].contains(day.date.weekday)
        let adjacent = joinsAWeekend
            ? entry(year, 9, 3, "Quốc khánh (ngày nghỉ liền sau 2/9)")
            : entry(year, 9, 1, "Quốc khánh (ngày nghỉ liền trước 2/9)")
        return [day, adjacent]
    }

    private static func lunarDays(of year: Int) -> [HolidayCalendar.Entry] {
        let name = VietnameseLunarCalendar.sexagenaryName(of: year)
        let newYear = lunar { () throws(LunarCalendarError) in try VietnameseLunarCalendar.newYear(of: year) }
        let eve = newYear.adding(days: -1)
        let eveDay = lunar { () throws(LunarCalendarError) in try VietnameseLunarCalendar.lunarDate(of: eve).day }
        let oldName = VietnameseLunarCalendar.sexagenaryName(of: year - 1)
        var days = [HolidayCalendar.Entry(date: eve, name: "Tết Nguyên đán \(name) (\(eveDay) tháng Chạp \(oldName))")]
        for day in 1...tetDaysOfNewYear {
            days.append(HolidayCalendar.Entry(
                date: newYear.adding(days: day - 1), name: "Tết Nguyên đán \(name) (mùng \(day) tháng Giêng \(name))"))
        }
        let hungKings = lunar { () throws(LunarCalendarError) in try VietnameseLunarCalendar.solarDate(of: year, month: 3, day: 10) }
        days.append(HolidayCalendar.Entry(date: hungKings, name: "Giỗ Tổ Hùng Vương (10 tháng 3 \(name))"))
        return days
    }

    /// Điều 112(3): each holiday on a rest day, in date order, gives the next weekday that is
    /// neither a holiday nor already given.
    private static func compensatoryDays(for days: [HolidayCalendar.Entry]) -> [HolidayCalendar.Entry] {
        var taken = Set(days.map(\.date))
        var result: [HolidayCalendar.Entry] = []
        for day in days where isWeeklyRest(day.date) {
            var next = day.date.adding(days: 1)
            while isWeeklyRest(next) || taken.contains(next) { next = next.adding(days: 1) }
            taken.insert(next)
            result.append(HolidayCalendar.Entry(
                date: next, name: "Nghỉ bù \(day.name) (trùng ngày nghỉ hằng tuần \(day.date.day)/\(day.date.month)/\(day.date.year))"))
        }
        return result
    }

    private static func entry(_ year: Int, _ month: Int, _ day: Int, _ name: String) -> HolidayCalendar.Entry {
        guard let date = CivilDate(year: year, month: month, day: day) else {
            preconditionFailure("a fixed holiday exists in every supported year: \(year)-\(month)-\(day)")
        }
        return HolidayCalendar.Entry(date: date, name: name)
    }

    /// A lunar computation for a supported year: those years lie inside the lunar calendar's
    /// range and ask only for days every year has (1/1, 10/3), so it cannot fail.
    private static func lunar<Value>(_ compute: () throws(LunarCalendarError) -> Value) -> Value {
        do {
            return try compute()
        } catch {
            preconditionFailure("the lunar calendar covers every supported year: \(error)")
        }
    }
}

/// Why the statutory holidays of a year were not computed.
public enum HolidayRuleError: Error, Equatable, Sendable, CustomStringConvertible {
    case yearNotSupported(Int, supported: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .yearNotSupported(let year, let supported):
            return "statutory holidays: \(year) is outside the years the Labour Code's rule is computed for (\(supported.lowerBound)...\(supported.upperBound))"
        }
    }
}
