import CaseCore
import XCTest

final class AgencyCodeTests: XCTestCase {
    func testAgencyCodes() {
        for code in ["000.00.12.H56", "H56", "G01.001", "A", String(repeating: "9", count: 32)] {
            XCTAssertTrue(AgencyCode.isValid(code), code)
        }
        let invalid: [(String, String)] = [
            ("", "must not be empty"),
            (String(repeating: "9", count: 33), "at most 32 characters"),
            ("000.00.12.h56", "found \"h\""),
            ("000.00.12-H56", "found \"-\""),
            ("000 00", "found a space"),
            ("000.00.12.Ḥ56", "a non-ASCII character"),
            (".000", "no empty group"),
            ("000.", "no empty group"),
            ("000..12", "no empty group"),
        ]
        for (code, messageContains) in invalid {
            XCTAssertFalse(AgencyCode.isValid(code), code)
            do {
                try AgencyCode.validate(code, field: "centre.agencyCode")
                XCTFail("\(code) should be refused")
            } catch {
                XCTAssertEqual(error.field, "centre.agencyCode")
                XCTAssertTrue(error.message.contains(messageContains), "\(code): \(error.message)")
            }
        }
    }
}
