import CaseCore
import XCTest

final class LookupPinTests: XCTestCase {
    func testOnlySixASCIIDigitsAreAPin() {
        XCTAssertEqual(LookupPin(parsing: "042917")?.text, "042917")
        XCTAssertEqual(LookupPin(parsing: "  042917 ")?.text, "042917", "spaces a phone keyboard adds are ignored")
        for bad in ["", "04291", "0429170", "04291a", "042 917", "٠٤٢٩١٧", "０４２９１７", "-42917", String(repeating: " ", count: 40) + "042917"] {
            XCTAssertNil(LookupPin(parsing: bad), bad)
        }
    }

    func testAPinNeverPrintsItself() {
        let pin = LookupPin(parsing: "042917")!
        XCTAssertEqual("\(pin)", "******")
    }

    /// Values at or past 4,294,000,000 are drawn again, so every PIN is equally likely;
    /// the rest are taken modulo 10^6 and padded to six digits.
    func testGenerationRejectsTheBiasedTailAndPadsWithZeros() {
        var draws: [[UInt8]] = [[0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xF1, 0x3D, 0x80], [0x00, 0x00, 0x00, 0x2A]]
        let pin = LookupPin.generate { count in
            XCTAssertEqual(count, 4)
            return draws.removeFirst()
        }
        XCTAssertEqual(pin.text, "000042")
        XCTAssertTrue(draws.isEmpty, "both values of the biased tail were drawn again")
        XCTAssertEqual(LookupPin.generate { _ in [0xFF, 0xF1, 0x3D, 0x7F] }.text, "999999", "4,293,999,999 is the last value kept")
    }
}
