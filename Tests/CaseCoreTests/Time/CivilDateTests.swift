import CaseCore
import Foundation
import XCTest

final class CivilDateTests: XCTestCase {
    func testParsesRealDates() {
        let cases: [(text: String, year: Int, month: Int, day: Int)] = [
            ("2025-07-01", 2025, 7, 1),
            ("2024-02-29", 2024, 2, 29),  // leap year
            ("2000-02-29", 2000, 2, 29),  // divisible by 400: leap
            ("2025-12-31", 2025, 12, 31),
            ("2025-04-30", 2025, 4, 30),
            ("0001-01-01", 1, 1, 1),
            ("9999-12-31", 9999, 12, 31),
        ]
        for testCase in cases {
            guard let date = CivilDate(iso: testCase.text) else {
                XCTFail("\(testCase.text) should parse")
                continue
            }
            XCTAssertEqual([date.year, date.month, date.day], [testCase.year, testCase.month, testCase.day], testCase.text)
            XCTAssertEqual(date.iso, testCase.text, "formatting round trip")
        }
    }

    func testRefusesInvalidDatesAndShapes() {
        let invalid = [
            "2025-02-29",  // not a leap year
            "1900-02-29",  // divisible by 100 but not 400
            "2100-02-29",
            "2025-04-31", "2025-06-31", "2025-09-31", "2025-11-31",
            "2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32",
            "0000-01-01",  // year zero is outside 0001-9999
            "2025-1-01", "25-01-01", "2025-01-1",
            " 2025-01-01", "2025-01-01 ", "2025/01/01", "20250101", "2025-01-01T00:00",
            "+2025-01-01", "２０２５-01-01", "2025-0a-01", "", "----------",
        ]
        for text in invalid {
            XCTAssertNil(CivilDate(iso: text), "\"\(text)\" must be refused")
        }
        XCTAssertNil(CivilDate(year: 2025, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 10_000, month: 1, day: 1))
        XCTAssertNotNil(CivilDate(year: 2028, month: 2, day: 29))
    }

    func testWeekdayIsISOMondayOne() {
        let cases: [(String, Int)] = [
            ("1970-01-01", 4),  // Thursday
            ("1969-12-31", 3),  // before the epoch: Wednesday
            ("2000-01-01", 6),  // Saturday
            ("2024-12-29", 7),  // Sunday
            ("2025-07-01", 2),  // Tuesday: the two-level government starts
            ("2026-02-17", 2),  // Tết Bính Ngọ, Tuesday
            ("2025-09-01", 1),  // Monday
        ]
        for (text, weekday) in cases {
            XCTAssertEqual(date(text).weekday, weekday, text)
        }
    }

    func testAddingDaysCrossesMonthsYearsAndLeapDays() {
        let cases: [(String, Int, String)] = [
            ("2025-01-31", 1, "2025-02-01"),
            ("2024-02-28", 1, "2024-02-29"),
            ("2025-02-28", 1, "2025-03-01"),
            ("2025-12-31", 1, "2026-01-01"),
            ("2026-01-01", -1, "2025-12-31"),
            ("2024-03-01", -1, "2024-02-29"),
            ("2025-07-01", 365, "2026-07-01"),
            ("2024-01-01", 366, "2025-01-01"),
            ("1970-01-01", -1, "1969-12-31"),
            ("2025-07-01", 0, "2025-07-01"),
        ]
        for (start, days, expected) in cases {
            XCTAssertEqual(date(start).adding(days: days).iso, expected, "\(start) + \(days)")
        }
    }

    func testDaysSinceEpochIsConsecutiveAndInvertible() {
        XCTAssertEqual(date("1970-01-01").daysSinceEpoch, 0)
        XCTAssertEqual(date("2025-07-01").daysSinceEpoch, 20_270)
        XCTAssertEqual(date("0001-01-01").daysSinceEpoch, -719_162)
        XCTAssertEqual(date("9999-12-31").daysSinceEpoch, 2_932_896)
        // Every day from 1899 to 2101: one more than the day before, valid fields, ordered.
        var previous = date("1899-01-01")
        for day in (previous.daysSinceEpoch + 1)...date("2101-12-31").daysSinceEpoch {
            let current = CivilDate(daysSinceEpoch: day)
            XCTAssertEqual(current.daysSinceEpoch, day)
            XCTAssertLessThan(previous, current)
            XCTAssertNotNil(CivilDate(year: current.year, month: current.month, day: current.day), current.iso)
            XCTAssertEqual(current.weekday, previous.weekday % 7 + 1)
            previous = current
        }
    }

    func testComparesChronologically() {
        XCTAssertLessThan(date("2025-12-31"), date("2026-01-01"))
        XCTAssertLessThan(date("2025-02-28"), date("2025-03-01"))
        XCTAssertEqual(date("2025-07-01").days(since: date("2025-06-01")), 30)
    }

    func testDatesOutsideTextYearsUseTheExpandedForm() {
        XCTAssertEqual(date("9999-12-31").adding(days: 1).iso, "+10000-01-01")
        XCTAssertEqual(date("0001-01-01").adding(days: -1).iso, "0000-12-31")
        XCTAssertEqual(date("0001-01-01").adding(days: -367).iso, "-0001-12-31")
        XCTAssertNil(CivilDate(iso: "+10000-01-01"))
    }

    private func date(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CivilDate {
        guard let date = CivilDate(iso: text) else {
            XCTFail("bad test date \(text)", file: file, line: line)
            return CivilDate(daysSinceEpoch: 0)
        }
        return date
    }
}
