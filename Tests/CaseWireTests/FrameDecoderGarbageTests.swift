import XCTest
@testable import CaseCore
import CaseSupport
@testable import CaseWire

/// Seeded random input for the frame decoder: whatever arrives, it returns
/// frames or throws a FrameError, stays within its buffer limit, and stays
/// failed after failing. A failure prints the seed and round to replay.
final class FrameDecoderGarbageTests: XCTestCase {
    private enum Outcome: Hashable {
        case framesOnly, incomplete, badMagic, payloadTooLarge, checksumMismatch, bufferLimitExceeded
    }

    private static let seed: UInt64 = 0xCA5E_5702
    private static let maxPayloadBytes = 64

    func testTenThousandRandomStreamsGiveOnlyFramesOrTypedErrors() throws {
        var random = SplitMix64(seed: Self.seed)
        var outcomes: [Outcome: Int] = [:]
        var framesDecoded = 0
        for round in 0..<10_000 {
            let (bytes, intact) = Self.randomStream(round: round, using: &random)
            let context = "seed \(Self.seed) round \(round)"
            var decoder = FrameDecoder(maxPayloadBytes: Self.maxPayloadBytes)
            var frames: [Frame] = []
            let outcome = try feed(bytes, to: &decoder, frames: &frames, using: &random, context: context)
            outcomes[outcome, default: 0] += 1
            framesDecoded += frames.count
            for frame in frames {
                XCTAssertLessThanOrEqual(frame.payload.count, Self.maxPayloadBytes, context)
            }
            if let intact {
                // An undamaged stream cut short yields a prefix of its frames, never a wrong one.
                XCTAssertEqual(frames, Array(intact.prefix(frames.count)), context)
                XCTAssertTrue(outcome == .framesOnly || outcome == .incomplete, "\(context): \(outcome)")
            }
        }
        XCTAssertEqual(outcomes.values.reduce(0, +), 10_000)
        for expected: Outcome in [.framesOnly, .incomplete, .badMagic, .payloadTooLarge, .checksumMismatch] {
            XCTAssertGreaterThan(outcomes[expected, default: 0], 50, "\(expected) never exercised: \(outcomes)")
        }
        XCTAssertEqual(outcomes[.bufferLimitExceeded, default: 0], 0, "reads were bounded by freeCapacity")
        XCTAssertGreaterThan(framesDecoded, 1_000)
    }

    /// Feeds `bytes` in random chunks no larger than the free capacity,
    /// draining after each, and checks the decoder's invariants on the way.
    private func feed(
        _ bytes: [UInt8], to decoder: inout FrameDecoder, frames: inout [Frame],
        using random: inout SplitMix64, context: String
    ) throws -> Outcome {
        var position = 0
        do {
            while position < bytes.count {
                // Once drained, the pending frame always has room to complete.
                guard decoder.freeCapacity > 0 else {
                    XCTFail("\(context): no free capacity after draining")
                    return .bufferLimitExceeded
                }
                let chunkCount = min(Int.random(in: 1...48, using: &random), decoder.freeCapacity, bytes.count - position)
                try decoder.append(bytes[position..<position + chunkCount])
                position += chunkCount
                while let frame = try decoder.nextFrame() {
                    frames.append(frame)
                }
                XCTAssertLessThanOrEqual(decoder.bufferedByteCount, decoder.bufferLimitBytes, context)
            }
        } catch {
            // Poisoned: the same error again, whatever is asked next.
            XCTAssertThrowsError(try decoder.nextFrame(), context) { XCTAssertEqual($0 as? FrameError, error, context) }
            XCTAssertThrowsError(try decoder.append([0x43]), context) { XCTAssertEqual($0 as? FrameError, error, context) }
            switch error {
            case .badMagic: return .badMagic
            case .payloadTooLarge: return .payloadTooLarge
            case .checksumMismatch: return .checksumMismatch
            case .bufferLimitExceeded: return .bufferLimitExceeded
            }
        }
        return decoder.bufferedByteCount == 0 ? .framesOnly : .incomplete
    }

    /// One of four kinds of input, in turn: random bytes; the magic followed
    /// by random bytes; valid frames with a few bytes changed; valid frames
    /// cut short (returned with the frames they hold, to check against).
    private static func randomStream(round: Int, using random: inout SplitMix64) -> ([UInt8], [Frame]?) {
        switch round % 4 {
        case 0:
            return (randomBytes(count: Int.random(in: 0...200, using: &random), using: &random), nil)
        case 1:
            return (FrameHeader.magic + randomBytes(count: Int.random(in: 0...200, using: &random), using: &random), nil)
        case 2:
            var bytes = encodedFrames(randomFrames(using: &random))
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            return (bytes, nil)
        default:
            let frames = randomFrames(using: &random)
            let bytes = encodedFrames(frames)
            return (Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random))), frames)
        }
    }

    private static func randomFrames(using random: inout SplitMix64) -> [Frame] {
        (0..<Int.random(in: 1...4, using: &random)).map { _ in
            Frame(
                type: UInt16.random(in: 0...UInt16.max, using: &random),
                version: UInt16.random(in: 0...3, using: &random),
                payload: randomBytes(count: Int.random(in: 0...maxPayloadBytes, using: &random), using: &random))
        }
    }

    private static func encodedFrames(_ frames: [Frame]) -> [UInt8] {
        var bytes: [UInt8] = []
        frames.forEach { FrameEncoder.encode($0, into: &bytes) }
        return bytes
    }

    private static func randomBytes(count: Int, using random: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }
}
