import XCTest
@testable import CaseCore
@testable import CaseCrypto

final class HexTests: XCTestCase {
    func testEncodesEveryByteAsTwoLowercaseDigits() {
        XCTAssertEqual(Hex.encode([0x00, 0x01, 0x7f, 0x80, 0xab, 0xff]), "00017f80abff")
        XCTAssertEqual(Hex.encode([]), "")
    }

    func testDecodeAcceptsBothCasesAndRoundTrips() {
        XCTAssertEqual(Hex.decode("00017F80aBfF"), [0x00, 0x01, 0x7f, 0x80, 0xab, 0xff])
        let all = (0 ... 255).map { UInt8($0) }
        XCTAssertEqual(Hex.decode(Hex.encode(all)), all)
    }

    func testDecodeRefusesOddLengthsAndNonDigits() {
        XCTAssertNil(Hex.decode("abc"))
        XCTAssertNil(Hex.decode("0g"))
        XCTAssertNil(Hex.decode("12 34"))
        XCTAssertNil(Hex.decode("đđ"))
    }
}
