import CaseCore
import XCTest

final class WorkingCalendarTests: XCTestCase {
    /// Days off used by these tests (a subset of the shipped file, written out so the tests
    /// do not depend on it): Quốc khánh 2025, Tết Dương lịch 2026 with its swap, Tết 2026.
    private let holidays: Set<CivilDate> = Set(
        ["2025-09-01", "2025-09-02", "2026-01-01", "2026-01-02"].map { CivilDate(iso: $0)! }
            + (14...22).map { CivilDate(iso: "2026-02-\($0)")! })
    /// Saturday 2026-01-10 is worked in exchange for Friday 2026-01-02.
    private let makeUpDays: Set<CivilDate> = [CivilDate(iso: "2026-01-10")!]

    private func calendar() throws -> WorkingCalendar {
        try WorkingCalendar(holidays: holidays, extraWorkingDays: makeUpDays)
    }

    func testDefaultDayIsEightWorkingHours() throws {
        XCTAssertEqual(try calendar().workingMillisPerDay, 8 * 3_600_000)
        XCTAssertEqual(WorkingCalendar.defaultPeriods.map(\.description), ["07:00–11:30", "13:30–17:00"])
    }

    func testWorkingDays() throws {
        let calendar = try calendar()
        let cases: [(String, Bool)] = [
            ("2025-07-07", true),    // Monday
            ("2025-07-12", false),   // Saturday
            ("2025-07-13", false),   // Sunday
            ("2025-09-02", false),   // Quốc khánh, Tuesday
            ("2026-02-17", false),   // Tết
            ("2026-02-23", true),    // first Monday after Tết
            ("2026-01-10", true),    // make-up Saturday
            ("2026-01-17", false),   // an ordinary Saturday
        ]
        for (text, expected) in cases {
            XCTAssertEqual(calendar.isWorkingDay(CivilDate(iso: text)!), expected, text)
        }
    }

    func testDueDates() throws {
        let calendar = try calendar()
        let cases: [(received: String, days: Int, due: String, why: String)] = [
            ("2025-07-07 09:00", 1, "2025-07-08 09:00", "weekday mid-morning: same time next working day"),
            ("2025-07-07 09:00", 3, "2025-07-10 09:00", "three days"),
            ("2025-07-07 09:00", 10, "2025-07-21 09:00", "two weeks over a weekend"),
            ("2025-07-07 07:00", 1, "2025-07-07 17:00", "at opening: the whole day, ends at closing, not next morning"),
            ("2025-07-07 06:00", 1, "2025-07-07 17:00", "before opening counts from 07:00"),
            ("2025-07-07 11:29", 1, "2025-07-08 11:29", "one minute before lunch"),
            ("2025-07-07 11:30", 1, "2025-07-08 11:30", "at lunch: counts from 13:30, 8 h later is the next 11:30"),
            ("2025-07-07 12:00", 1, "2025-07-08 11:30", "receipt at lunch"),
            ("2025-07-07 13:30", 1, "2025-07-08 11:30", "at the start of the afternoon"),
            ("2025-07-07 16:59", 1, "2025-07-08 16:59", "one minute before closing"),
            ("2025-07-07 17:00", 1, "2025-07-08 17:00", "at closing: from the next working morning"),
            ("2025-07-07 17:30", 1, "2025-07-08 17:00", "after closing: from the next working morning"),
            ("2025-07-07 23:59", 2, "2025-07-09 17:00", "late night, two days"),
            ("2025-07-11 10:00", 1, "2025-07-14 10:00", "Friday morning over the weekend"),
            ("2025-07-11 17:30", 1, "2025-07-14 17:00", "Friday evening: Monday end of day"),
            ("2025-07-12 10:00", 1, "2025-07-14 17:00", "Saturday: from Monday morning"),
            ("2025-08-28 09:00", 3, "2025-09-04 09:00", "across Quốc khánh 1-2/9/2025"),
            ("2026-02-13 09:00", 1, "2026-02-23 09:00", "Friday before Tết 2026: Monday after it"),
            ("2026-02-12 14:00", 2, "2026-02-23 14:00", "Thursday before Tết, two days"),
            ("2026-02-18 10:00", 1, "2026-02-23 17:00", "received online during Tết"),
            ("2025-12-31 09:00", 1, "2026-01-05 09:00", "New Year 2026 holiday and swapped Friday"),
            ("2026-01-09 09:00", 1, "2026-01-10 09:00", "make-up Saturday counts"),
            ("2026-01-09 09:00", 2, "2026-01-12 09:00", "after the make-up Saturday, Sunday is off"),
            ("2025-07-07 09:00", 0, "2025-07-07 09:00", "zero days: the receipt itself"),
        ]
        for testCase in cases {
            let received = at(testCase.received)
            let due = try calendar.dueDate(receivedAt: received, workingDays: testCase.days)
            XCTAssertEqual(VietnamTime.iso8601(due), VietnamTime.iso8601(at(testCase.due)), testCase.why)
            XCTAssertEqual(due, try calendar.addingWorkingTime(Int64(testCase.days) * calendar.workingMillisPerDay, to: received),
                           "dueDate == addingWorkingTime: \(testCase.why)")
        }
    }

    func testAddingPartialWorkingTime() throws {
        let calendar = try calendar()
        let hour: Int64 = 3_600_000
        let cases: [(start: String, millis: Int64, end: String, plusMs: Int64)] = [
            ("2025-07-07 09:00", 2 * hour + hour / 2, "2025-07-07 11:30", 0),  // fills the morning exactly
            ("2025-07-07 09:00", 2 * hour + hour / 2 + 1, "2025-07-07 13:30", 1),  // 1 ms into the afternoon
            ("2025-07-07 12:15", 1, "2025-07-07 13:30", 1),  // from lunch: counts from 13:30
            ("2025-07-11 16:00", 2 * hour, "2025-07-14 08:00", 0),  // Friday's last hour, Monday's first
            ("2025-07-07 09:00", 1, "2025-07-07 09:00", 1),
        ]
        for testCase in cases {
            let end = try calendar.addingWorkingTime(testCase.millis, to: at(testCase.start))
            let expected = at(testCase.end).adding(milliseconds: testCase.plusMs)
            XCTAssertEqual(VietnamTime.iso8601(end), VietnamTime.iso8601(expected), "\(testCase.start) + \(testCase.millis) ms")
        }
    }

    func testWorkingTimeBetweenInstants() throws {
        let calendar = try calendar()
        let hour: Int64 = 3_600_000
        let cases: [(from: String, to: String, millis: Int64, why: String)] = [
            ("2025-07-07 09:00", "2025-07-07 10:00", hour, "inside the morning"),
            ("2025-07-07 11:00", "2025-07-07 14:00", hour, "across lunch: 30 min + 30 min"),
            ("2025-07-07 06:00", "2025-07-07 20:00", 8 * hour, "a whole day"),
            ("2025-07-07 09:00", "2025-07-08 09:00", 8 * hour, "24 h on working days"),
            ("2025-07-11 09:00", "2025-07-14 09:00", 8 * hour, "over a weekend"),
            ("2025-07-12 09:00", "2025-07-13 17:00", 0, "weekend only"),
            ("2025-08-29 09:00", "2025-09-03 09:00", 8 * hour, "over Quốc khánh 2025"),
            ("2026-02-13 07:00", "2026-02-23 17:00", 16 * hour, "over Tết 2026: only Friday and Monday"),
            ("2026-02-16 07:00", "2026-02-20 17:00", 0, "inside Tết"),
            ("2025-07-07 00:00", "2025-08-04 00:00", 20 * 8 * hour, "four whole weeks"),
            ("2025-07-07 10:00", "2025-07-07 10:00", 0, "empty span"),
            ("2025-07-08 10:00", "2025-07-07 10:00", 0, "reversed span"),
            ("2026-01-09 17:00", "2026-01-12 07:00", 8 * hour, "the make-up Saturday"),
        ]
        for testCase in cases {
            XCTAssertEqual(try calendar.workingTime(from: at(testCase.from), to: at(testCase.to)), testCase.millis, testCase.why)
        }
    }

    /// The fast `workingTime` (whole weeks + exceptions) agrees with a day-by-day count, and
    /// `addingWorkingTime` is its inverse, on many deterministic random spans.
    func testWorkingTimeAgreesWithDayByDayCountAndInvertsAdding() throws {
        let calendar = try calendar()
        var random = DomainTestRandom(seed: 2025)
        let start = at("2025-06-01 00:00").millisecondsSinceEpoch
        let end = at("2026-12-31 00:00").millisecondsSinceEpoch
        for _ in 0..<400 {
            let from = Instant(millisecondsSinceEpoch: Int64.random(in: start...end, using: &random))
            let to = from.adding(milliseconds: Int64.random(in: 0...(120 * 86_400_000), using: &random))
            XCTAssertEqual(try calendar.workingTime(from: from, to: to), referenceWorkingTime(calendar, from: from, to: to),
                           "\(from) → \(to)")
            let amount = Int64.random(in: 0...(40 * calendar.workingMillisPerDay), using: &random)
            let later = try calendar.addingWorkingTime(amount, to: from)
            XCTAssertEqual(try calendar.workingTime(from: from, to: later), amount, "adding \(amount) to \(from)")
            if amount > 0 {
                XCTAssertLessThan(try calendar.workingTime(from: from, to: later.adding(milliseconds: -1)), amount,
                                  "the earliest such instant")
            }
        }
    }

    func testNextWorkingMoment() throws {
        let calendar = try calendar()
        let cases: [(String, String)] = [
            ("2025-07-07 09:00", "2025-07-07 09:00"),
            ("2025-07-07 06:00", "2025-07-07 07:00"),
            ("2025-07-07 12:00", "2025-07-07 13:30"),
            ("2025-07-07 17:00", "2025-07-08 07:00"),
            ("2025-07-11 18:00", "2025-07-14 07:00"),
            ("2026-02-13 17:30", "2026-02-23 07:00"),
        ]
        for (instant, expected) in cases {
            XCTAssertEqual(try calendar.nextWorkingMoment(atOrAfter: at(instant)), at(expected), instant)
        }
    }

    func testRefusesBadConfigurations() {
        let monday = CivilDate(iso: "2025-07-07")!
        let cases: [(periods: [WorkingPeriod], weekdays: Set<Int>, holidays: Set<CivilDate>, extra: Set<CivilDate>, error: WorkingCalendarError)] = [
            ([], [1], [], [], .noPeriods),
            ([WorkingPeriod(startMinute: -1, endMinute: 60)], [1], [], [], .periodOutOfDay(WorkingPeriod(startMinute: -1, endMinute: 60))),
            ([WorkingPeriod(startMinute: 0, endMinute: 1_441)], [1], [], [], .periodOutOfDay(WorkingPeriod(startMinute: 0, endMinute: 1_441))),
            ([WorkingPeriod(startMinute: 600, endMinute: 600)], [1], [], [], .periodEmpty(WorkingPeriod(startMinute: 600, endMinute: 600))),
            ([WorkingPeriod(startMinute: 600, endMinute: 700), WorkingPeriod(startMinute: 650, endMinute: 800)], [1], [], [], .periodsUnsortedOrOverlapping(WorkingPeriod(startMinute: 600, endMinute: 700), WorkingPeriod(startMinute: 650, endMinute: 800))),
            ([WorkingPeriod(startMinute: 800, endMinute: 900), WorkingPeriod(startMinute: 420, endMinute: 690)], [1], [], [], .periodsUnsortedOrOverlapping(WorkingPeriod(startMinute: 800, endMinute: 900), WorkingPeriod(startMinute: 420, endMinute: 690))),
            (WorkingCalendar.defaultPeriods, [], [], [], .noWorkingWeekdays),
            (WorkingCalendar.defaultPeriods, [1, 8], [], [], .invalidWeekday(8)),
            (WorkingCalendar.defaultPeriods, [0, 1], [], [], .invalidWeekday(0)),
            (WorkingCalendar.defaultPeriods, [1], [monday], [monday], .holidayIsAlsoExtraWorkingDay(monday)),
            (WorkingCalendar.defaultPeriods, [1], Set((0..<158).map { monday.adding(days: 7 * $0) }), [], .tooManyHolidays(onWorkingWeekdays: 158, max: 157)),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try WorkingCalendar(periods: testCase.periods, holidays: testCase.holidays,
                                                     workingWeekdays: testCase.weekdays, extraWorkingDays: testCase.extra)) { error in
                XCTAssertEqual(error as? WorkingCalendarError, testCase.error)
                XCTAssertFalse(String(describing: error).isEmpty)
            }
        }
        // Adjacent periods (one ends where the next starts) are fine.
        XCTAssertNoThrow(try WorkingCalendar(periods: [WorkingPeriod(startMinute: 0, endMinute: 720),
                                                       WorkingPeriod(startMinute: 720, endMinute: 1_440)], holidays: []))
    }

    /// The densest calendar `init` accepts (one working weekday, the maximum number of
    /// holidays on it, all at the start) still fits the largest allowed amount within the
    /// bounded scan, and the answer is exact.
    func testScanBoundHoldsForTheDensestAcceptedCalendar() throws {
        let firstMonday = CivilDate(iso: "2025-07-07")!
        let mondayHolidays = Set((0..<157).map { firstMonday.adding(days: 7 * $0) })
        let sparse = try WorkingCalendar(holidays: mondayHolidays, workingWeekdays: [1])
        let start = VietnamTime.instant(date: firstMonday, minuteOfDay: 0)
        let amount = Int64(WorkingCalendar.maxWorkingDays) * sparse.workingMillisPerDay
        let due = try sparse.addingWorkingTime(amount, to: start)
        XCTAssertEqual(try sparse.workingTime(from: start, to: due), amount)
        // 157 Mondays off, then 365 working Mondays: the last one is Monday number 522.
        XCTAssertEqual(VietnamTime.civilDate(of: due), firstMonday.adding(days: 7 * (157 + 364)))
        XCTAssertEqual(VietnamTime.minuteOfDay(of: due), 17 * 60)
        XCTAssertLessThanOrEqual(VietnamTime.civilDate(of: due).days(since: firstMonday), Int64(WorkingCalendar.maxScanDays))
    }

    /// "2025-07-07 09:00" in Vietnam time.
    private func at(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Instant {
        let iso = text.replacingOccurrences(of: " ", with: "T") + ":00+07:00"
        guard let instant = VietnamTime.parseISO8601(iso) else {
            XCTFail("bad test time \(text)", file: file, line: line)
            return .epoch
        }
        return instant
    }

    /// Day-by-day working time, written independently of the calendar's whole-week counting.
    private func referenceWorkingTime(_ calendar: WorkingCalendar, from: Instant, to: Instant) -> Int64 {
        guard from < to else { return 0 }
        var total: Int64 = 0
        var day = VietnamTime.civilDate(of: from)
        let lastDay = VietnamTime.civilDate(of: to)
        while day <= lastDay {
            if calendar.isWorkingDay(day) {
                for period in calendar.periods {
                    let periodStart = VietnamTime.instant(date: day, minuteOfDay: period.startMinute)
                    let periodEnd = VietnamTime.instant(date: day, minuteOfDay: period.endMinute)
                    let overlapStart = max(periodStart, from)
                    let overlapEnd = min(periodEnd, to)
                    if overlapStart < overlapEnd { total += overlapEnd.milliseconds(since: overlapStart) }
                }
            }
            day = day.adding(days: 1)
        }
        return total
    }
}
