import XCTest
@testable import CaseSupport

final class PersonalDataMaskingTests: XCTestCase {
    func testMasksRunsOfNineToThirteenDigits() {
        let cases: [(input: String, expected: String)] = [
            ("001090012345", "001******345"),                            // CCCD, 12 digits
            ("0912345678", "091****678"),                                // phone, 10 digits
            ("123456789", "123***789"),                                  // old CMND, 9 digits
            ("0101234567890", "010*******890"),                          // branch tax code, 13 digits
            ("12345678", "12345678"),                                    // 8 digits: too short
            ("12345678901234", "12345678901234"),                        // 14 digits: too long
            ("", ""),
            ("no digits at all", "no digits at all"),
            ("CCCD 001090012345, SĐT 0912345678.", "CCCD 001******345, SĐT 091****678."),
            ("id=001090012345x", "id=001******345x"),                   // letters end a run
            ("HS-2025-000123", "HS-2025-000123"),                        // dossier codes are short runs
            ("+84912345678", "+849*****678"),                            // 11 digits after the sign
            ("091 234 5678", "091 234 5678"),                            // grouped: not recognised
            ("００１０９００１２３４５", "００１******３４５"),           // fullwidth digits count too
            ("Nguyễn Văn Ánh 001090012345", "Nguyễn Văn Ánh 001******345"),
            ("001090012345\n0912345678", "001******345\n091****678"),
        ]
        for testCase in cases {
            XCTAssertEqual(PersonalDataMasking.maskIdentityNumbers(in: testCase.input), testCase.expected,
                           testCase.input.debugDescription)
        }
    }

    func testMaskedTextKeepsItsLength() {
        for digits in PersonalDataMasking.minMaskedDigits...PersonalDataMasking.maxMaskedDigits {
            let number = String(repeating: "7", count: digits)
            let masked = PersonalDataMasking.maskIdentityNumbers(in: number)
            XCTAssertEqual(masked.count, digits)
            XCTAssertEqual(masked.filter { $0 == "*" }.count, digits - 6)
        }
    }

    func testNamesBecomeInitialsWithoutMarks() {
        let cases: [(name: String, initials: String)] = [
            ("Nguyễn Văn An", "N. V. A."),
            ("Nguyễn Văn Ánh", "N. V. A."),
            ("Lê Thị Hoa", "L. T. H."),
            ("Đặng Thị Mai", "Đ. T. M."),                       // đ is a letter of its own
            ("đỗ ánh dương", "Đ. A. D."),                        // lower case in, capitals out
            ("Ưng Hoàng Phúc", "U. H. P."),
            ("Nguye\u{0302}\u{0303}n Văn An", "N. V. A."),       // decomposed input alike
            ("Hoa", "H."),                                       // a single word
            ("", ""),                                            // nothing to show
            ("   ", ""),
            ("  Trần   Thị\tBình \n", "T. T. B."),              // any whitespace, any amount
            ("Nguyễn-Văn An", "N. A."),                          // a hyphen does not split a word
            ("Lê 001090012345", "L."),                           // no digit survives
            ("(Lê) Văn", "L. V."),                               // the first letter of a word
            ("Công ty TNHH Thương mại và Dịch vụ Xây dựng Phú An", "C. T. T. T. M. V. D. V. …"),
        ]
        for testCase in cases {
            XCTAssertEqual(PersonalDataMasking.initials(ofName: testCase.name), testCase.initials, testCase.name.debugDescription)
        }
    }

    func testAPersonNameFieldIsWrittenAsInitials() {
        let field = LogField.personName("applicant", "Nguyễn Văn An")
        XCTAssertEqual(field.key, "applicant")
        XCTAssertEqual(field.value, "N. V. A.")
        XCTAssertFalse(field.isSafe, "still masked for numbers like every other value")
    }
}
