/// Which days a working calendar knows the days off of, and which of those follow the
/// government's published schedule rather than the Labour Code's computed default.
///
/// "Covered" means: every day from the first of January of the first year to the 31st of
/// December of the last year whose days off are known, by the rule (`StatutoryHolidays`)
/// or by the official schedule (`HolidayCalendar.officialYears`). A due date that needs
/// a day outside is refused (`DateOutsideCalendar`), never guessed.
public struct CalendarCoverage: Sendable, Hashable {
    /// How long before the end of coverage, or of the official schedule, the node warns:
    /// a quarter, time for the government's notice (usually published in the autumn) to be
    /// published by the cluster root (`HolidaySchedule`) or added to `holidays.json`.
    public static let warningDays: Int64 = 90

    /// Every day whose days off are known.
    public let dates: ClosedRange<CivilDate>
    /// The days whose days off are the government's published schedule; nil when none is loaded.
    public let officialDates: ClosedRange<CivilDate>?

    /// Whole years: `years` known, of which `officialYears` from the published schedule.
    public init(years: ClosedRange<Int>, officialYears: ClosedRange<Int>?) {
        dates = Self.wholeYears(years)
        officialDates = officialYears.map(Self.wholeYears)
    }

    public func contains(_ date: CivilDate) -> Bool { dates.contains(date) }

    /// Days from `today` to the last covered day (0 on that day, negative after it).
    public func daysLeft(from today: CivilDate) -> Int64 { dates.upperBound.days(since: today) }

    /// Days from `today` to the last day of the official schedule; nil without one.
    public func officialDaysLeft(from today: CivilDate) -> Int64? { officialDates.map { $0.upperBound.days(since: today) } }

    /// What an admin must act on, for `/healthz` and the log: the end of coverage, or of
    /// the official schedule, within `warningDays` of `today`, or no official schedule.
    public func warnings(on today: CivilDate) -> [String] {
        var warnings: [String] = []
        let left = daysLeft(from: today)
        if left < Self.warningDays {
            warnings.append(left < 0
                ? "holiday calendar: coverage ended on \(dates.upperBound); filings are refused until a calendar covering \(today.year) is installed"
                : "holiday calendar: coverage ends on \(dates.upperBound) (\(left) days); due dates after it are refused")
        }
        guard let officialDates, let officialLeft = officialDaysLeft(from: today) else {
            warnings.append("holiday calendar: no official schedule is loaded; every due date uses the Labour Code's computed default days off")
            return warnings
        }
        if officialLeft < Self.warningDays {
            let when = officialLeft < 0 ? "ended on \(officialDates.upperBound)" : "ends on \(officialDates.upperBound) (\(officialLeft) days)"
            warnings.append("holiday calendar: the official schedule \(when); later due dates use the Labour Code's computed default days off, without the government's swaps and make-up days: publish \(officialDates.upperBound.year + 1)'s official schedule (casectl holidays publish), or add it to holidays.json")
        }
        return warnings
    }

    private static func wholeYears(_ years: ClosedRange<Int>) -> ClosedRange<CivilDate> {
        guard let first = CivilDate(year: years.lowerBound, month: 1, day: 1),
              let last = CivilDate(year: years.upperBound, month: 12, day: 31) else {
            preconditionFailure("coverage years must lie in 1...9999, got \(years)")
        }
        return first...last
    }
}

/// A due date, or a span of working time, that needs a day the calendar does not cover.
public struct DateOutsideCalendar: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first day needed that is not covered.
    public let date: CivilDate
    public let coverage: ClosedRange<CivilDate>

    public init(date: CivilDate, coverage: ClosedRange<CivilDate>) {
        self.date = date
        self.coverage = coverage
    }

    public var description: String {
        "the holiday calendar covers \(coverage.lowerBound) to \(coverage.upperBound), not \(date): working time there cannot be computed; an admin adds that year's official schedule to holidays.json"
    }
}
