/// Due dates for time limits in their own unit (`TimeLimit`; docs/due-dates.md, "Units").
/// Every unit starts counting at the first working moment at or after the receipt, as
/// working days always did: a receipt after closing counts from the next opening.
extension WorkingCalendar {
    /// Same-day procedures received after 15:00 are due the next working day (Decree
    /// 23/2015/NĐ-CP on certification; Decree 123/2015/NĐ-CP on civil status: "nhận hồ sơ
    /// sau 15 giờ ... trả kết quả trong ngày làm việc tiếp theo").
    public static let sameDayCutoffMinute = 15 * 60

    /// The due date of a dossier received at `receivedAt` with limit `limit`:
    /// - working days: `dueDate(receivedAt:workingDays:)`, unchanged;
    /// - working hours: that many hours of working time;
    /// - half-days: that many halves of a working day's working time;
    /// - same day: closing time of the day counting starts on, or of the next working day
    ///   when counting starts after 15:00;
    /// - calendar days: the day counting starts on is not counted; the period ends at the
    ///   closing time of its last day, or of the next working day when that day is a day off.
    ///
    /// - Precondition: working days are 0...`maxWorkingDays` (0 only in filings of older
    ///   versions); other units are valid (`TimeLimit.problem`), as the catalogue checks.
    /// - Throws: `DateOutsideCalendar` when a day it needs is not covered.
    public func dueDate(receivedAt: Instant, limit: TimeLimit) throws(DateOutsideCalendar) -> Instant {
        precondition(limit.isWorkingDays || TimeLimit.problem(amount: limit.amount, unit: limit.unit) == nil,
                     "invalid time limit \(limit)")
        switch limit.unit {
        case .workingDays:
            return try dueDate(receivedAt: receivedAt, workingDays: limit.amount)
        case .workingHours:
            let hours = Int64(limit.amount) * 60 * VietnamTime.millisecondsPerMinute
            // Within addingWorkingTime's bound for any day of an hour's work or more; the cap
            // only matters for a calendar of minutes a day, which no centre has.
            return try addingWorkingTime(min(hours, Int64(Self.maxWorkingDays) * workingMillisPerDay), to: receivedAt)
        case .halfDays:
            // At most maxAmount half-days: half of addingWorkingTime's bound of maxWorkingDays days.
            return try addingWorkingTime(Int64(limit.amount) * (workingMillisPerDay / 2), to: receivedAt)
        case .sameDay:
            let (day, millisecond) = VietnamTime.localDayAndMillisecond(of: try nextWorkingMoment(atOrAfter: receivedAt))
            let afterCutoff = millisecond > Int64(Self.sameDayCutoffMinute) * VietnamTime.millisecondsPerMinute
            return closing(of: afterCutoff ? try firstWorkingDay(atOrAfter: day + 1) : day)
        case .calendarDays:
            let (day, _) = VietnamTime.localDayAndMillisecond(of: try nextWorkingMoment(atOrAfter: receivedAt))
            return closing(of: try firstWorkingDay(atOrAfter: day + Int64(limit.amount)))
        }
    }

    /// Closing time of local day `day`: the end of its last working period.
    private func closing(of day: Int64) -> Instant {
        // init refuses an empty list of periods.
        VietnamTime.instant(localDay: day, millisecondOfDay: Int64(periods[periods.count - 1].endMinute) * VietnamTime.millisecondsPerMinute)
    }
}
