import XCTest
@testable import CaseCore
import CaseSupport
@testable import CaseWire

final class FrameDecoderTests: XCTestCase {
    private static let sampleFrames = [
        Frame(type: 1, version: 1, payload: Array("xin chào".utf8)),
        Frame(type: 2, version: 1, payload: []),
        Frame(type: 0xFFFF, version: 7, payload: Array(0...255)),
    ]

    /// Every frame the decoder has complete.
    private func drain(_ decoder: inout FrameDecoder) throws -> [Frame] {
        var frames: [Frame] = []
        while let frame = try decoder.nextFrame() {
            frames.append(frame)
        }
        return frames
    }

    private func stream(_ frames: [Frame]) -> [UInt8] {
        var bytes: [UInt8] = []
        frames.forEach { FrameEncoder.encode($0, into: &bytes) }
        return bytes
    }

    private func assertThrows(
        _ expected: FrameError, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? FrameError, expected, file: file, line: line)
        }
    }

    // MARK: - Decoding

    func testFramesRoundTrip() throws {
        for frame in Self.sampleFrames {
            var decoder = FrameDecoder()
            try decoder.append(FrameEncoder.encode(frame))
            XCTAssertEqual(try decoder.nextFrame(), frame)
            XCTAssertNil(try decoder.nextFrame())
            XCTAssertEqual(decoder.bufferedByteCount, 0)
        }
    }

    func testNothingComesOutUntilTheWholeFrameIsThere() throws {
        let bytes = FrameEncoder.encode(Self.sampleFrames[0])
        var decoder = FrameDecoder()
        try decoder.append(bytes.dropLast())
        XCTAssertNil(try decoder.nextFrame())
        XCTAssertEqual(decoder.bufferedByteCount, bytes.count - 1)
        try decoder.append(bytes.suffix(1))
        XCTAssertEqual(try decoder.nextFrame(), Self.sampleFrames[0])
    }

    func testFramesSplitAtEveryByteBoundaryComeOutWhole() throws {
        let bytes = stream(Self.sampleFrames)
        for split in 0...bytes.count {
            var decoder = FrameDecoder()
            try decoder.append(bytes[..<split])
            var frames = try drain(&decoder)
            try decoder.append(bytes[split...])
            frames += try drain(&decoder)
            XCTAssertEqual(frames, Self.sampleFrames, "split at \(split)")
            XCTAssertEqual(decoder.bufferedByteCount, 0, "split at \(split)")
        }
    }

    func testFramesFedOneByteAtATimeComeOutWhole() throws {
        var decoder = FrameDecoder()
        var frames: [Frame] = []
        for byte in stream(Self.sampleFrames) {
            try decoder.append(CollectionOfOne(byte))
            frames += try drain(&decoder)
        }
        XCTAssertEqual(frames, Self.sampleFrames)
    }

    func testManyFramesInOneBufferComeOutInOrder() throws {
        let frames = (0..<500).map { index in
            Frame(type: UInt16(index), version: 1, payload: [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: index % 37))
        }
        var decoder = FrameDecoder()
        try decoder.append(stream(frames))
        XCTAssertEqual(try drain(&decoder), frames)
    }

    func testAPayloadOfExactlyTheLimitIsAccepted() throws {
        let frame = Frame(type: 3, version: 1, payload: [UInt8](repeating: 0x5A, count: 1_000))
        var decoder = FrameDecoder(maxPayloadBytes: 1_000)
        XCTAssertEqual(decoder.freeCapacity, 1_016)
        try decoder.append(FrameEncoder.encode(frame))
        XCTAssertEqual(try decoder.nextFrame(), frame)
    }

    func testAFullSizeFrameAtTheDefaultLimitArrivesInSocketSizedReads() throws {
        // A 251-byte (prime) pattern never lines up with the 64 KiB reads, so a misplaced read shows.
        let block = (0..<251).map { UInt8($0) }
        var payload: [UInt8] = []
        while payload.count < WireLimits.maxFramePayloadBytes {
            payload += block.prefix(WireLimits.maxFramePayloadBytes - payload.count)
        }
        let frame = Frame(type: 5, version: 1, payload: payload)
        let bytes = FrameEncoder.encode(frame)
        var decoder = FrameDecoder()
        var decoded: [Frame] = []
        for start in stride(from: 0, to: bytes.count, by: 65_536) {
            try decoder.append(bytes[start..<min(bytes.count, start + 65_536)])
            decoded += try drain(&decoder)
        }
        XCTAssertEqual(decoded, [frame])
        XCTAssertEqual(decoder.ring.count, decoder.bufferLimitBytes)
    }

    func testVersionAndTypeAreReportedNotJudged() throws {
        let frame = Frame(type: 0xBEEF, version: 0xFFFF, payload: [1])
        var decoder = FrameDecoder()
        try decoder.append(FrameEncoder.encode(frame))
        let decoded = try XCTUnwrap(try decoder.nextFrame())
        XCTAssertEqual(decoded.version, 0xFFFF)
        XCTAssertEqual(decoded.type, 0xBEEF)
    }

    // MARK: - Refusals

    func testAStrangerIsRefusedOnTheFirstByteThatIsNotTheMagic() {
        let table: [(String, [UInt8], [UInt8])] = [
            ("HTTP request, first byte alone", Array("G".utf8), Array("G".utf8)),
            ("HTTP request", Array("GET / HTTP/1.1\r\n".utf8), Array("GET ".utf8)),
            ("TLS client hello", [0x16, 0x03, 0x01, 0x02, 0x00], [0x16, 0x03, 0x01, 0x02]),
            ("another revision", Array("CSP2".utf8) + [0, 1], Array("CSP2".utf8)),
            ("second byte wrong", [0x43, 0x00], [0x43, 0x00]),
        ]
        for (name, bytes, found) in table {
            var decoder = FrameDecoder()
            XCTAssertThrowsError(try decoder.append(bytes), name) { error in
                XCTAssertEqual(error as? FrameError, .badMagic(found: found), name)
            }
        }
    }

    func testBadMagicAfterAGoodFrameComesAfterThatFrame() throws {
        var decoder = FrameDecoder()
        try decoder.append(FrameEncoder.encode(Self.sampleFrames[0]) + Array("junk".utf8))
        XCTAssertEqual(try decoder.nextFrame(), Self.sampleFrames[0])
        assertThrows(.badMagic(found: Array("junk".utf8))) { _ = try decoder.nextFrame() }
    }

    func testOversizedDeclaredLengthIsRefusedAsSoonAsTheHeaderIsComplete() throws {
        let header = FrameHeader(version: 1, type: 1, payloadLength: 1_025, payloadChecksum: 0)
        var decoder = FrameDecoder(maxPayloadBytes: 1_024)
        try decoder.append(header.wireBytes.dropLast())
        assertThrows(.payloadTooLarge(declared: 1_025, max: 1_024)) { try decoder.append(header.wireBytes.suffix(1)) }
        XCTAssertEqual(decoder.bufferedByteCount, FrameHeader.byteCount)
    }

    func testMaximalDeclaredLengthIsRefusedWithTheDefaultLimit() {
        let header = FrameHeader(version: 1, type: 1, payloadLength: .max, payloadChecksum: 0)
        var decoder = FrameDecoder()
        assertThrows(.payloadTooLarge(declared: .max, max: WireLimits.maxFramePayloadBytes)) {
            try decoder.append(header.wireBytes)
        }
    }

    func testOversizedHeaderIsReportedAsSuchEvenWhenItsPayloadOverflowsTheBuffer() {
        let header = FrameHeader(version: 1, type: 1, payloadLength: 5_000, payloadChecksum: 0)
        var decoder = FrameDecoder(maxPayloadBytes: 1_024)
        assertThrows(.payloadTooLarge(declared: 5_000, max: 1_024)) {
            try decoder.append(header.wireBytes + [UInt8](repeating: 0, count: 2_000))
        }
        XCTAssertEqual(decoder.bufferedByteCount, 0)
    }

    func testEveryFlippedPayloadBitIsAChecksumMismatch() throws {
        let frame = Frame(type: 9, version: 1, payload: Array("hồ sơ".utf8))
        let bytes = FrameEncoder.encode(frame)
        let declared = CRC32C.checksum(frame.payload)
        for bit in (FrameHeader.byteCount * 8)..<(bytes.count * 8) {
            var damaged = bytes
            damaged[bit / 8] ^= 1 << UInt8(bit % 8)
            var decoder = FrameDecoder()
            try decoder.append(damaged)
            XCTAssertThrowsError(try decoder.nextFrame(), "bit \(bit)") { error in
                guard case .checksumMismatch(declared, _) = error as? FrameError else {
                    return XCTFail("bit \(bit): expected .checksumMismatch, got \(error)")
                }
            }
        }
    }

    func testDamagedChecksumFieldIsAChecksumMismatch() throws {
        var bytes = FrameEncoder.encode(Self.sampleFrames[0])
        bytes[15] ^= 0x01
        var decoder = FrameDecoder()
        try decoder.append(bytes)
        assertThrows(.checksumMismatch(declared: CRC32C.checksum(Self.sampleFrames[0].payload) ^ 1,
                                       computed: CRC32C.checksum(Self.sampleFrames[0].payload))) {
            _ = try decoder.nextFrame()
        }
    }

    func testAppendingMoreThanTheFreeCapacityIsRefused() throws {
        let frame = Frame(type: 1, version: 1, payload: [UInt8](repeating: 1, count: 8))
        var decoder = FrameDecoder(maxPayloadBytes: 8)
        XCTAssertEqual(decoder.bufferLimitBytes, 24)
        assertThrows(.bufferLimitExceeded(buffered: 0, appending: 25, limit: 24)) {
            try decoder.append(FrameEncoder.encode(frame) + [0x43])
        }
        XCTAssertEqual(decoder.bufferedByteCount, 0)
    }

    func testEveryErrorPoisonsTheDecoder() throws {
        let valid = FrameEncoder.encode(Self.sampleFrames[0])
        var badChecksum = valid
        badChecksum[valid.count - 1] ^= 0xFF
        let oversized = FrameHeader(version: 1, type: 1, payloadLength: 100, payloadChecksum: 0).wireBytes
        let table: [(String, [UInt8], Int)] = [
            ("bad magic", Array("GET ".utf8), 1_000),
            ("payload too large", oversized, 64),
            ("checksum mismatch", badChecksum, 1_000),
            ("buffer limit exceeded", [UInt8](repeating: 0x43, count: 100), 64),
        ]
        for (name, bytes, maxPayloadBytes) in table {
            var decoder = FrameDecoder(maxPayloadBytes: maxPayloadBytes)
            var firstError: FrameError?
            do {
                try decoder.append(bytes)
                _ = try drain(&decoder)
            } catch {
                firstError = error as? FrameError
            }
            let expected = try XCTUnwrap(firstError, name)
            assertThrows(expected) { try decoder.append(FrameEncoder.encode(Frame(type: 1, version: 1, payload: []))) }
            assertThrows(expected) { _ = try decoder.nextFrame() }
            assertThrows(expected) { try decoder.append([UInt8]()) }
        }
    }

    // MARK: - Bounded memory

    func testReadingAtMostTheFreeCapacityNeverOverflowsAndAlwaysMakesProgress() throws {
        let maxPayloadBytes = 1_000
        let frames = (0..<200).map { index in
            Frame(type: 1, version: 1, payload: [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: index % 3 == 0 ? maxPayloadBytes : index * 7 % 400))
        }
        let bytes = stream(frames)
        var decoder = FrameDecoder(maxPayloadBytes: maxPayloadBytes)
        var decoded: [Frame] = []
        var position = 0
        while position < bytes.count {
            guard decoder.freeCapacity >= 1 else { return XCTFail("no free capacity after draining") }
            let chunkEnd = min(bytes.count, position + min(333, decoder.freeCapacity))
            try decoder.append(bytes[position..<chunkEnd])
            position = chunkEnd
            XCTAssertLessThanOrEqual(decoder.bufferedByteCount, decoder.bufferLimitBytes)
            decoded += try drain(&decoder)
        }
        XCTAssertEqual(decoded, frames)
    }

    func testStorageStaysWithinTheLimitAndGrowthCopiesStayProportionalToIt() throws {
        // Chunks of a prime size never end on a frame boundary, so the buffer
        // is rarely empty and every byte position of the storage gets used.
        let frames = (0..<20_000).map { index in
            Frame(type: 1, version: 1, payload: [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: index % 29))
        }
        let bytes = stream(frames)
        var decoder = FrameDecoder(maxPayloadBytes: 4_096)
        var decoded: [Frame] = []
        var position = 0
        while position < bytes.count {
            let chunkEnd = min(bytes.count, position + 997)
            try decoder.append(bytes[position..<chunkEnd])
            position = chunkEnd
            decoded += try drain(&decoder)
            XCTAssertLessThanOrEqual(decoder.ring.count, decoder.bufferLimitBytes)
        }
        XCTAssertEqual(decoded, frames)
        XCTAssertLessThanOrEqual(decoder.grownByteCount, 2 * decoder.bufferLimitBytes)
    }

    func testABacklogDrainedOneFramePerReadWrapsAroundAndComesOutWhole() throws {
        // The caller takes one frame per read, so the decoder runs full and
        // frames (and headers) straddle the end of its storage.
        let frames = (0..<3_000).map { index in
            Frame(type: UInt16(index), version: 2, payload: [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: index * 13 % 71))
        }
        let bytes = stream(frames)
        var decoder = FrameDecoder(maxPayloadBytes: 200)
        var decoded: [Frame] = []
        var position = 0
        while decoded.count < frames.count {
            let chunkEnd = min(bytes.count, position + min(61, decoder.freeCapacity))
            let chunk = bytes[position..<chunkEnd]
            // Alternate contiguous chunks with one that is not (copied byte by byte).
            if position % 2 == 0 {
                try decoder.append(chunk)
            } else {
                try decoder.append(chunk.lazy.map { $0 })
            }
            position = chunkEnd
            if let frame = try decoder.nextFrame() {
                decoded.append(frame)
            } else if position == bytes.count {
                return XCTFail("stream ended with \(decoded.count) of \(frames.count) frames")
            }
            XCTAssertLessThanOrEqual(decoder.bufferedByteCount, decoder.bufferLimitBytes)
        }
        XCTAssertEqual(decoded, frames)
        XCTAssertEqual(decoder.ring.count, decoder.bufferLimitBytes, "the backlog should have filled the storage")
        XCTAssertLessThanOrEqual(decoder.grownByteCount, 2 * decoder.bufferLimitBytes)
    }
}
