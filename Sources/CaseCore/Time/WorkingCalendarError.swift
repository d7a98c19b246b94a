/// Why a `WorkingCalendar` configuration was refused.
public enum WorkingCalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    case noPeriods
    case tooManyPeriods(count: Int, max: Int)
    case periodOutOfDay(WorkingPeriod)
    case periodEmpty(WorkingPeriod)
    case periodsUnsortedOrOverlapping(WorkingPeriod, WorkingPeriod)
    case noWorkingWeekdays
    case invalidWeekday(Int)
    case tooManyHolidays(onWorkingWeekdays: Int, max: Int)
    case holidayIsAlsoExtraWorkingDay(CivilDate)

    public var description: String {
        switch self {
        case .noPeriods:
            return "working calendar: at least one working period per day is required"
        case .tooManyPeriods(let count, let max):
            return "working calendar: \(count) working periods per day; at most \(max) are allowed"
        case .periodOutOfDay(let period):
            return "working calendar: period \(period) must lie within the day (minutes 0...1440)"
        case .periodEmpty(let period):
            return "working calendar: period \(period) must end after it starts"
        case .periodsUnsortedOrOverlapping(let first, let second):
            return "working calendar: periods must be sorted and must not overlap, but \(second) does not start at or after the end of \(first)"
        case .noWorkingWeekdays:
            return "working calendar: at least one working weekday (1 = Monday ... 7 = Sunday) is required"
        case .invalidWeekday(let weekday):
            return "working calendar: weekday \(weekday) is invalid; use 1 = Monday ... 7 = Sunday"
        case .tooManyHolidays(let count, let max):
            return "working calendar: \(count) holidays fall on working weekdays; at most \(max) are allowed for these weekdays, so that every due date lies within \(WorkingCalendar.maxScanDays) days"
        case .holidayIsAlsoExtraWorkingDay(let date):
            return "working calendar: \(date) is listed both as a holiday and as an extra working day"
        }
    }
}
