import XCTest
@testable import CaseCore
@testable import CaseSupport

final class LogfmtEncoderTests: XCTestCase {
    func testQuotesAndEscapesOnlyWhenNeeded() {
        let cases: [(value: String, encoded: String)] = [
            ("127.0.0.1:7400", "127.0.0.1:7400"),
            ("Hà_Nội", "Hà_Nội"),
            ("", "\"\""),
            ("two words", "\"two words\""),
            ("a=b", "\"a=b\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""),
            ("C:\\path", "\"C:\\\\path\""),
            ("line1\nline2", "\"line1\\nline2\""),
            ("tab\there", "\"tab\\there\""),
            ("cr\r", "\"cr\\r\""),
            ("esc\u{1B}[31m", "\"esc\\u001b[31m\""),
            ("rtl\u{202E}txt", "\"rtl\\u202etxt\""),              // a bidi override cannot disguise a line
            ("nbsp\u{00A0}x", "\"nbsp\u{00A0}x\""),
            ("sep\u{2028}", "\"sep\\u2028\""),
            ("tag\u{E0041}", "\"tag\\U000e0041\""),
        ]
        for testCase in cases {
            XCTAssertEqual(LogfmtEncoder.encode(testCase.value), testCase.encoded, testCase.value.debugDescription)
        }
    }

    func testAlwaysQuoteForMessages() {
        XCTAssertEqual(LogfmtEncoder.encode("listening", alwaysQuote: true), "\"listening\"")
    }
}
