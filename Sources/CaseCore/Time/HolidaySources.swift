/// Where each year's days off come from, and the working calendar they make: a schedule
/// the cluster root published (`HolidaySchedule`) for its year; else the official schedule
/// of the node's holiday file (`holidays.json` or `--holidays`) for the file's official
/// years; else the Labour Code's computed days (`StatutoryHolidays`). Each source replaces
/// the ones after it for the whole year, make-up days included: a schedule is a year's
/// complete list (docs/holidays.md).
public struct HolidaySources: Sendable {
    public enum Source: String, Sendable {
        /// Signed by the cluster root and replicated (`casectl holidays publish`).
        case published
        /// The official years of the node's holiday file.
        case file
        /// The Labour Code's rule.
        case computed
    }

    public let file: HolidayCalendar
    public let published: HolidaySchedules

    public init(file: HolidayCalendar, published: HolidaySchedules = HolidaySchedules()) {
        self.file = file
        self.published = published
    }

    /// Where the days off of `year` come from; nil for a year the calendar does not cover.
    public func source(of year: Int) -> Source? {
        if published[year] != nil { return .published }
        if file.officialYears?.contains(year) == true { return .file }
        return file.coveredYears.contains(year) ? .computed : nil
    }

    /// The years whose days off are the government's (published or in the file), as one
    /// unbroken run: the run through the file's last official year, else the latest run.
    /// The warnings count down to its end, so a missing year after it is warned about even
    /// when a later year was published.
    public var officialYears: ClosedRange<Int>? {
        let years = Set(published.byYear.keys).union(file.officialYears.map(Array.init) ?? [])
        guard let anchor = file.officialYears?.upperBound ?? years.max() else { return nil }
        var first = anchor
        var last = anchor
        while years.contains(first - 1) { first -= 1 }
        while years.contains(last + 1) { last += 1 }
        return first...last
    }

    /// Published years lie within the rule's years, so they never widen what is covered.
    public var coverage: CalendarCoverage { CalendarCoverage(years: file.coveredYears, officialYears: officialYears) }

    /// The days off of every covered year, each year from its source.
    public var holidays: [HolidayCalendar.Entry] {
        file.allHolidays.filter { published[$0.date.year] == nil } + published.sorted.flatMap(\.holidays)
    }

    /// The make-up working days of every covered year, each year from its source.
    public var makeUpWorkingDays: [HolidayCalendar.Entry] {
        file.makeUpWorkingDays.filter { published[$0.date.year] == nil } + published.sorted.flatMap(\.makeUpWorkingDays)
    }

    /// A working calendar of every covered year, refusing due dates beyond `coverage`.
    public func workingCalendar(
        periods: [WorkingPeriod] = WorkingCalendar.defaultPeriods, workingWeekdays: Set<Int> = [1, 2, 3, 4, 5]
    ) throws(WorkingCalendarError) -> WorkingCalendar {
        try WorkingCalendar(
            periods: periods, holidays: Set(holidays.map(\.date)), workingWeekdays: workingWeekdays,
            extraWorkingDays: Set(makeUpWorkingDays.map(\.date)), coverage: coverage)
    }
}
