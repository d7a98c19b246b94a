import XCTest
import CaseCore
import CaseWire
@testable import CaseSystem

final class SecureRandomTests: XCTestCase {
    func testReturnsExactlyTheRequestedCount() {
        for count in [0, 1, 12, 32, 257, SecureRandom.maxByteCount] {
            XCTAssertEqual(SecureRandom.bytes(count: count).count, count)
        }
    }

    func testTwoCallsDiffer() {
        // Equal 32-byte draws would mean a broken source (chance 2^-256).
        XCTAssertNotEqual(SecureRandom.bytes(count: 32), SecureRandom.bytes(count: 32))
    }

    func testALargeDrawUsesEveryByteValue() {
        // 1 MiB of uniform bytes misses a given value with chance about
        // e^-4096; a buffer left unfilled (zeros) or a short read would fail.
        let drawn = SecureRandom.bytes(count: SecureRandom.maxByteCount)
        var seen = [Bool](repeating: false, count: 256)
        for byte in drawn { seen[Int(byte)] = true }
        XCTAssertTrue(seen.allSatisfy { $0 })
        XCTAssertNotEqual(Array(drawn.suffix(64)), [UInt8](repeating: 0, count: 64))
    }

    func testTwoGeneratedTokensAndKeysDiffer() {
        XCTAssertNotEqual(TokenSecret.generate().text, TokenSecret.generate().text)
        XCTAssertNotEqual(ClusterKey.generate().bytes, ClusterKey.generate().bytes)
    }
}
