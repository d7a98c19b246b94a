import XCTest
import CaseArguments

final class TerminalWidthTests: XCTestCase {
    func testCellsPerGraphemeCluster() {
        let cases: [(text: String, cells: Int)] = [
            ("", 0),
            ("abc", 3),
            ("Nguyễn Văn Ánh", 14),                                  // precomposed
            ("Nguye\u{0302}\u{0303}n Va\u{0306}n A\u{0301}nh", 14),   // decomposed: marks add nothing
            ("Đặng", 4),
            ("\u{0301}", 0),                                          // a lone combining mark
            ("a\u{200B}b", 2),                                        // zero-width space
            ("日本", 4),                                              // East Asian wide
            ("ＡＢ", 4),                                              // fullwidth Latin
            ("👍", 2),
            ("👨‍👩‍👧", 2),                                                // one family emoji cluster
            ("❤\u{FE0F}", 2),                                         // text symbol shown as emoji
        ]
        for testCase in cases {
            XCTAssertEqual(TerminalWidth.cells(of: testCase.text), testCase.cells, testCase.text.debugDescription)
        }
    }

    func testTruncationEndsWithEllipsisAndFits() {
        let cases: [(text: String, maxCells: Int, expected: String)] = [
            ("short", 10, "short"),
            ("exactly", 7, "exactly"),
            ("Nguyễn Văn Ánh", 8, "Nguyễn …"),
            ("Nguye\u{0302}\u{0303}n", 5, "Nguy…"),
            ("日本語です", 6, "日本…"),
            ("日本語です", 5, "日本…"),   // a wide character that would overhang is left out
            ("abc", 1, "…"),
        ]
        for testCase in cases {
            let result = TerminalWidth.truncate(testCase.text, toCells: testCase.maxCells)
            XCTAssertEqual(result, testCase.expected, "\(testCase.text) to \(testCase.maxCells)")
            XCTAssertLessThanOrEqual(TerminalWidth.cells(of: result), testCase.maxCells)
        }
    }
}
