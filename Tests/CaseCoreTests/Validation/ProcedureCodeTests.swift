import CaseCore
import XCTest

final class ProcedureCodeTests: XCTestCase {
    func testProcedureCodes() {
        for code in ["1.001612", "2.000635", "1.001193", "1.001612.H38", "3.000123.H01", "9.999999.H99"] {
            XCTAssertTrue(ProcedureCode.isValid(code), code)
        }
        let invalid: [(String, String)] = [
            ("", "must look like"),
            ("1.00161", "must look like"),
            ("1.0016123", "must look like"),
            ("12.001612", "must look like"),  // 9 characters
            ("1-001612", "must start with one digit"),
            ("a.001612", "must start with one digit"),
            ("1.00161a", "must start with one digit"),
            ("1.001612.h38", "province suffix"),
            ("1.001612-H38", "province suffix"),
            ("1.001612.H3x", "province suffix"),
            ("1.001612.HH3", "province suffix"),
            ("1.001612.H385", "must look like"),
            ("1.001612 ", "must look like"),
            ("１.001612", "must look like"),  // full-width digit: 3 bytes
        ]
        for (code, messageContains) in invalid {
            XCTAssertFalse(ProcedureCode.isValid(code), code)
            do {
                try ProcedureCode.validate(code, field: "procedureCode")
                XCTFail("\(code) should be refused")
            } catch {
                XCTAssertEqual(error.field, "procedureCode")
                XCTAssertTrue(error.message.contains(messageContains), "\(code): \(error.message)")
            }
        }
    }
}
