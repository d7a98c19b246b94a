import XCTest
@testable import CaseCore

final class DossierCodeTests: XCTestCase {
    func testFormatsAgencyDateAndFourDigitSequence() throws {
        let date = try XCTUnwrap(CivilDate(iso: "2025-07-01"))
        XCTAssertEqual(DossierCode(agency: "000.00.12.H56", date: date, sequence: 42).description, "000.00.12.H56-250701-0042")
        XCTAssertEqual(DossierCode(agency: "LOCAL", date: date, sequence: 9_999).description, "LOCAL-250701-9999")
    }

    func testWellFormedCodes() {
        let cases: [(String, Bool)] = [
            ("000.00.12.H56-250701-0042", true),
            ("LOCAL-261121-0001", true),
            ("LOCAL-26112-0001", false),
            ("LOCAL-261121-001", false),
            ("-261121-0001", false),
            ("LOC AL-261121-0001", false),
            ("LOCAL-261121-0001-2", false),
            ("local-2611x1-0001", false),
            ("ĐN-261121-0001", false),
            ("LOCAL-２６１１２１-0001", false),
            ("LOCAL-261121-0001\u{301}", false),
            ("LOCAL-\u{301}261121-0001", false),
            ("a.B.9-261121-0001", true),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(DossierCode.isWellFormed(text), expected, text)
        }
    }
}
