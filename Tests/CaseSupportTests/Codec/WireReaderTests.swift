import XCTest
@testable import CaseCore
@testable import CaseSupport

final class WireReaderTests: XCTestCase {
    // MARK: - Round trips at the boundaries

    func testFixedWidthRoundTripsAtBoundaries() throws {
        var writer = WireWriter()
        let bytes8: [UInt8] = [0, 127, 128, .max]
        let values16: [UInt16] = [0, 127, 128, 255, 256, .max]
        let values32: [UInt32] = [0, 127, 128, 1 << 31, .max]
        let values64: [UInt64] = [0, 127, 128, 1 << 63, .max]
        let signed64: [Int64] = [0, -1, 1, .min, .max]
        bytes8.forEach { writer.u8($0) }
        values16.forEach { writer.u16($0) }
        values32.forEach { writer.u32($0) }
        values64.forEach { writer.u64($0) }
        signed64.forEach { writer.i64($0) }

        var reader = WireReader(writer.buffer)
        XCTAssertEqual(try bytes8.map { _ in try reader.readU8() }, bytes8)
        XCTAssertEqual(try values16.map { _ in try reader.readU16() }, values16)
        XCTAssertEqual(try values32.map { _ in try reader.readU32() }, values32)
        XCTAssertEqual(try values64.map { _ in try reader.readU64() }, values64)
        XCTAssertEqual(try signed64.map { _ in try reader.readI64() }, signed64)
        XCTAssertNoThrow(try reader.expectEnd())
    }

    func testVarintRoundTripsAtEveryGroupBoundary() throws {
        var values: [UInt64] = [0, 127, 128, 1 << 63, .max, (1 << 63) - 1]
        for bits in stride(from: UInt64(7), through: 63, by: 7) {
            values += [(1 << bits) - 1, 1 << bits, (1 << bits) + 1]
        }
        for value in values {
            var writer = WireWriter()
            writer.varint(value)
            var reader = WireReader(writer.buffer)
            XCTAssertEqual(try reader.readVarint(), value)
            XCTAssertTrue(reader.isAtEnd, "\(value)")
        }
    }

    func testSignedVarintRoundTripsAtBoundaries() throws {
        let values: [Int64] = [0, -1, 1, -64, 63, 64, -65, 127, 128, -128, .max, .min, .max - 1, .min + 1]
        for value in values {
            var writer = WireWriter()
            writer.signedVarint(value)
            var reader = WireReader(writer.buffer)
            XCTAssertEqual(try reader.readSignedVarint(), value)
            XCTAssertTrue(reader.isAtEnd, "\(value)")
        }
    }

    func testBoolsBytesStringsAndFixedBytesRoundTrip() throws {
        let strings = ["", "a", "Đắk Lắk", "Thừa Thiên Huế 😀", String(repeating: "ư", count: 100)]
        let blobs: [[UInt8]] = [[], [0], Array(0...255)]
        var writer = WireWriter()
        writer.bool(true)
        writer.bool(false)
        strings.forEach { writer.string($0) }
        blobs.forEach { writer.bytes($0) }
        writer.fixedBytes([1, 2, 3])

        var reader = WireReader(writer.buffer)
        XCTAssertEqual(try reader.readBool(), true)
        XCTAssertEqual(try reader.readBool(), false)
        XCTAssertEqual(try strings.map { _ in try reader.readString(maxBytes: 300) }, strings)
        XCTAssertEqual(try blobs.map { _ in try reader.readBytes(maxBytes: 256) }, blobs)
        XCTAssertEqual(try reader.readFixedBytes(count: 3), [1, 2, 3])
        XCTAssertNoThrow(try reader.expectEnd())
    }

    func testStringsComeBackByteForByteWithoutNormalisation() throws {
        let decomposed = "a\u{0301}"
        var writer = WireWriter()
        writer.string(decomposed)
        var reader = WireReader(writer.buffer)
        XCTAssertEqual(Array(try reader.readString(maxBytes: 8).utf8), Array(decomposed.utf8))
    }

    func testStructuredValueRoundTripsExactly() throws {
        let bytes = WireSampleRecord.example.wireBytes
        XCTAssertEqual(try WireSampleRecord(wireBytes: bytes), WireSampleRecord.example)
    }

    func testReaderOverASliceStartsAtTheSliceAndCountsFromIt() throws {
        let buffer: [UInt8] = [0xEE, 0xEE, 0x01, 0x02, 0xEE]
        var reader = WireReader(buffer[2..<4])
        XCTAssertEqual(reader.remainingCount, 2)
        XCTAssertEqual(try reader.readU16(), 0x0102)
        XCTAssertEqual(reader.offset, 2)
        XCTAssertTrue(reader.isAtEnd)
        XCTAssertThrowsError(try reader.readU8()) { error in
            XCTAssertEqual(error as? WireDecodingError, .truncated(needed: 1, remaining: 0))
        }
    }

    // MARK: - Refusals

    func testTruncationAtEveryBytePositionThrowsTruncated() {
        let bytes = WireSampleRecord.example.wireBytes
        XCTAssertGreaterThan(bytes.count, 60)
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try WireSampleRecord(wireBytes: Array(bytes.prefix(length))), "prefix \(length)") { error in
                guard case .truncated = error as? WireDecodingError else {
                    return XCTFail("prefix \(length): expected .truncated, got \(error)")
                }
            }
        }
    }

    func testTrailingBytesAreRefused() {
        let bytes = WireSampleRecord.example.wireBytes + [0, 0]
        XCTAssertThrowsError(try WireSampleRecord(wireBytes: bytes)) { error in
            XCTAssertEqual(error as? WireDecodingError, .trailingBytes(2))
        }
    }

    func testMalformedVarintsAreRefused() {
        let table: [(String, [UInt8], WireDecodingError)] = [
            ("eleven bytes", [UInt8](repeating: 0x80, count: 10) + [0x00], .varintOverflow),
            ("tenth byte 2 (bit 64)", [UInt8](repeating: 0xFF, count: 9) + [0x02], .varintOverflow),
            ("tenth byte 0x7F", [UInt8](repeating: 0xFF, count: 9) + [0x7F], .varintOverflow),
            ("tenth byte continues", [UInt8](repeating: 0x80, count: 9) + [0x81], .varintOverflow),
            ("zero in two bytes", [0x80, 0x00], .varintNotMinimal),
            ("one in three bytes", [0x81, 0x80, 0x00], .varintNotMinimal),
            ("tenth byte zero", [UInt8](repeating: 0xFF, count: 9) + [0x00], .varintNotMinimal),
            ("ends mid-varint", [0x80], .truncated(needed: 1, remaining: 0)),
            ("empty", [], .truncated(needed: 1, remaining: 0)),
        ]
        for (name, bytes, expected) in table {
            var reader = WireReader(bytes)
            XCTAssertThrowsError(try reader.readVarint(), name) { error in
                XCTAssertEqual(error as? WireDecodingError, expected, name)
            }
        }
    }

    func testBoolOtherThanZeroOrOneIsRefused() {
        var reader = WireReader([2])
        XCTAssertThrowsError(try reader.readBool()) { error in
            guard case .invalidValue(let message) = error as? WireDecodingError else {
                return XCTFail("expected .invalidValue, got \(error)")
            }
            XCTAssertTrue(message.contains("0 or 1"), message)
        }
    }

    func testInvalidUTF8IsRefused() {
        let table: [(String, [UInt8])] = [
            ("lone continuation byte", [0x80]),
            ("truncated two-byte sequence", [0xC3]),
            ("bad continuation", [0xC3, 0x28]),
            ("overlong encoding of NUL", [0xC0, 0x80]),
            ("UTF-16 surrogate", [0xED, 0xA0, 0x80]),
            ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
            ("0xFF", [0xFF]),
        ]
        for (name, content) in table {
            var reader = WireReader([UInt8(content.count)] + content)
            XCTAssertThrowsError(try reader.readString(maxBytes: 16), name) { error in
                XCTAssertEqual(error as? WireDecodingError, .invalidUTF8, name)
            }
        }
    }

    func testLengthPrefixLargerThanTheRemainingBytesIsTruncated() {
        var bytesReader = WireReader([5, 1, 2, 3])
        XCTAssertThrowsError(try bytesReader.readBytes(maxBytes: 100)) { error in
            XCTAssertEqual(error as? WireDecodingError, .truncated(needed: 5, remaining: 3))
        }
        var stringReader = WireReader([5, 0x61])
        XCTAssertThrowsError(try stringReader.readString(maxBytes: 100)) { error in
            XCTAssertEqual(error as? WireDecodingError, .truncated(needed: 5, remaining: 1))
        }
    }

    func testLengthPrefixAboveTheCallersLimitIsRefusedEvenWhenTheBytesAreThere() {
        var reader = WireReader([4, 0x61, 0x62, 0x63, 0x64])
        XCTAssertThrowsError(try reader.readString(maxBytes: 3)) { error in
            XCTAssertEqual(error as? WireDecodingError, .lengthTooLarge(length: 4, max: 3))
        }
    }

    func testHugeDeclaredLengthsAreRefusedBeforeAllocating() {
        // 2^63 and 2^64-1: allocating either would trap, so reaching the
        // assertion at all shows the limit was checked first.
        var writer = WireWriter()
        writer.varint(1 << 63)
        var reader = WireReader(writer.buffer)
        XCTAssertThrowsError(try reader.readBytes(maxBytes: WireLimits.maxBytesFieldBytes)) { error in
            XCTAssertEqual(error as? WireDecodingError,
                           .lengthTooLarge(length: 1 << 63, max: WireLimits.maxBytesFieldBytes))
        }
        var maxWriter = WireWriter()
        maxWriter.varint(.max)
        var stringReader = WireReader(maxWriter.buffer)
        XCTAssertThrowsError(try stringReader.readString(maxBytes: Int.max)) { error in
            XCTAssertEqual(error as? WireDecodingError, .lengthTooLarge(length: .max, max: Int.max))
        }
    }

    func testHugeDeclaredCountIsRefusedBeforeReservingOrReadingElements() {
        var writer = WireWriter()
        writer.varint(UInt64.max)
        var reader = WireReader(writer.buffer)
        var elementsRead = 0
        XCTAssertThrowsError(try reader.readArray(maxCount: WireLimits.maxArrayCount) { reader throws(WireDecodingError) in
            elementsRead += 1
            return try reader.readU8()
        }) { error in
            XCTAssertEqual(error as? WireDecodingError, .countTooLarge(count: .max, max: WireLimits.maxArrayCount))
        }
        XCTAssertEqual(elementsRead, 0)
    }

    func testCountWithinTheLimitButBeyondTheRemainingBytesIsRefusedBeforeReading() {
        // 1,000 elements of at least 8 bytes cannot fit in the 3 bytes that follow.
        var reader = WireReader([0xE8, 0x07, 1, 2, 3])
        var elementsRead = 0
        XCTAssertThrowsError(try reader.readArray(maxCount: 10_000, minElementBytes: 8) { reader throws(WireDecodingError) in
            elementsRead += 1
            return try reader.readU64()
        }) { error in
            XCTAssertEqual(error as? WireDecodingError, .truncated(needed: 8_000, remaining: 3))
        }
        XCTAssertEqual(elementsRead, 0)
    }

    func testCountTimesElementSizeThatOverflowsIsRefused() {
        var writer = WireWriter()
        writer.varint(UInt64(Int.max / 2))
        var reader = WireReader(writer.buffer)
        XCTAssertThrowsError(try reader.readArray(maxCount: .max, minElementBytes: 4) { reader throws(WireDecodingError) in
            try reader.readU32()
        }) { error in
            guard case .truncated = error as? WireDecodingError else { return XCTFail("got \(error)") }
        }
    }

    func testFixedBytesBeyondTheEndAreTruncated() {
        var reader = WireReader([1, 2])
        XCTAssertThrowsError(try reader.readFixedBytes(count: 32)) { error in
            XCTAssertEqual(error as? WireDecodingError, .truncated(needed: 32, remaining: 2))
        }
    }

    func testErrorsDescribeWhatWasWrongAndWhatIsAllowed() {
        XCTAssertEqual(WireDecodingError.lengthTooLarge(length: 70_000, max: 65_536).description,
                       "length 70000 is too large: at most 65536 bytes are allowed here")
        XCTAssertEqual(WireDecodingError.truncated(needed: 8, remaining: 3).description,
                       "truncated input: needed 8 more bytes but only 3 remain")
    }

    // MARK: - Garbage

    /// Random bytes, and valid encodings with random damage, must decode to a
    /// value or throw a WireDecodingError; a value that decodes must re-encode
    /// to exactly the bytes it came from (every value has one encoding).
    func testRandomInputDecodesOrThrowsAndDecodedValuesReencodeIdentically() {
        var random = SplitMix64(seed: 0x5EED_C0DE)
        let valid = WireSampleRecord.example.wireBytes
        var decodedCount = 0
        var failedCount = 0
        for round in 0..<10_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...120, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            }
            do {
                let record = try WireSampleRecord(wireBytes: bytes)
                XCTAssertEqual(record.wireBytes, bytes, "round \(round)")
                decodedCount += 1
            } catch {
                failedCount += 1
            }
        }
        XCTAssertEqual(decodedCount + failedCount, 10_000)
        // Damage to fixed-width fields leaves a valid record; damage to lengths does not.
        XCTAssertGreaterThan(decodedCount, 100)
        XCTAssertGreaterThan(failedCount, 5_000)
    }
}
