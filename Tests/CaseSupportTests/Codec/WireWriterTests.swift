import XCTest
@testable import CaseCore
@testable import CaseSupport

final class WireWriterTests: XCTestCase {
    private func written(_ write: (inout WireWriter) -> Void) -> [UInt8] {
        var writer = WireWriter()
        write(&writer)
        return writer.buffer
    }

    func testFixedWidthIntegersAreBigEndian() {
        XCTAssertEqual(written { $0.u8(0xAB) }, [0xAB])
        XCTAssertEqual(written { $0.u16(0x0102) }, [0x01, 0x02])
        XCTAssertEqual(written { $0.u32(0x0102_0304) }, [0x01, 0x02, 0x03, 0x04])
        XCTAssertEqual(written { $0.u64(0x0102_0304_0506_0708) }, [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(written { $0.i64(-2) }, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE])
        XCTAssertEqual(written { $0.i64(.min) }, [0x80, 0, 0, 0, 0, 0, 0, 0])
    }

    func testVarintsAreShortestLEB128() {
        let table: [(UInt64, [UInt8])] = [
            (0, [0x00]),
            (1, [0x01]),
            (127, [0x7F]),
            (128, [0x80, 0x01]),
            (300, [0xAC, 0x02]),
            (16_383, [0xFF, 0x7F]),
            (16_384, [0x80, 0x80, 0x01]),
            (1 << 63, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
            (.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ]
        for (value, expected) in table {
            XCTAssertEqual(written { $0.varint(value) }, expected, "\(value)")
        }
    }

    func testSignedVarintsAreZigZagged() {
        let table: [(Int64, [UInt8])] = [
            (0, [0x00]),
            (-1, [0x01]),
            (1, [0x02]),
            (-64, [0x7F]),
            (64, [0x80, 0x01]),
            (.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            (.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        ]
        for (value, expected) in table {
            XCTAssertEqual(written { $0.signedVarint(value) }, expected, "\(value)")
        }
    }

    func testBoolsBytesStringsAndFixedBytes() {
        XCTAssertEqual(written { $0.bool(true); $0.bool(false) }, [1, 0])
        XCTAssertEqual(written { $0.bytes([9, 8, 7]) }, [3, 9, 8, 7])
        XCTAssertEqual(written { $0.bytes([]) }, [0])
        // "Đ" is U+0110, two UTF-8 bytes; the prefix counts bytes, not characters.
        XCTAssertEqual(written { $0.string("Đa") }, [3, 0xC4, 0x90, 0x61])
        XCTAssertEqual(written { $0.fixedBytes([5, 6]) }, [5, 6])
        let long = [UInt8](repeating: 0x41, count: 200)
        XCTAssertEqual(Array(written { $0.bytes(long) }.prefix(2)), [0xC8, 0x01])
    }

    func testStringsAreWrittenWithoutNormalisation() {
        let decomposed = "a\u{0301}"  // a + combining acute, not NFC "á"
        XCTAssertEqual(written { $0.string(decomposed) }, [3, 0x61, 0xCC, 0x81])
    }

    func testArraysAreCountThenElements() {
        XCTAssertEqual(written { $0.array([UInt16(1), 2]) { $0.u16($1) } }, [2, 0, 1, 0, 2])
        let items = [WireSampleRecord.Item(sequence: 5, label: "x")]
        XCTAssertEqual(written { $0.array(items) }, [1, 5, 1, 0x78])
        XCTAssertEqual(items[0].wireBytes, [5, 1, 0x78])
    }
}
