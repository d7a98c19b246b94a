import CaseCore
import CaseReplication
import CaseSupport
import TestSupport
import XCTest
@testable import CaseWire

/// Version 3 event batches carry each event's signature and the origins' certificates;
/// a version-2 peer is sent the old layout, which it can read.
final class SignedEventCodecTests: XCTestCase {
    static let key = SigningKey(seed: [UInt8](repeating: 0xF1, count: 32))!

    static var batch: EventBatch {
        var link = EventChain.genesis(origin: "n2")
        let events = TestEvents.chain(origin: "n2", code: "N2-250701-0001", count: 2).map { event -> ChangeEvent in
            let sealed = EventChain.seal(event, after: link, key: key)
            link = sealed.chain
            return sealed.sealed(chain: [], signature: sealed.signature)
        }
        let certificate = Certificate.issue(
            CertificateRequest(role: .node, clusterID: "c", subject: "n2", publicKey: key.publicKey, validFromMs: 0, validUntilMs: 1),
            serial: [UInt8](repeating: 2, count: 16), by: key)
        return EventBatch(events: events, senderVersionVector: VersionVector(["n2": 2]), hasMore: false, isPush: true, certificates: [certificate])
    }

    func testAVersion3BatchKeepsSignaturesAndCertificates() throws {
        var frame = PeerMessageCodec.encode(.eventBatch(Self.batch))
        XCTAssertEqual(frame.version, PeerProtocol.currentVersion)
        XCTAssertEqual(try PeerMessageCodec.decode(frame), .eventBatch(Self.batch))
        // Versions 4 and 5 changed no event layout of version 3; version 6 adds province tags,
        // so a version-3 session is written its own layout, and reads the same batch from it.
        let forVersion3 = PeerMessageCodec.plaintext(SealedFrame.plaintext(of: frame), for: 3)
        XCTAssertNotEqual(forVersion3, SealedFrame.plaintext(of: frame))
        frame.version = 3
        frame.payload = Array(forVersion3[2...])
        XCTAssertEqual(try PeerMessageCodec.decode(frame), .eventBatch(Self.batch))
    }

    func testAVersion2PeerGetsTheOldLayoutWithoutSignatures() throws {
        let plaintext = SealedFrame.plaintext(of: PeerMessageCodec.encode(.eventBatch(Self.batch)))
        let old = PeerMessageCodec.plaintext(plaintext, for: 2)
        XCTAssertNotEqual(old, plaintext)
        let type = UInt16(old[0]) << 8 | UInt16(old[1])
        guard case .eventBatch(let decoded) = try PeerMessageCodec.decode(type: type, version: 2, payload: Array(old[2...])) else {
            return XCTFail("not an event batch")
        }
        XCTAssertEqual(decoded.events, Self.batch.events.map(\.content))
        XCTAssertEqual(decoded.certificates, [])
        // Other messages, and version 3 sessions, are left as they are.
        let ping = SealedFrame.plaintext(of: PeerMessageCodec.encode(.ping(sequence: 1, gossip: [])))
        XCTAssertEqual(PeerMessageCodec.plaintext(ping, for: 2), ping)
        XCTAssertEqual(PeerMessageCodec.plaintext(plaintext, for: PeerProtocol.currentVersion), plaintext)
    }

    func testASignatureOfAnotherLengthIsRefused() throws {
        var payload = PeerMessageCodec.encodePayload(.eventBatch(Self.batch))
        // The first event's signature length prefix (64) sits right before its 64 bytes; make it 63.
        let signature = Self.batch.events[0].signature
        let at = try XCTUnwrap(payload.indices.first { index in
            index + 65 <= payload.count && payload[index] == 64 && Array(payload[(index + 1)..<(index + 65)]) == signature
        })
        payload[at] = 63
        payload.remove(at: at + 64)
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: PeerMessage.Kind.eventBatch.rawValue, version: 3, payload: payload)) { error in
            XCTAssertTrue("\(error)".contains("has a signature of 63 bytes"), "\(error)")
        }
    }
}
