import CaseCore
import XCTest

/// Due dates of time limits in their own unit (docs/due-dates.md, "Units"), at fixed clock
/// readings in July–September 2025, with 1 and 2 September (Quốc khánh) off.
final class TimeLimitDueDateTests: XCTestCase {
    private let calendar = try! WorkingCalendar(holidays: [
        CivilDate(year: 2025, month: 9, day: 1)!, CivilDate(year: 2025, month: 9, day: 2)!,
    ])

    /// `2025-MM-DD` at `hour`:`minute`, Vietnam time.
    private func at(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Instant {
        VietnamTime.instant(date: CivilDate(year: 2025, month: month, day: day)!, minuteOfDay: hour * 60 + minute)
    }

    func testSameDayIsDueAtClosingOrTheNextWorkingDayAfterThree() throws {
        let sameDay = TimeLimit(amount: 1, unit: .sameDay)
        let cases: [(received: Instant, due: Instant, why: String)] = [
            (at(7, 7, 9), at(7, 7, 17), "Monday 09:00: Monday's closing"),
            (at(7, 7, 15, 30), at(7, 8, 17), "Monday 15:30, after 15:00: Tuesday's closing"),
            (at(7, 7, 15), at(7, 7, 17), "at 15:00 sharp is not after 15:00"),
            (at(7, 7, 12), at(7, 7, 17), "at lunch: counted from 13:30, the same day"),
            (at(7, 7, 6, 30), at(7, 7, 17), "before opening: the same day"),
            (at(7, 7, 17, 30), at(7, 8, 17), "after closing: counted from Tuesday's opening"),
            (at(7, 11, 15, 30), at(7, 14, 17), "Friday after 15:00: Monday's closing"),
            (at(7, 12, 10), at(7, 14, 17), "Saturday: Monday's closing"),
            (at(8, 29, 16), at(9, 3, 17), "Friday after 15:00 before the Quốc khánh holidays: Wednesday"),
        ]
        for (received, due, why) in cases {
            XCTAssertEqual(try calendar.dueDate(receivedAt: received, limit: sameDay), due, why)
        }
    }

    func testWorkingHoursCountTheCentresWorkingTime() throws {
        let cases: [(amount: Int, received: Instant, due: Instant, why: String)] = [
            (4, at(7, 7, 9), at(7, 7, 15), "2.5 h in the morning, 1.5 h after lunch"),
            (8, at(7, 7, 9), at(7, 8, 9), "a working day's hours"),
            (2, at(7, 7, 16), at(7, 8, 8), "over the night"),
            (3, at(7, 11, 16), at(7, 14, 9), "over the weekend"),
            (2, at(8, 29, 16, 30), at(9, 3, 8, 30), "over the weekend and two holidays"),
        ]
        try assertDueDates(.workingHours, cases)
    }

    /// Civil Code 2015 art. 147: the day of the event is not counted; art. 148: a last day that
    /// is a weekend day or a holiday moves to the end of the next working day.
    func testCalendarDaysSkipTheFirstDayAndMoveALastDayOff() throws {
        let cases: [(amount: Int, received: Instant, due: Instant, why: String)] = [
            (30, at(7, 1, 9), at(7, 31, 17), "Tuesday 1 July: the 30th day after is Thursday 31 July"),
            (30, at(7, 3, 9), at(8, 4, 17), "the 30th day is Saturday 2 August: Monday"),
            (30, at(8, 1, 10), at(9, 3, 17), "the 30th day is Sunday 31 August, then two holidays: Wednesday"),
            (30, at(7, 7, 18), at(8, 7, 17), "after closing Monday: counted from Tuesday"),
            (1, at(7, 7, 16), at(7, 8, 17), "one day: the next day's closing"),
        ]
        try assertDueDates(.calendarDays, cases)
    }

    /// A half-day is half of the day's working time, 4 h with 07:00–11:30 and 13:30–17:00: the
    /// morning is 4.5 h and the afternoon 3.5 h, so a half-day is not a morning or an afternoon.
    func testHalfDaysAreHalvesOfTheWorkingDay() throws {
        let cases: [(amount: Int, received: Instant, due: Instant, why: String)] = [
            (1, at(7, 7, 7), at(7, 7, 11), "from the opening: 11:00, before the morning ends"),
            (1, at(7, 7, 9), at(7, 7, 15), "2.5 h in the morning, 1.5 h after lunch"),
            (1, at(7, 7, 12), at(7, 8, 7, 30), "at lunch: from 13:30, 3.5 h, then 0.5 h on Tuesday"),
            (1, at(7, 7, 13, 30), at(7, 8, 7, 30), "the afternoon is shorter than a half-day"),
            (2, at(7, 7, 9), at(7, 8, 9), "two half-days are a working day"),
            (3, at(7, 7, 9), at(7, 8, 15), "a day and a half"),
            (3, at(8, 29, 16), at(9, 4, 10), "Friday 16:00, over the weekend and two holidays: Thursday 10:00"),
            (1, at(7, 12, 10), at(7, 14, 11), "Saturday: from Monday's opening"),
        ]
        try assertDueDates(.halfDays, cases)
        XCTAssertEqual(
            try calendar.dueDate(receivedAt: at(7, 7, 9), limit: TimeLimit(amount: 2, unit: .halfDays)),
            try calendar.dueDate(receivedAt: at(7, 7, 9), limit: .workingDays(1)))
    }

    /// The half follows the centre's own periods: with 08:00–11:00 and 14:00–17:00 it is 3 h,
    /// which is the morning exactly.
    func testAHalfDayFollowsTheCentresWorkingHours() throws {
        let sixHours = try WorkingCalendar(
            periods: [WorkingPeriod(from: (8, 0), to: (11, 0)), WorkingPeriod(from: (14, 0), to: (17, 0))], holidays: [])
        let cases: [(received: Instant, due: Instant)] = [
            (at(7, 7, 8), at(7, 7, 11)),
            (at(7, 7, 14), at(7, 7, 17)),
            (at(7, 7, 10), at(7, 7, 16)),
        ]
        for (received, due) in cases {
            XCTAssertEqual(try sixHours.dueDate(receivedAt: received, limit: TimeLimit(amount: 1, unit: .halfDays)), due)
        }
    }

    private func assertDueDates(
        _ unit: TimeLimit.Unit, _ cases: [(amount: Int, received: Instant, due: Instant, why: String)],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for (amount, received, due, why) in cases {
            XCTAssertEqual(try calendar.dueDate(receivedAt: received, limit: TimeLimit(amount: amount, unit: unit)), due, why, file: file, line: line)
        }
    }

    func testWorkingDaysAreUnchanged() throws {
        for (days, received) in [(1, at(7, 7, 9)), (3, at(7, 11, 15, 30)), (30, at(8, 1, 10))] {
            XCTAssertEqual(
                try calendar.dueDate(receivedAt: received, limit: .workingDays(days)),
                try calendar.dueDate(receivedAt: received, workingDays: days))
        }
    }

    func testADayOutsideTheCalendarIsRefusedInEveryUnit() throws {
        let covered = try WorkingCalendar(holidays: [], coverage: CalendarCoverage(years: 2025...2025, officialYears: nil))
        let lastAfternoon = at(12, 31, 16)
        for limit in [TimeLimit(amount: 1, unit: .sameDay), TimeLimit(amount: 2, unit: .workingHours),
                      TimeLimit(amount: 1, unit: .calendarDays), TimeLimit(amount: 3, unit: .halfDays), .workingDays(1)] {
            XCTAssertThrowsError(try covered.dueDate(receivedAt: lastAfternoon, limit: limit), limit.description) { error in
                XCTAssertEqual((error as? DateOutsideCalendar)?.date, CivilDate(year: 2026, month: 1, day: 1))
            }
        }
    }

    func testTheAmountMustFitTheUnit() {
        XCTAssertNil(TimeLimit.problem(amount: 1, unit: .sameDay))
        XCTAssertEqual(TimeLimit.problem(amount: 2, unit: .sameDay), "a same-day limit is 1 (day); got 2")
        XCTAssertEqual(TimeLimit.problem(amount: 0, unit: .workingHours), "must be 1...365 workingHours; got 0")
        XCTAssertEqual(TimeLimit.problem(amount: 366, unit: .calendarDays), "must be 1...365 calendarDays; got 366")
    }
}
