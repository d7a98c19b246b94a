import CaseCore
import Foundation
import XCTest

/// What a calendar built from `holidays.json` covers, and what it refuses.
final class CalendarCoverageTests: XCTestCase {
    private static let shippedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/CaseNode/Resources/holidays.json")

    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }
    private func at(_ iso: String) -> Instant { VietnamTime.parseISO8601(iso)! }

    private func shippedCalendar() throws -> WorkingCalendar {
        try HolidayCalendar.load(jsonData: Data(contentsOf: Self.shippedFile)).workingCalendar()
    }

    func testShippedScheduleIsOfficialFor2025And2026AndComputedAfter() throws {
        let list = try HolidayCalendar.load(jsonData: Data(contentsOf: Self.shippedFile))
        XCTAssertEqual(list.officialYears, 2025...2026)
        let calendar = try list.workingCalendar()
        XCTAssertEqual(calendar.coverage?.dates, date("2021-01-01")...date("2099-12-31"))
        XCTAssertEqual(calendar.coverage?.officialDates, date("2025-01-01")...date("2026-12-31"))
        // 2025-2026: exactly the published days off, nothing computed added.
        let official = calendar.holidays.filter { (2025...2026).contains($0.year) }
        XCTAssertEqual(official, list.holidayDates)
        // 2027: the rule's Tết, compensation included.
        for day in 5...11 { XCTAssertFalse(calendar.isWorkingDay(date("2027-02-\(day < 10 ? "0" : "")\(day)")), "Tết 2027: 02-\(day)") }
        XCTAssertTrue(calendar.isWorkingDay(date("2027-02-12")))
    }

    /// Three working days from Thursday 2026-02-12 09:00 skip the official Tết break 14–22/2.
    func testDueDatesIn2026AreUnchanged() throws {
        let due = try shippedCalendar().dueDate(receivedAt: at("2026-02-12T09:00:00+07:00"), workingDays: 3)
        XCTAssertEqual(due, at("2026-02-24T09:00:00+07:00"))
    }

    /// The acceptance test: a due date in a year the calendar does not cover is refused.
    func testDueDateBeyondCoverageIsRefused() throws {
        let calendar = try shippedCalendar()
        let coverage = date("2021-01-01")...date("2099-12-31")
        XCTAssertThrowsError(try calendar.dueDate(receivedAt: at("2099-12-30T09:00:00+07:00"), workingDays: 3)) { error in
            XCTAssertEqual(error as? DateOutsideCalendar, DateOutsideCalendar(date: date("2100-01-01"), coverage: coverage))
        }
        XCTAssertThrowsError(try calendar.dueDate(receivedAt: at("2020-12-31T09:00:00+07:00"), workingDays: 1)) { error in
            XCTAssertEqual(error as? DateOutsideCalendar, DateOutsideCalendar(date: date("2020-12-31"), coverage: coverage))
        }
        XCTAssertThrowsError(try calendar.workingTime(from: at("2099-12-30T09:00:00+07:00"), to: at("2100-01-04T09:00:00+07:00")))
        XCTAssertThrowsError(try calendar.nextWorkingMoment(atOrAfter: at("2099-12-31T18:00:00+07:00")))
        // The last covered day still counts.
        XCTAssertEqual(try calendar.dueDate(receivedAt: at("2099-12-29T09:00:00+07:00"), workingDays: 2), at("2099-12-31T09:00:00+07:00"))
        XCTAssertEqual(try calendar.workingTime(from: at("2099-12-31T09:00:00+07:00"), to: at("2100-01-01T00:00:00+07:00")), 6 * 3_600_000)
    }

    func testWarnsNinetyDaysBeforeTheOfficialScheduleEnds() throws {
        let coverage = try XCTUnwrap(try shippedCalendar().coverage)
        XCTAssertEqual(coverage.warnings(on: date("2026-10-02")), [], "90 days left")
        XCTAssertEqual(coverage.officialDaysLeft(from: date("2026-10-02")), 90)
        let warnings = coverage.warnings(on: date("2026-10-03"))
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("ends on 2026-12-31 (89 days)"), warnings[0])
        XCTAssertTrue(warnings[0].contains("publish 2027's official schedule (casectl holidays publish)"), warnings[0])
        XCTAssertTrue(coverage.warnings(on: date("2027-03-01"))[0].contains("ended on 2026-12-31"))
        XCTAssertEqual(coverage.officialDaysLeft(from: date("2027-01-01")), -1)
        XCTAssertEqual(coverage.daysLeft(from: date("2099-12-31")), 0)
        XCTAssertTrue(coverage.warnings(on: date("2099-11-01")).contains { $0.contains("coverage ends on 2099-12-31 (60 days)") })
    }

    func testNoOfficialScheduleIsAWarning() throws {
        let calendar = try HolidayCalendar(source: "computed only", holidays: []).workingCalendar()
        XCTAssertNil(calendar.coverage?.officialDates)
        XCTAssertEqual(calendar.coverage?.warnings(on: date("2026-12-06")).count, 1)
        XCTAssertFalse(calendar.isWorkingDay(date("2027-02-08")), "the rule's Tết 2027")
    }

    func testOfficialYearsAreCheckedAgainstTheEntries() throws {
        let cases: [(json: String, error: HolidayCalendarError)] = [
            (#"{"source":"x","officialYears":{"first":2027,"last":2027},"holidays":[{"date":"2026-01-01","name":"A"}]}"#,
             .entryOutsideOfficialYears(date("2026-01-01"), 2027...2027)),
            (#"{"source":"x","officialYears":{"first":2101,"last":2102},"holidays":[]}"#,
             .officialYearsDetached(2101...2102, computed: 2021...2099)),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try HolidayCalendar.load(jsonData: Data(testCase.json.utf8))) { error in
                XCTAssertEqual(error as? HolidayCalendarError, testCase.error)
            }
        }
        XCTAssertThrowsError(try HolidayCalendar.load(jsonData: Data(#"{"source":"x","officialYears":{"first":2027,"last":2026},"holidays":[]}"#.utf8))) { error in
            XCTAssertEqual(error as? HolidayCalendarError, .malformed("officialYears.last: must not be before first (2027), got 2026"))
        }
        // Without officialYears, the years of the entries; a schedule for 2100 extends coverage.
        let derived = try HolidayCalendar.load(jsonData: Data(#"{"source":"x","holidays":[{"date":"2100-01-01","name":"Tết Dương lịch"}]}"#.utf8))
        XCTAssertEqual(derived.officialYears, 2100...2100)
        XCTAssertEqual(derived.coverage.dates.upperBound, date("2100-12-31"))
    }
}
