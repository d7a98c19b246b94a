import XCTest
@testable import CaseCore
@testable import CaseWire

final class FrameEncoderTests: XCTestCase {
    func testHeaderIsMagicVersionTypeLengthChecksumBigEndianThenPayload() {
        let payload = Array("123456789".utf8)
        let bytes = FrameEncoder.encode(Frame(type: 0x0102, version: 0x0304, payload: payload))
        let expectedHeader: [UInt8] = [
            0x43, 0x53, 0x50, 0x31,  // "CSP1"
            0x03, 0x04,  // version
            0x01, 0x02,  // type
            0x00, 0x00, 0x00, 0x09,  // payload length
            0xE3, 0x06, 0x92, 0x83,  // CRC-32C("123456789")
        ]
        XCTAssertEqual(bytes, expectedHeader + payload)
    }

    func testEmptyPayloadIsAHeaderAlone() {
        let bytes = FrameEncoder.encode(Frame(type: 1, version: 1, payload: []))
        XCTAssertEqual(bytes, [0x43, 0x53, 0x50, 0x31, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    func testEncodeIntoAppendsFramesBackToBack() {
        let first = Frame(type: 1, version: 1, payload: [1])
        let second = Frame(type: 2, version: 1, payload: [2, 2])
        var bytes: [UInt8] = [0xAA]
        FrameEncoder.encode(first, into: &bytes)
        FrameEncoder.encode(second, into: &bytes)
        XCTAssertEqual(bytes, [0xAA] + FrameEncoder.encode(first) + FrameEncoder.encode(second))
    }

    func testHeaderParsesBackFromItsEncoding() throws {
        let header = FrameHeader(version: 0xFFFF, type: 0x8001, payloadLength: .max, payloadChecksum: 0x1234_5678)
        XCTAssertEqual(header.wireBytes.count, FrameHeader.byteCount)
        XCTAssertEqual(try FrameHeader(parsing: header.wireBytes[...]), header)
    }

    func testMagicIsCheckedOnHoweverManyBytesHaveArrived() {
        XCTAssertNoThrow(try FrameHeader.checkMagic(prefix: [UInt8]()))
        XCTAssertNoThrow(try FrameHeader.checkMagic(prefix: [0x43, 0x53]))
        XCTAssertNoThrow(try FrameHeader.checkMagic(prefix: FrameHeader.magic + [0xFF]))
        XCTAssertThrowsError(try FrameHeader.checkMagic(prefix: [0x47])) { error in
            XCTAssertEqual(error as? FrameError, .badMagic(found: [0x47]))
        }
        XCTAssertThrowsError(try FrameHeader.checkMagic(prefix: Array("CSP2 and more".utf8))) { error in
            XCTAssertEqual(error as? FrameError, .badMagic(found: Array("CSP2".utf8)))
        }
    }

    func testFrameErrorsSayWhatWasWrong() {
        XCTAssertEqual(
            FrameError.badMagic(found: Array("GET ".utf8)).description,
            "bad frame magic 47 45 54 20: expected 43 53 50 31 (\"CSP1\"); the peer does not speak this protocol")
        XCTAssertEqual(
            FrameError.payloadTooLarge(declared: 5_000_000, max: 4_194_304).description,
            "frame declares a 5000000-byte payload: at most 4194304 bytes are allowed")
    }
}
