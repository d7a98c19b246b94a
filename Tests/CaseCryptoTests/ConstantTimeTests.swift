import XCTest
@testable import CaseCore
@testable import CaseCrypto

final class ConstantTimeTests: XCTestCase {
    func testEqualityCases() {
        let cases: [(a: [UInt8], b: [UInt8], equal: Bool, name: String)] = [
            ([], [], true, "both empty"),
            ([1, 2, 3], [1, 2, 3], true, "same bytes"),
            ([1, 2, 3], [0, 2, 3], false, "first byte differs"),
            ([1, 2, 3], [1, 2, 4], false, "last byte differs"),
            ([0x80], [0x00], false, "high bit differs"),
            ([1, 2, 3], [1, 2], false, "shorter"),
            ([1, 2], [1, 2, 3], false, "longer"),
            ([], [0], false, "empty against one zero byte"),
            ([UInt8](repeating: 0xaa, count: 32), [UInt8](repeating: 0xaa, count: 32), true, "32-byte tags"),
        ]
        for testCase in cases {
            XCTAssertEqual(ConstantTime.equals(testCase.a, testCase.b), testCase.equal, testCase.name)
        }
    }

    func testEverySingleBitDifferenceIsSeen() {
        let base = [UInt8](repeating: 0x5c, count: 16)
        for index in base.indices {
            for bit in 0 ..< 8 {
                var other = base
                other[index] ^= 1 << bit
                XCTAssertFalse(ConstantTime.equals(base, other), "byte \(index), bit \(bit)")
            }
        }
    }
}
