import CaseCore
import XCTest

final class StatutoryHolidaysTests: XCTestCase {
    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    private func days(_ year: Int) throws -> [String] {
        try StatutoryHolidays.holidays(of: year).map(\.date.iso)
    }

    /// 2027 as computed: Tết from Friday 5/2 (29 tháng Chạp) to Tuesday 9/2, its Saturday and
    /// Sunday compensated on Wednesday 10/2 and Thursday 11/2; 2/9 a Thursday, so 3/9 too.
    func testTwentyTwentySeven() throws {
        XCTAssertEqual(try days(2027), [
            "2027-01-01",
            "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
            "2027-04-16", "2027-04-30", "2027-05-01", "2027-05-03",
            "2027-09-02", "2027-09-03",
        ])
        let names = try StatutoryHolidays.holidays(of: 2027).map(\.name)
        XCTAssertEqual(names[1], "Tết Nguyên đán Đinh Mùi (29 tháng Chạp Bính Ngọ)")
        XCTAssertEqual(names[2], "Tết Nguyên đán Đinh Mùi (mùng 1 tháng Giêng Đinh Mùi)")
        XCTAssertEqual(names[8], "Giỗ Tổ Hùng Vương (10 tháng 3 Đinh Mùi)")
        XCTAssertEqual(names[11], "Nghỉ bù Ngày Quốc tế Lao động (trùng ngày nghỉ hằng tuần 1/5/2027)")
    }

    /// Where a year's official schedule had no swap, the rule gives the same days off.
    func testTheRuleMatchesOfficialYearsWithoutSwaps() throws {
        let holidays2023 = Set(try days(2023))
        // Hùng Kings on Saturday 29/4, 30/4 a Sunday, 1/5 Monday: off 29/4 to 3/5, as announced.
        for day in ["2023-04-29", "2023-04-30", "2023-05-01", "2023-05-02", "2023-05-03"] { XCTAssertTrue(holidays2023.contains(day), day) }
        // 2/9/2023 a Saturday: 1/9 before it, Monday 4/9 in compensation.
        for day in ["2023-09-01", "2023-09-02", "2023-09-04"] { XCTAssertTrue(holidays2023.contains(day), day) }
        // Hùng Kings 2022 on Sunday 10/4: Monday 11/4 off, the day public listings show.
        XCTAssertTrue(Set(try days(2022)).isSuperset(of: ["2022-04-10", "2022-04-11"]))
        // 2/9/2024 a Monday: the adjacent day is Tuesday 3/9.
        XCTAssertTrue(Set(try days(2024)).isSuperset(of: ["2024-09-02", "2024-09-03"]))
        // Hùng Kings 2026 on a Sunday, off on Monday 27/4, as announced.
        XCTAssertTrue(Set(try days(2026)).isSuperset(of: ["2026-04-26", "2026-04-27", "2026-09-01", "2026-09-02"]))
        // 1/1/2028 a Saturday: Monday 3/1 off; Tết 2028 from Tuesday 25/1, Saturday 29/1 paid back on Monday 31/1.
        XCTAssertTrue(Set(try days(2028)).isSuperset(of: ["2028-01-03", "2028-01-25", "2028-01-31"]))
    }

    /// Eleven days off on weekdays every year (5 Tết, 1/1, Hùng Kings, 30/4, 1/5, two at
    /// Quốc khánh): a day off on a weekend is always made good, never lost or doubled.
    func testEveryYearHasElevenWeekdaysOff() throws {
        for year in StatutoryHolidays.supportedYears {
            let entries = try StatutoryHolidays.holidays(of: year)
            XCTAssertEqual(Set(entries.map(\.date)).count, entries.count, "\(year): no date twice")
            XCTAssertEqual(entries.filter { $0.date.weekday <= 5 }.count, 11, "\(year)")
            XCTAssertTrue(entries.allSatisfy { $0.date.year == year }, "\(year): every day in its year")
        }
    }

    func testRefusesYearsOutsideTheRule() {
        for year in [2020, 2100] {
            XCTAssertThrowsError(try StatutoryHolidays.holidays(of: year)) { error in
                XCTAssertEqual(error as? HolidayRuleError, .yearNotSupported(year, supported: 2021...2099))
            }
        }
    }
}
