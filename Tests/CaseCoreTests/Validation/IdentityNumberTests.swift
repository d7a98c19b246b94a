import CaseCore
import XCTest

final class IdentityNumberTests: XCTestCase {
    func testValidCitizenIDs() throws {
        let cases: [(id: String, birth: String?, province: String, year: Int, female: Bool)] = [
            ("001090012345", "1990-05-01", "Hà Nội", 1990, false),
            ("001190012345", "1990-12-31", "Hà Nội", 1990, true),
            ("079203001234", "2003-01-15", "Hồ Chí Minh", 2003, false),
            ("096305000001", "2005-07-01", "Cà Mau", 2005, true),
            ("048085999999", nil, "Đà Nẵng", 1985, false),
            ("038000000000", "1900-01-01", "Thanh Hóa", 1900, false),
        ]
        for testCase in cases {
            let birth = testCase.birth.flatMap(CivilDate.init(iso:))
            let facts = try IdentityNumber.citizenIDFacts(testCase.id, birthDate: birth, field: "applicant.idNumber")
            XCTAssertEqual(facts.provinceName, testCase.province, testCase.id)
            XCTAssertEqual(facts.birthYear, testCase.year, testCase.id)
            XCTAssertEqual(facts.isFemale, testCase.female, testCase.id)
            XCTAssertNoThrow(try IdentityNumber.validateCitizenID(testCase.id, birthDate: birth, field: "applicant.idNumber"))
        }
    }

    func testInvalidCitizenIDsSayWhy() {
        let cases: [(id: String, birth: String?, messageContains: String)] = [
            ("00109001234", nil, "exactly 12 digits; got 11"),
            ("0010900123456", nil, "exactly 12 digits; got 13"),
            ("", nil, "got 0"),
            ("00109001234a", nil, "character 12 is \"a\""),
            ("001 90012345", nil, "character 4 is \" \""),
            ("００１０９００１２３４５", nil, "only the digits 0-9"),  // full-width digits
            ("003090012345", nil, "(003) are not a birth-province code"),  // a gap in the list
            ("000090012345", nil, "not a birth-province code"),
            ("097090012345", nil, "not a birth-province code"),
            ("099090012345", nil, "not a birth-province code"),
            ("001090012345", "2000-01-01", "digit 4 (0) means born in the 1900s"),
            ("001290012345", "1990-01-01", "digit 4 (2) means born in the 2000s"),
            ("001890012345", "1990-01-01", "digit 4 (8) means born in the 1800s"),
            ("001090012345", "1991-01-01", "digits 5-6 (90) mean born in 1990"),
            (String(repeating: "1", count: 10_000), nil, "bytes of text"),
        ]
        for testCase in cases {
            let birth = testCase.birth.flatMap(CivilDate.init(iso:))
            do {
                try IdentityNumber.validateCitizenID(testCase.id, birthDate: birth, field: "applicant.idNumber")
                XCTFail("\(testCase.id.prefix(20)) should be refused")
            } catch {
                XCTAssertEqual(error.field, "applicant.idNumber")
                XCTAssertTrue(error.message.contains(testCase.messageContains),
                              "\(testCase.id.prefix(20)): \"\(error.message)\" should contain \"\(testCase.messageContains)\"")
            }
        }
    }

    func testTaxCodes() {
        let valid = ["0100107518", "0100109106", "0300588569", "0101248141", "0100107518-001", "0100107518-999"]
        for code in valid {
            XCTAssertNoThrow(try IdentityNumber.validateTaxCode(code, field: "applicant.taxCode"), code)
        }
        let invalid: [(String, String)] = [
            ("0100107519", "check digit"),
            ("0300588560", "check digit"),
            ("010010751", "exactly 10 digits; got 9"),
            ("01001075180", "exactly 10 digits; got 11"),
            ("0100107518-000", "branch number 000"),
            ("0100107518-01", "exactly 3 digits; got 2"),
            ("0100107518-0001", "10 digits, '-' and a 3-digit branch"),
            ("0100107518-001-2", "10 digits, '-' and a 3-digit branch"),
            ("0100107518-", "exactly 3 digits; got 0"),
            ("010010751a", "only the digits 0-9"),
            ("", "got 0"),
        ]
        for (code, messageContains) in invalid {
            do {
                try IdentityNumber.validateTaxCode(code, field: "applicant.taxCode")
                XCTFail("\(code) should be refused")
            } catch {
                XCTAssertEqual(error.field, "applicant.taxCode")
                XCTAssertTrue(error.message.contains(messageContains), "\(code): \(error.message)")
            }
        }
    }

    func testMasking() {
        let cases: [(String, String)] = [
            ("001090012345", "001******345"),
            ("0100107518-001", "010********001"),
            ("1234567", "123*567"),
            ("123456", "******"),
            ("", ""),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(IdentityNumber.masked(input), expected, input)
        }
    }

    func testValidationIssueDescription() {
        XCTAssertEqual(ValidationIssue(field: "applicant.idNumber", message: "bad").description, "applicant.idNumber: bad")
    }
}
