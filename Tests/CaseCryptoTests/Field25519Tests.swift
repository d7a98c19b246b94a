import XCTest
@testable import CaseCrypto
import CaseSupport

final class Field25519Tests: XCTestCase {
    /// p = 2^255 − 19, little-endian.
    private let pBytes = [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F]

    func testEncodingIsCanonical() {
        XCTAssertTrue(Field25519(bytes: pBytes).isZero, "p decodes (leniently) to zero")
        var pPlusOne = pBytes
        pPlusOne[0] += 1
        XCTAssertEqual(Field25519(bytes: pPlusOne).encoded(), Field25519.one.encoded())
        var topBitSet = [UInt8](repeating: 0, count: 32)
        topBitSet[0] = 5
        topBitSet[31] = 0x80
        XCTAssertEqual(Field25519(bytes: topBitSet).encoded(), Field25519(small: 5).encoded(), "bit 255 is ignored")
        XCTAssertEqual((Field25519.zero - Field25519.one).encoded(), [0xEC] + pBytes.dropFirst(), "−1 is p − 1")
    }

    func testArithmeticIdentitiesOnSeededValues() {
        var random = SplitMix64(seed: 25519)
        for _ in 0 ..< 20 {
            let a = Field25519(bytes: seededBytes(count: 32, using: &random))
            let b = Field25519(bytes: seededBytes(count: 32, using: &random))
            XCTAssertEqual((a + b - b).encoded(), a.encoded())
            XCTAssertEqual((a * b).encoded(), (b * a).encoded())
            XCTAssertEqual(((a + b) * (a - b)).encoded(), (a.squared() - b.squared()).encoded())
            XCTAssertEqual((a * a.inverted()).encoded(), Field25519.one.encoded())
            XCTAssertEqual(Field25519(bytes: a.encoded()).encoded(), a.encoded(), "encoding round-trips")
        }
    }

    func testConditionalSwap() {
        var a = Field25519(small: 1), b = Field25519(small: 2)
        Field25519.conditionalSwap(&a, &b, swap: 0)
        XCTAssertEqual(a.encoded(), Field25519(small: 1).encoded())
        Field25519.conditionalSwap(&a, &b, swap: 1)
        XCTAssertEqual(a.encoded(), Field25519(small: 2).encoded())
        XCTAssertEqual(b.encoded(), Field25519(small: 1).encoded())
    }
}
