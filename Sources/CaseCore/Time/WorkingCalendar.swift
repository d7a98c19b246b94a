/// Working time in a Vietnamese public-service centre: which days are working days and
/// which minutes of those days count, and due dates computed in working time.
///
/// ## Conventions (what the integrator must know)
///
/// - Times are local Vietnam time (UTC+07:00, see `VietnamTime`).
/// - A working day is a day in `extraWorkingDays` (a make-up Saturday announced with a
///   holiday swap), or else a day whose weekday is in `workingWeekdays` and that is not in
///   `holidays`.
/// - Only the minutes inside `periods` of working days count; each period is half-open,
///   `[start, end)`. Default: 07:00–11:30 and 13:30–17:00, 8 working hours a day.
/// - `addingWorkingTime(d, to: t)` is the EARLIEST instant `u ≥ t` such that the working time
///   in `[t, u)` is `d`. Consequences:
///     - a start outside working hours (lunch, night, weekend, holiday) effectively starts at
///       the next working moment;
///     - when the time runs out exactly at the end of a period the answer is that end
///       (17:00), never the next morning's 07:00;
///     - adding 0 returns `t` itself.
/// - `dueDate(receivedAt:workingDays:)` adds `workingDays` × `workingMillisPerDay`. With the
///   default hours, 1 working day after Monday 09:00 is Tuesday 09:00; after Friday 17:30
///   (after closing) it is Monday 17:00; after 12:00 (lunch) it is the next day 11:30.
/// - `workingTime(from:to:)` counts the working milliseconds in `[from, to)`, so
///   `workingTime(from: t, to: addingWorkingTime(d, to: t)) == d`. A paused clock (waiting
///   for a supplement) is handled by the caller: remaining = limit − working time used, then
///   `addingWorkingTime(remaining, to: resumedAt)`.
/// - A calendar with a `coverage` knows the days off of those dates only: any computation
///   that needs a day outside throws `DateOutsideCalendar` rather than count that day as
///   an ordinary weekday. A calendar without one (tests, a simulation's office) claims
///   every day.
///
/// ## Bounds
///
/// `addingWorkingTime` scans at most `maxScanDays + 1` days. The initializer guarantees that
/// is always enough: any 3,660 consecutive days hold 522 whole weeks, so at least
/// 522 × (number of working weekdays) working weekdays, of which at most the number of
/// holidays on working weekdays are lost; `init` refuses calendars where that could leave
/// fewer than `maxWorkingDays`, and callers may add at most `maxWorkingDays` working days.
/// `workingTime(from:to:)` does not scan day by day at all: it counts whole weeks and looks
/// the exceptions up by binary search, so any span is cheap.
public struct WorkingCalendar: Sendable {
    /// 07:00–11:30 and 13:30–17:00, the usual office hours of state agencies.
    public static let defaultPeriods = [
        WorkingPeriod(startMinute: 7 * 60, endMinute: 11 * 60 + 30),
        WorkingPeriod(startMinute: 13 * 60 + 30, endMinute: 17 * 60),
    ]

    /// The longest day scan of `addingWorkingTime`: ten years plus slack. No statutory time
    /// limit comes close, and the scan must end even for a calendar full of holidays.
    public static let maxScanDays = 3_660

    /// The most working time that may be added at once, in working days. Statutory limits of
    /// commune procedures are days or weeks; a year of working days covers any limit plus
    /// extensions granted by apology, and keeps the scan within `maxScanDays`.
    public static let maxWorkingDays = 365

    /// Periods per day: a shift pattern of half-hour slots is 48; more is a configuration
    /// error, not a working day.
    public static let maxPeriodsPerDay = 48

    /// Whole weeks in any window of `maxScanDays` consecutive days.
    static let wholeWeeksInScan = maxScanDays / 7

    /// Working periods of a working day, sorted and non-overlapping.
    public let periods: [WorkingPeriod]
    /// Days off on what would be working weekdays (public holidays, swapped days).
    public let holidays: Set<CivilDate>
    /// Working days on what would be days off (make-up Saturdays of a holiday swap).
    public let extraWorkingDays: Set<CivilDate>
    /// ISO weekdays worked: 1 = Monday … 7 = Sunday.
    public let workingWeekdays: Set<Int>
    /// The dates whose days off `holidays` and `extraWorkingDays` describe; nil: every date.
    public let coverage: CalendarCoverage?

    /// Local day numbers (days since 1970-01-01) of holidays on working weekdays, sorted:
    /// the days `workingTime` must subtract from its whole-week count.
    private let lostDays: [Int64]
    /// Local day numbers of extra working days on non-working weekdays, sorted: the days it
    /// must add.
    private let gainedDays: [Int64]

    /// Checks and builds a calendar.
    /// - Throws: `WorkingCalendarError` if the periods are empty, out of the day, empty,
    ///   unsorted or overlapping; if the weekdays are empty or not 1…7; if a day is both a
    ///   holiday and an extra working day; or if so many holidays fall on working weekdays
    ///   that `maxWorkingDays` might not fit in `maxScanDays` (see the type's notes).
    public init(
        periods: [WorkingPeriod] = WorkingCalendar.defaultPeriods,
        holidays: Set<CivilDate>,
        workingWeekdays: Set<Int> = [1, 2, 3, 4, 5],
        extraWorkingDays: Set<CivilDate> = [],
        coverage: CalendarCoverage? = nil
    ) throws(WorkingCalendarError) {
        try Self.validate(periods: periods)
        try Self.validate(workingWeekdays: workingWeekdays)
        if let clash = holidays.intersection(extraWorkingDays).min() {
            throw .holidayIsAlsoExtraWorkingDay(clash)
        }
        let lost = holidays.filter { workingWeekdays.contains($0.weekday) }
        let maxLost = Self.wholeWeeksInScan * workingWeekdays.count - Self.maxWorkingDays
        guard lost.count <= maxLost else {
            throw .tooManyHolidays(onWorkingWeekdays: lost.count, max: max(0, maxLost))
        }
        self.periods = periods
        self.holidays = holidays
        self.extraWorkingDays = extraWorkingDays
        self.workingWeekdays = workingWeekdays
        self.coverage = coverage
        self.lostDays = lost.map(\.daysSinceEpoch).sorted()
        self.gainedDays = extraWorkingDays.filter { !workingWeekdays.contains($0.weekday) }
            .map(\.daysSinceEpoch).sorted()
    }

    /// Whether `date` is a working day (see the type's notes). A plain lookup: it does not
    /// check `coverage`, the computations of working time do.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if extraWorkingDays.contains(date) { return true }
        return workingWeekdays.contains(date.weekday) && !holidays.contains(date)
    }

    /// Working milliseconds in one working day: 8 h = 28,800,000 with the default periods.
    public var workingMillisPerDay: Int64 {
        periods.reduce(0) { $0 + Int64($1.durationMinutes) } * VietnamTime.millisecondsPerMinute
    }

    /// The earliest instant `u ≥ start` with exactly `millis` working milliseconds in
    /// `[start, u)`; `start` itself when `millis` is 0.
    ///
    /// - Precondition: `0 ≤ millis ≤ maxWorkingDays × workingMillisPerDay` (a programmer error
    ///   otherwise: validate time limits, as `ProcedureCatalogue` does, before calling).
    /// - Throws: `DateOutsideCalendar` when a day it passes is not covered.
    public func addingWorkingTime(_ millis: Int64, to start: Instant) throws(DateOutsideCalendar) -> Instant {
        precondition(millis >= 0, "cannot add negative working time (\(millis) ms)")
        precondition(millis <= Int64(Self.maxWorkingDays) * workingMillisPerDay,
                     "cannot add more than \(Self.maxWorkingDays) working days at once (\(millis) ms)")
        if millis == 0 { return start }
        var remaining = millis
        let (startDay, startMillisecond) = VietnamTime.localDayAndMillisecond(of: start)
        for dayOffset in 0...Int64(Self.maxScanDays) {
            let day = startDay + dayOffset
            guard try isCoveredWorkingDay(day) else { continue }
            let dayFrom = dayOffset == 0 ? startMillisecond : 0
            for period in periods {
                let (periodStart, periodEnd) = Self.milliseconds(of: period)
                guard dayFrom < periodEnd else { continue }
                let begin = max(dayFrom, periodStart)
                let available = periodEnd - begin
                if remaining <= available {
                    return VietnamTime.instant(localDay: day, millisecondOfDay: begin + remaining)
                }
                remaining -= available
            }
        }
        preconditionFailure("unreachable: init guarantees \(Self.maxWorkingDays) working days within \(Self.maxScanDays) days")
    }

    /// The first instant at or after `instant` that lies inside a working period of a working
    /// day: where counting starts for a receipt at lunch, after closing or on a day off.
    /// - Throws: `DateOutsideCalendar` when a day it passes is not covered.
    public func nextWorkingMoment(atOrAfter instant: Instant) throws(DateOutsideCalendar) -> Instant {
        let (startDay, startMillisecond) = VietnamTime.localDayAndMillisecond(of: instant)
        for dayOffset in 0...Int64(Self.maxScanDays) {
            let day = startDay + dayOffset
            guard try isCoveredWorkingDay(day) else { continue }
            let dayFrom = dayOffset == 0 ? startMillisecond : 0
            for period in periods {
                let (periodStart, periodEnd) = Self.milliseconds(of: period)
                if dayFrom < periodEnd {
                    return dayFrom <= periodStart
                        ? VietnamTime.instant(localDay: day, millisecondOfDay: periodStart)
                        : instant
                }
            }
        }
        preconditionFailure("unreachable: init guarantees working days within \(Self.maxScanDays) days")
    }

    /// Working milliseconds in `[from, to)`; 0 if `to <= from`. Saturates at `Int64.max`.
    /// - Throws: `DateOutsideCalendar` when the first or the last day of the span is not
    ///   covered (coverage is one range, so the days between are).
    public func workingTime(from: Instant, to: Instant) throws(DateOutsideCalendar) -> Int64 {
        guard from < to else { return 0 }
        let (fromDay, fromMillisecond) = VietnamTime.localDayAndMillisecond(of: from)
        let (toDay, toMillisecond) = VietnamTime.localDayAndMillisecond(of: to)
        try checkCovered(CivilDate(daysSinceEpoch: fromDay))
        // A span ending at midnight needs nothing of the day that midnight starts.
        try checkCovered(CivilDate(daysSinceEpoch: toMillisecond == 0 ? toDay - 1 : toDay))
        if fromDay == toDay {
            return workingOverlap(day: fromDay, from: fromMillisecond, to: toMillisecond)
        }
        let edges = workingOverlap(day: fromDay, from: fromMillisecond, to: VietnamTime.millisecondsPerDay)
            + workingOverlap(day: toDay, from: 0, to: toMillisecond)
        let (middle, overflow) = workingDayCount(after: fromDay, before: toDay)
            .multipliedReportingOverflow(by: workingMillisPerDay)
        let (total, overflowAgain) = middle.addingReportingOverflow(edges)
        return overflow || overflowAgain ? .max : total
    }

    /// The due date of a dossier received at `receivedAt` with a limit of `workingDays`:
    /// exactly `addingWorkingTime(workingDays × workingMillisPerDay, to: receivedAt)`.
    /// 0 working days gives `receivedAt` itself (the catalogue therefore requires ≥ 1).
    ///
    /// - Precondition: `0 ≤ workingDays ≤ maxWorkingDays`.
    /// - Throws: `DateOutsideCalendar` when the days up to the due date are not all covered.
    public func dueDate(receivedAt: Instant, workingDays: Int) throws(DateOutsideCalendar) -> Instant {
        precondition((0...Self.maxWorkingDays).contains(workingDays),
                     "working days must be 0...\(Self.maxWorkingDays), got \(workingDays)")
        return try addingWorkingTime(Int64(workingDays) * workingMillisPerDay, to: receivedAt)
    }

    /// The first working day at or after local day `day` (a local day number).
    /// - Throws: `DateOutsideCalendar` when a day it passes is not covered.
    func firstWorkingDay(atOrAfter day: Int64) throws(DateOutsideCalendar) -> Int64 {
        for candidate in day...(day + Int64(Self.maxScanDays)) where try isCoveredWorkingDay(candidate) {
            return candidate
        }
        preconditionFailure("unreachable: init guarantees working days within \(Self.maxScanDays) days")
    }

    /// Whether local day `day` is a working day, once it is known to be covered.
    private func isCoveredWorkingDay(_ day: Int64) throws(DateOutsideCalendar) -> Bool {
        let date = CivilDate(daysSinceEpoch: day)
        try checkCovered(date)
        return isWorkingDay(date)
    }

    private func checkCovered(_ date: CivilDate) throws(DateOutsideCalendar) {
        guard let coverage, !coverage.contains(date) else { return }
        throw DateOutsideCalendar(date: date, coverage: coverage.dates)
    }

    /// Working milliseconds of local day `day` inside `[from, to)` (milliseconds of the day).
    private func workingOverlap(day: Int64, from: Int64, to: Int64) -> Int64 {
        guard isWorkingDay(CivilDate(daysSinceEpoch: day)) else { return 0 }
        return periods.reduce(0) { sum, period in
            let (periodStart, periodEnd) = Self.milliseconds(of: period)
            return sum + max(0, min(to, periodEnd) - max(from, periodStart))
        }
    }

    /// Working days strictly between local days `first` and `last`: whole weeks times the
    /// working weekdays, the leftover days one by one (at most 6), then the exceptions.
    private func workingDayCount(after first: Int64, before last: Int64) -> Int64 {
        let dayCount = last - first - 1
        guard dayCount > 0 else { return 0 }
        var count = dayCount / 7 * Int64(workingWeekdays.count)
        var day = first + 1 + dayCount / 7 * 7
        while day < last {
            if workingWeekdays.contains(CivilDate(daysSinceEpoch: day).weekday) { count += 1 }
            day += 1
        }
        count -= Self.countInOpenRange(lostDays, after: first, before: last)
        count += Self.countInOpenRange(gainedDays, after: first, before: last)
        return count
    }

    /// How many of the sorted `days` lie strictly between `first` and `last`.
    private static func countInOpenRange(_ days: [Int64], after first: Int64, before last: Int64) -> Int64 {
        Int64(firstIndex(in: days, notBelow: last) - firstIndex(in: days, notBelow: first + 1))
    }

    /// Binary search: the index of the first element `>= value` in sorted `days`.
    private static func firstIndex(in days: [Int64], notBelow value: Int64) -> Int {
        var low = 0
        var high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func milliseconds(of period: WorkingPeriod) -> (start: Int64, end: Int64) {
        (Int64(period.startMinute) * VietnamTime.millisecondsPerMinute,
         Int64(period.endMinute) * VietnamTime.millisecondsPerMinute)
    }

    private static func validate(periods: [WorkingPeriod]) throws(WorkingCalendarError) {
        guard !periods.isEmpty else { throw .noPeriods }
        guard periods.count <= maxPeriodsPerDay else {
            throw .tooManyPeriods(count: periods.count, max: maxPeriodsPerDay)
        }
        for period in periods {
            guard period.startMinute >= 0, period.endMinute <= VietnamTime.minutesPerDay else {
                throw .periodOutOfDay(period)
            }
            guard period.startMinute < period.endMinute else { throw .periodEmpty(period) }
        }
        for (earlier, later) in zip(periods, periods.dropFirst()) where later.startMinute < earlier.endMinute {
            throw .periodsUnsortedOrOverlapping(earlier, later)
        }
    }

    private static func validate(workingWeekdays: Set<Int>) throws(WorkingCalendarError) {
        guard !workingWeekdays.isEmpty else { throw .noWorkingWeekdays }
        if let invalid = workingWeekdays.sorted().first(where: { !(1...7).contains($0) }) {
            throw .invalidWeekday(invalid)
        }
    }
}
