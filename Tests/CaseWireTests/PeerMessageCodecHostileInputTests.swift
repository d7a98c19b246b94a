import XCTest
@testable import CaseCore
import CaseSupport
import CaseReplication
@testable import CaseWire

/// Cut, random and corrupted payloads: the decoder must answer each with a
/// `WireDecodingError` (typed throws guarantee nothing else escapes), never
/// trap, and whatever it does accept must be the one encoding of its message.
final class PeerMessageCodecHostileInputTests: XCTestCase {
    func testTruncationAtEveryBytePositionIsATruncatedError() {
        for message in PeerMessageSamples.all {
            let frame = PeerMessageCodec.encode(message)
            for length in 0..<frame.payload.count {
                let cut = Array(frame.payload.prefix(length))
                do {
                    let decoded = try PeerMessageCodec.decode(type: frame.type, version: frame.version, payload: cut)
                    XCTFail("\(message.kind) cut to \(length) of \(frame.payload.count) bytes decoded as \(decoded)")
                } catch .truncated {
                    continue
                } catch {
                    XCTFail("\(message.kind) cut to \(length) bytes: expected .truncated, got \(error)")
                }
            }
        }
    }

    func testSeededRandomGarbageGivesOnlyTypedErrorsOrCanonicalMessages() {
        let seed: UInt64 = 0xC0FF_EE00_2025
        var random = SplitMix64(seed: seed)
        var outcomes = Outcomes()
        for round in 0..<20_000 {
            let type = UInt16.random(in: 0...12, using: &random)
            let length = Int.random(in: 0...64, using: &random)
            let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            outcomes.record(type: type, payload: payload, context: "seed \(seed) round \(round)")
        }
        XCTAssertGreaterThan(outcomes.errors, 0)
    }

    func testSeededBitFlipsOfValidFramesGiveOnlyTypedErrorsOrCanonicalMessages() {
        let seed: UInt64 = 20_250_701
        var random = SplitMix64(seed: seed)
        var outcomes = Outcomes()
        for message in PeerMessageSamples.all {
            let frame = PeerMessageCodec.encode(message)
            guard !frame.payload.isEmpty else { continue }
            for round in 0..<500 {
                var payload = frame.payload
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let index = Int.random(in: 0..<payload.count, using: &random)
                    payload[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
                }
                outcomes.record(type: frame.type, payload: payload, context: "seed \(seed) \(message.kind) round \(round)")
            }
        }
        XCTAssertGreaterThan(outcomes.errors, 0)
        // A flip inside text, an incarnation or a bool-free number often leaves a valid message.
        XCTAssertGreaterThan(outcomes.accepted, 0)
    }

    func testHugeDeclaredCountsAllocateNothingAndFailFast() {
        // Ten-byte varints declaring 2^63 elements or bytes, in every counted field position.
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]
        let hugeMinimal: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x01]
        for kind in PeerMessage.Kind.allCases {
            for prefix in [[], [1], [1, 0x61]] as [[UInt8]] {
                for count in [huge, hugeMinimal] {
                    do {
                        _ = try PeerMessageCodec.decode(type: kind.rawValue, version: 1, payload: prefix + count)
                        XCTFail("\(kind) accepted a declared count of 2^63")
                    } catch {
                        // Any typed error will do; what matters is no allocation and no trap.
                    }
                }
            }
        }
    }

    private struct Outcomes {
        var errors = 0
        var accepted = 0

        mutating func record(type: UInt16, payload: [UInt8], context: String) {
            do {
                let message = try PeerMessageCodec.decode(type: type, version: PeerProtocol.currentVersion, payload: payload)
                accepted += 1
                XCTAssertEqual(PeerMessageCodec.encodePayload(message), payload,
                               "\(context): an accepted payload must be the one encoding of its message")
            } catch {
                errors += 1
            }
        }
    }
}
