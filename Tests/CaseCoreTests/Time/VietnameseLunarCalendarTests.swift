import CaseCore
import XCTest

final class VietnameseLunarCalendarTests: XCTestCase {
    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// Tết (1 tháng Giêng) as the government announced it; see docs/holidays.md for the
    /// sources. 2030 is 2 February in Vietnam, a day before China's 3 February.
    func testTetMatchesTheOfficialDates2020To2030() throws {
        let official = [
            2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
            2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13",
            2030: "2030-02-02",
        ]
        for (year, expected) in official {
            XCTAssertEqual(try VietnameseLunarCalendar.newYear(of: year), date(expected), "Tết \(year)")
        }
    }

    /// Giỗ Tổ Hùng Vương, 10 tháng 3 âm lịch.
    func testHungKingsDay() throws {
        // 2022: a Sunday (Monday 11/4 was the day off in compensation); 2023: after a leap second month.
        let known = [
            2021: "2021-04-21", 2022: "2022-04-10", 2023: "2023-04-29", 2024: "2024-04-18", 2025: "2025-04-07",
            2026: "2026-04-26", 2027: "2027-04-16",
        ]
        for (year, expected) in known {
            XCTAssertEqual(try VietnameseLunarCalendar.solarDate(of: year, month: 3, day: 10), date(expected), "Hùng Kings \(year)")
        }
    }

    /// The same astronomy at UTC+8 gives China's dates: the offset, not the method, makes
    /// the difference.
    func testVietnamReckonsAtUTCPlus7AndChinaAtUTCPlus8() throws {
        XCTAssertEqual(try VietnameseLunarCalendar.newYear(of: 1985), date("1985-01-21"))
        XCTAssertEqual(try VietnameseLunarCalendar.newYear(of: 1985, utcOffsetHours: 8), date("1985-02-20"))
        XCTAssertEqual(try VietnameseLunarCalendar.newYear(of: 2007), date("2007-02-17"))
        XCTAssertEqual(try VietnameseLunarCalendar.newYear(of: 2007, utcOffsetHours: 8), date("2007-02-18"))
        XCTAssertEqual(try VietnameseLunarCalendar.newYear(of: 2030, utcOffsetHours: 8), date("2030-02-03"))
    }

    func testLeapMonths() throws {
        // 2023 had a leap second month (tháng 2 nhuận), 2025 a leap sixth month.
        XCTAssertEqual(try VietnameseLunarCalendar.solarDate(of: 2023, month: 2, day: 1, isLeapMonth: true), date("2023-03-22"))
        XCTAssertEqual(try VietnameseLunarCalendar.solarDate(of: 2025, month: 6, day: 1, isLeapMonth: true), date("2025-07-25"))
        XCTAssertThrowsError(try VietnameseLunarCalendar.solarDate(of: 2026, month: 6, day: 1, isLeapMonth: true)) { error in
            XCTAssertEqual(error as? LunarCalendarError, .noSuchLeapMonth(year: 2026, month: 6))
        }
    }

    func testSolarToLunarAndBack() throws {
        // New Year's Eve 2026 was 29 tháng Chạp: the twelfth month of Ất Tỵ had 29 days.
        let eve = try VietnameseLunarCalendar.lunarDate(of: date("2026-02-16"))
        XCTAssertEqual(eve.description, "29/12/2025 âm lịch")
        XCTAssertEqual(try VietnameseLunarCalendar.lunarDate(of: date("2025-07-25")).description, "1/6 nhuận/2025 âm lịch")
        var day = date("2020-01-01")
        while day < date("2031-01-01") {
            let lunar = try VietnameseLunarCalendar.lunarDate(of: day)
            let back = try VietnameseLunarCalendar.solarDate(
                of: lunar.year, month: lunar.month, day: lunar.day, isLeapMonth: lunar.isLeapMonth)
            XCTAssertEqual(back, day, "\(day) → \(lunar)")
            day = day.adding(days: 1)
        }
    }

    func testRefusesWhatDoesNotExist() {
        let cases: [(year: Int, month: Int, day: Int, error: LunarCalendarError)] = [
            (1899, 1, 1, .yearOutOfRange(1899, supported: 1900...2199)),
            (2200, 1, 1, .yearOutOfRange(2200, supported: 1900...2199)),
            (2026, 13, 1, .invalidMonth(13)),
            (2026, 0, 1, .invalidMonth(0)),
            (2026, 1, 31, .invalidDay(31)),
            (2025, 12, 30, .noSuchDay(year: 2025, month: 12, day: 30, monthLength: 29)),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try VietnameseLunarCalendar.solarDate(of: testCase.year, month: testCase.month, day: testCase.day)) { error in
                XCTAssertEqual(error as? LunarCalendarError, testCase.error)
            }
        }
        XCTAssertThrowsError(try VietnameseLunarCalendar.lunarDate(of: date("2200-01-01")))
    }

    func testSexagenaryNames() {
        XCTAssertEqual(VietnameseLunarCalendar.sexagenaryName(of: 2025), "Ất Tỵ")
        XCTAssertEqual(VietnameseLunarCalendar.sexagenaryName(of: 2026), "Bính Ngọ")
        XCTAssertEqual(VietnameseLunarCalendar.sexagenaryName(of: 1984), "Giáp Tý")
    }
}
