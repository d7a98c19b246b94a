import XCTest
@testable import CaseCore
@testable import CaseWire

/// Sealed frames: what goes in comes out in order, and any change on the
/// wire (a bit, a replay, a swap, a cut, a lost frame, the other direction's
/// key) fails authentication.
final class FrameSealingTests: XCTestCase {
    private let key = Array(repeating: UInt8(7), count: 32)
    private let message = Frame(type: 8, version: 2, payload: Array("Nguyễn Văn Đức 079203001234".utf8))

    private func decode(_ wire: [UInt8]) throws -> Frame {
        var decoder = FrameDecoder()
        try decoder.append(wire)
        return try XCTUnwrap(try decoder.nextFrame())
    }

    /// `wire` with its CRC recomputed, so only the tag can catch the change.
    private func fixedChecksum(_ wire: [UInt8]) -> [UInt8] {
        var fixed = wire
        let checksum = CRC32C.checksum(Array(wire[FrameHeader.byteCount...]))
        for index in 0..<4 { fixed[12 + index] = UInt8(truncatingIfNeeded: checksum >> (24 - 8 * index)) }
        return fixed
    }

    func testFramesRoundTripInOrderAndHideTheirContents() throws {
        var sealer = FrameSealer(key: key, version: 2)
        var unsealer = FrameUnsealer(key: key, version: 2)
        for index in 0..<5 {
            let frame = Frame(type: UInt16(4 + index), version: 2, payload: message.payload + [UInt8(index)])
            let wire = sealer.seal(frame)
            XCTAssertEqual(wire.count, FrameHeader.byteCount + frame.payload.count + SealedFrame.overheadByteCount)
            XCTAssertFalse(wire.contains(bytes: Array("079203001234".utf8)))
            XCTAssertEqual(try unsealer.open(try decode(wire)), frame)
        }
        XCTAssertEqual(sealer.sealedCount, 5)
        XCTAssertEqual(unsealer.openedCount, 5)
    }

    func testTheSameMessageSealsDifferentlyEachTime() {
        var sealer = FrameSealer(key: key, version: 2)
        XCTAssertNotEqual(sealer.seal(message), sealer.seal(message), "the counter nonce changes the ciphertext")
    }

    func testEveryFlippedBitOfTheSealedPayloadOrAuthenticatedHeaderIsRefused() throws {
        var sealer = FrameSealer(key: key, version: 2)
        let wire = sealer.seal(message)
        // Header bytes 4..<8 (version, type) and every payload byte. A flipped
        // magic or CRC is refused by the frame decoder before this; a changed
        // length changes the payload's size (the "cut" cases below).
        let positions = Array(4..<8) + Array(FrameHeader.byteCount..<wire.count)
        for position in positions {
            var tampered = wire
            tampered[position] ^= 0x01
            var unsealer = FrameUnsealer(key: key, version: 2)
            let header = try FrameHeader(parsing: tampered[0..<FrameHeader.byteCount])
            let frame = Frame(type: header.type, version: header.version, payload: Array(fixedChecksum(tampered)[FrameHeader.byteCount...]))
            XCTAssertThrowsError(try unsealer.open(frame), "bit at \(position)")
        }
    }

    func testReplayedReorderedDroppedAndCutFramesAreRefused() throws {
        var sealer = FrameSealer(key: key, version: 2)
        let first = try decode(sealer.seal(message))
        let second = try decode(sealer.seal(message))
        let cut = Frame(type: first.type, version: first.version, payload: Array(first.payload.dropLast(1)))
        let cases: [(name: String, frames: [Frame], failingIndex: Int)] = [
            ("replayed", [first, first], 1),
            ("reordered", [second, first], 0),
            ("first dropped", [second], 0),
            ("cut by a byte", [cut], 0),
            ("cut to the tag", [Frame(type: 12, version: 2, payload: Array(first.payload.suffix(16)))], 0),
        ]
        for testCase in cases {
            var unsealer = FrameUnsealer(key: key, version: 2)
            for (index, frame) in testCase.frames.enumerated() {
                if index < testCase.failingIndex {
                    XCTAssertNoThrow(try unsealer.open(frame), testCase.name)
                } else {
                    XCTAssertThrowsError(try unsealer.open(frame), testCase.name)
                    break
                }
            }
        }
    }

    func testOtherKeysTypesAndVersionsAreRefused() throws {
        var sealer = FrameSealer(key: key, version: 2)
        let frame = try decode(sealer.seal(message))
        var otherKey = FrameUnsealer(key: Array(repeating: 8, count: 32), version: 2)
        XCTAssertThrowsError(try otherKey.open(frame)) { XCTAssertEqual($0 as? SealedFrameError, .authenticationFailed(frameNumber: 0)) }
        var unsealer = FrameUnsealer(key: key, version: 2)
        XCTAssertThrowsError(try unsealer.open(message)) { XCTAssertEqual($0 as? SealedFrameError, .notSealed(type: 8)) }
        XCTAssertThrowsError(try unsealer.open(Frame(type: 12, version: 3, payload: frame.payload))) {
            XCTAssertEqual($0 as? SealedFrameError, .wrongVersion(3, agreed: 2))
        }
        XCTAssertThrowsError(try unsealer.open(Frame(type: 12, version: 2, payload: [1, 2]))) {
            XCTAssertEqual($0 as? SealedFrameError, .tooShort(byteCount: 2, minimum: 18))
        }
        XCTAssertEqual(try unsealer.open(frame), message, "failed attempts do not advance the counter")
    }
}

extension Array where Element == UInt8 {
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
