import CaseCore
import XCTest

final class PhoneNumberTests: XCTestCase {
    func testNormalisesCommonSpellings() throws {
        let cases: [(input: String, normalized: String, kind: PhoneNumber.Kind)] = [
            ("0912345678", "0912345678", .mobile),
            ("+84912345678", "0912345678", .mobile),
            ("84912345678", "0912345678", .mobile),
            ("0084912345678", "0912345678", .mobile),
            ("0912 345 678", "0912345678", .mobile),
            ("091.234.5678", "0912345678", .mobile),
            ("091-234-5678", "0912345678", .mobile),
            ("+84 (0)912 345 678", "0912345678", .mobile),
            (" 0362 123 456 ", "0362123456", .mobile),
            ("0523456789", "0523456789", .mobile),
            ("0701234567", "0701234567", .mobile),
            ("0888123456", "0888123456", .mobile),
            ("024 3826 1234", "02438261234", .landline),
            ("+84 24 3826 1234", "02438261234", .landline),
            ("(0236) 382 1234", "02363821234", .landline),
            ("0243826123", "0243826123", .landline),
        ]
        for testCase in cases {
            let normalized = try PhoneNumber.normalize(testCase.input, field: "applicant.phone")
            XCTAssertEqual(normalized, testCase.normalized, testCase.input)
            XCTAssertEqual(PhoneNumber.kind(of: normalized), testCase.kind, testCase.input)
        }
    }

    func testRefusesWithAReason() {
        let cases: [(String, String)] = [
            ("", "needs digits"),
            ("   ", "needs digits"),
            ("091234567", "mobile number has 10 digits"),
            ("09123456789", "mobile number has 10 digits"),
            ("024382612", "landline number has 10 or 11 digits"),
            ("024382612345", "landline number has 10 or 11 digits"),
            ("0112345678", "starts with 03, 05, 07, 08, 09"),
            ("0612345678", "starts with 03, 05, 07, 08, 09"),
            ("1900123456", "starts with 0 (or +84)"),
            ("912345678", "starts with 0 (or +84)"),
            ("+1 415 555 0100", "only Vietnamese numbers"),
            ("0912-345-67x", "found \"x\""),
            ("0912/345/678", "found \"/\""),
            ("09+12345678", "found \"+\""),
            ("++84912345678", "found \"+\""),
            (String(repeating: "0", count: 40), "at most 32 characters"),
        ]
        for (input, messageContains) in cases {
            do {
                _ = try PhoneNumber.normalize(input, field: "applicant.phone")
                XCTFail("\(input) should be refused")
            } catch {
                XCTAssertEqual(error.field, "applicant.phone")
                XCTAssertTrue(error.message.contains(messageContains), "\(input): \(error.message)")
            }
        }
        XCTAssertNil(PhoneNumber.kind(of: "+84912345678"), "kind(of:) needs the normalised form")
    }
}
