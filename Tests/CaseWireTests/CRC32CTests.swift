import XCTest
@testable import CaseCore
@testable import CaseWire
import CaseSupport

final class CRC32CTests: XCTestCase {
    func testPublishedVectors() {
        let table: [(String, [UInt8], UInt32)] = [
            ("empty", [], 0x0000_0000),
            ("\"123456789\" (check value)", Array("123456789".utf8), 0xE306_9283),
            ("32 zero bytes (RFC 3720 B.4)", [UInt8](repeating: 0x00, count: 32), 0x8A91_36AA),
            ("32 0xFF bytes (RFC 3720 B.4)", [UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
            ("0...31 ascending (RFC 3720 B.4)", (0..<32).map { UInt8($0) }, 0x46DD_794E),
            ("31...0 descending (RFC 3720 B.4)", (0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
        ]
        for (name, bytes, expected) in table {
            XCTAssertEqual(CRC32C.checksum(bytes), expected, name)
        }
    }

    func testBufferPointerOverloadChecksumsASliceWithoutCopying() {
        let bytes: [UInt8] = [0xAA, 0xBB] + Array("123456789".utf8) + [0xCC]
        let checksum = bytes.withUnsafeBufferPointer { all in
            CRC32C.checksum(UnsafeBufferPointer(rebasing: all[2..<11]))
        }
        XCTAssertEqual(checksum, 0xE306_9283)
    }

    func testTableMatchesTheReflectedCastagnoliPolynomial() {
        XCTAssertEqual(CRC32C.table.count, 256)
        XCTAssertEqual(CRC32C.table[0], 0)
        // Entry 128 is the polynomial itself: the single set bit shifts out after seven steps.
        XCTAssertEqual(CRC32C.table[128], 0x82F6_3B78)
        XCTAssertEqual(CRC32C.table[1], 0xF26B_8303)
    }

    func testEverySingleBitFlipChangesTheChecksum() {
        let original = Array("Trung tâm Phục vụ hành chính công".utf8)
        let expected = CRC32C.checksum(original)
        for bit in 0..<(original.count * 8) {
            var flipped = original
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            XCTAssertNotEqual(CRC32C.checksum(flipped), expected, "bit \(bit)")
        }
    }

    /// Eight bytes at a time must give what one byte at a time gives, at every length
    /// (each tail of 0...7 bytes) and every starting offset.
    func testSlicingByEightMatchesTheBytewiseDefinition() {
        var generator = SplitMix64(seed: 32)
        let bytes = (0..<300).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        func bytewise(_ slice: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in slice { crc = CRC32C.table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8) }
            return crc ^ 0xFFFF_FFFF
        }
        for start in 0..<9 {
            for end in start...bytes.count {
                XCTAssertEqual(CRC32C.checksum(Array(bytes[start..<end])), bytewise(bytes[start..<end]), "bytes \(start)..<\(end)")
            }
        }
    }
}
