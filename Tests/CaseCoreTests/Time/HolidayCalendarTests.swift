import CaseCore
import Foundation
import XCTest

final class HolidayCalendarTests: XCTestCase {
    /// The file the node ships, read from the source tree (tests may read files; the core
    /// only ever receives the bytes).
    private static let shippedFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/CaseNode/Resources/holidays.json")

    private func shipped() throws -> HolidayCalendar {
        try HolidayCalendar.load(jsonData: Data(contentsOf: Self.shippedFile))
    }

    func testShippedFileHasTheRequiredDays() throws {
        let holidays = try shipped()
        let dates = holidays.holidayDates
        let required = [
            "2025-01-01", "2025-01-29", "2025-04-07", "2025-04-30", "2025-05-01", "2025-09-01", "2025-09-02",
            "2026-01-01", "2026-02-17", "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-02",
        ]
        for text in required {
            XCTAssertTrue(dates.contains(CivilDate(iso: text)!), "\(text) should be a day off")
        }
        for day in 25...31 { XCTAssertTrue(dates.contains(CivilDate(iso: "2025-01-\(day)")!), "Tết 2025: 01-\(day)") }
        for day in 1...2 { XCTAssertTrue(dates.contains(CivilDate(iso: "2025-02-0\(day)")!), "Tết 2025: 02-0\(day)") }
        for day in 14...22 { XCTAssertTrue(dates.contains(CivilDate(iso: "2026-02-\(day)")!), "Tết 2026: 02-\(day)") }
        XCTAssertEqual(holidays.name(of: CivilDate(iso: "2025-09-02")!), "Quốc khánh")
        XCTAssertNil(holidays.name(of: CivilDate(iso: "2025-07-01")!))
        XCTAssertFalse(holidays.source.isEmpty)
    }

    func testShippedFileIsCleanAndBuildsACalendar() throws {
        let holidays = try shipped()
        for entry in holidays.holidays + holidays.makeUpWorkingDays {
            XCTAssertTrue((2025...2026).contains(entry.date.year), entry.date.iso)
            XCTAssertEqual(entry.name, entry.name.precomposedStringWithCanonicalMapping, "NFC: \(entry.name)")
        }
        for entry in holidays.makeUpWorkingDays {
            XCTAssertEqual(entry.date.weekday, 6, "make-up days are Saturdays: \(entry.date)")
        }
        XCTAssertEqual(holidays.holidays.map(\.date), holidays.holidays.map(\.date).sorted())
        let calendar = try holidays.workingCalendar()
        XCTAssertTrue(calendar.isWorkingDay(CivilDate(iso: "2026-01-10")!), "make-up Saturday")
        XCTAssertFalse(calendar.isWorkingDay(CivilDate(iso: "2026-01-02")!), "swapped Friday")
        XCTAssertFalse(calendar.isWorkingDay(CivilDate(iso: "2025-05-02")!), "swapped Friday 2025")
        XCTAssertTrue(calendar.isWorkingDay(CivilDate(iso: "2025-04-26")!), "make-up Saturday 2025")
    }

    func testRefusesBadLists() {
        let cases: [(json: String, error: HolidayCalendarError)] = [
            (#"{"source":"x","holidays":[{"date":"2025-01-01","name":"A"},{"date":"2025-01-01","name":"B"}]}"#,
             .duplicateDate(CivilDate(iso: "2025-01-01")!)),
            (#"{"source":"x","holidays":[{"date":"2025-01-01","name":"  "}]}"#, .emptyName(CivilDate(iso: "2025-01-01")!)),
            (#"{"source":"x","holidays":[{"date":"2025-04-26","name":"A"}],"makeUpWorkingDays":[{"date":"2025-04-26","name":"B"}]}"#,
             .dateInBothLists(CivilDate(iso: "2025-04-26")!)),
            (#"{"source":"x","holidays":[{"date":"2025-01-01","name":"\#(String(repeating: "a", count: 201))"}]}"#,
             .nameTooLong(CivilDate(iso: "2025-01-01")!, maxCharacters: 200)),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try HolidayCalendar.load(jsonData: Data(testCase.json.utf8))) { error in
                XCTAssertEqual(error as? HolidayCalendarError, testCase.error)
            }
        }
        let malformed: [(json: String, problem: String)] = [
            (#"{"source":"x","holidays":[{"date":"2025-01-01","name":"A"},{"date":"2025-02-30","name":"B"}]}"#,
             #"holidays[1].date: expected a real date as YYYY-MM-DD (years 0001-9999), got "2025-02-30""#),
            (#"{"source":"x","holidays":[{"date":" 2025-01-01","name":"A"}]}"#,
             #"holidays[0].date: expected a real date as YYYY-MM-DD (years 0001-9999), got " 2025-01-01""#),
            (#"{"source":"x","holidays":[{"date":20250101,"name":"A"}]}"#, "holidays[0].date: expected a string, got number"),
            (#"{"source":"x","holidays":[],"makeUpWorkingDays":[{"date":"2025-04-26"}]}"#, "makeUpWorkingDays[0].name: is required"),
            (#"{"source":"x","holidays":[],"makeUpWorkingDays":["2025-04-26"]}"#, "makeUpWorkingDays[0]: expected a JSON object, got string"),
            (#"{"source":"x"}"#, "holidays: is required"),
            (#"{"holidays":[]}"#, "source: is required"),
            (#"[1, 2]"#, "expected a JSON object at the top level, got array"),
            ("not json", "invalid JSON at line 1, column 1 (byte 0): invalid literal, expected 'null'"),
            // Columns count characters: "Ngày lễ" is 7 characters but 10 bytes.
            ("{\n\"source\": \"Ngày lễ\" \"holidays\": []}", "invalid JSON at line 2, column 21 (byte 25): expected ',' or '}' after object member"),
        ]
        for testCase in malformed {
            XCTAssertThrowsError(try HolidayCalendar.load(jsonData: Data(testCase.json.utf8)), testCase.json) { error in
                XCTAssertEqual(error as? HolidayCalendarError, .malformed(testCase.problem), testCase.json)
            }
        }
        XCTAssertEqual(
            HolidayCalendarError.malformed("holidays: is required").description,
            #"holiday list: not the expected JSON {"source", "holidays": [{"date": "YYYY-MM-DD", "name"}], "makeUpWorkingDays"?}: holidays: is required"#)
        let huge = Data(count: HolidayCalendar.maxJSONBytes + 1)
        XCTAssertThrowsError(try HolidayCalendar.load(jsonData: huge)) { error in
            XCTAssertEqual(error as? HolidayCalendarError, .tooLarge(bytes: huge.count, maxBytes: HolidayCalendar.maxJSONBytes))
        }
    }

    /// What the file format has always allowed: unknown keys (notes), an empty source, null for
    /// the optional list, and a UTF-8 byte-order mark from a Windows editor.
    func testLoadAcceptsWhatTheFormatAllows() throws {
        let annotated = #"{"source": "", "_note": "draft", "holidays": [{"date": "2025-09-02", "name": "Quốc khánh", "kind": "lễ"}], "makeUpWorkingDays": null}"#
        let list = try HolidayCalendar.load(jsonData: Data([0xEF, 0xBB, 0xBF] + Array(annotated.utf8)))
        XCTAssertEqual(list.holidays, [.init(date: CivilDate(iso: "2025-09-02")!, name: "Quốc khánh")])
        XCTAssertEqual(list.makeUpWorkingDays, [])
        XCTAssertEqual(list.source, "")
    }

    func testNamesAreNormalisedOnTheWayIn() throws {
        let decomposed = "Quo\u{302}\u{301}c  khánh".decomposedStringWithCanonicalMapping
        let list = try HolidayCalendar(source: "test", holidays: [.init(date: CivilDate(iso: "2025-09-02")!, name: decomposed)])
        XCTAssertEqual(list.holidays.first?.name, "Quốc khánh")
    }
}
