/// A procedure's statutory time limit in its own unit (docs/due-dates.md, "Units").
/// `WorkingCalendar.dueDate(receivedAt:limit:)` is the one rule that turns it into a due date.
public struct TimeLimit: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        /// Working days of the centre's working time: the default, and the only unit before units existed.
        case workingDays
        /// Working hours of the centre's working time.
        case workingHours
        /// "Trong ngày": by closing time the day of receipt, or the next working day's closing
        /// when received after 15:00 (`WorkingCalendar.sameDayCutoffMinute`).
        case sameDay
        /// Calendar days (Civil Code 2015 arts. 147–148): the day of receipt is not counted; a
        /// last day that is a day off moves to the next working day.
        case calendarDays
        /// Half working days ("0,5 ngày làm việc"): each is half the centre's working time of a
        /// day (4 h with 07:00–11:30 and 13:30–17:00), counted across the lunch break and the
        /// days off as the calendar's periods say. Two half-days are one working day.
        case halfDays
    }

    /// How many units; 1 for `sameDay`.
    public let amount: Int
    public let unit: Unit

    /// The largest amount of any unit: a year of working days bounds `WorkingCalendar`'s scans,
    /// and no commune procedure's limit comes near a year of hours or days.
    public static let maxAmount = WorkingCalendar.maxWorkingDays

    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public static func workingDays(_ days: Int) -> TimeLimit { TimeLimit(amount: days, unit: .workingDays) }

    /// Whether the limit counts as limits did before units existed (working days), so the
    /// events and states that carry it can keep their older shape.
    public var isWorkingDays: Bool { unit == .workingDays }

    /// `3 workingDays`, `1 sameDay`.
    public var description: String { "\(amount) \(unit.rawValue)" }

    /// Why `amount` is wrong for `unit`, or nil: 1...`maxAmount`, and exactly 1 for a same-day limit.
    public static func problem(amount: Int, unit: Unit) -> String? {
        if unit == .sameDay {
            return amount == 1 ? nil : "a same-day limit is 1 (day); got \(amount)"
        }
        return (1...maxAmount).contains(amount) ? nil : "must be 1...\(maxAmount) \(unit.rawValue); got \(amount)"
    }
}
