import CaseCore
import CaseReplication
import CaseSupport
import TestSupport
import XCTest
@testable import CaseWire

/// Version 6 events carry their province tags and predecessor link (event format 2); an
/// older session gets the old layout, without the tagged events it could not verify.
final class TaggedEventCodecTests: XCTestCase {
    static var batch: EventBatch {
        let events = TestEvents.chain(origin: "n2", code: "N2-250701-0001", count: 2)
        var tagged = events[1].tagged([
            StreamTag(province: ProvinceCode("01")!, previousSequence: 0, previousLink: []),
            StreamTag(province: ProvinceCode("79")!, previousSequence: 1, previousLink: []),
        ])
        tagged.predecessorLink = [UInt8](repeating: 7, count: 32)
        return EventBatch(events: [events[0], tagged], senderVersionVector: VersionVector(["n2": 2]), hasMore: false, isPush: false)
    }

    func testTagsAndThePredecessorLinkRoundTrip() throws {
        let decoded = try PeerMessageCodec.decode(PeerMessageCodec.encode(.eventBatch(Self.batch)))
        guard case .eventBatch(let batch) = decoded else { return XCTFail("not an event batch") }
        XCTAssertEqual(batch, Self.batch)
        XCTAssertEqual(batch.events[1].tags, Self.batch.events[1].tags)
        XCTAssertEqual(batch.events[1].predecessorLink, [UInt8](repeating: 7, count: 32), "not part of ==, so compared apart")
        XCTAssertEqual(batch.events[0].predecessorLink, [])
    }

    func testAnOlderSessionGetsTheOldLayoutWithoutTheTaggedEvents() throws {
        var asking = Self.batch
        asking.hasMore = true
        let plaintext = SealedFrame.plaintext(of: PeerMessageCodec.encode(.eventBatch(asking)))
        let old = PeerMessageCodec.plaintext(plaintext, for: PeerProtocol.provinceTagsVersion - 1)
        let type = UInt16(old[0]) << 8 | UInt16(old[1])
        guard case .eventBatch(let decoded) = try PeerMessageCodec.decode(type: type, version: PeerProtocol.provinceTagsVersion - 1, payload: Array(old[2...])) else {
            return XCTFail("not an event batch")
        }
        XCTAssertEqual(decoded.events, [Self.batch.events[0]])
        XCTAssertFalse(decoded.hasMore, "what was left out would only be asked for again, and again")
        XCTAssertEqual(PeerMessageCodec.plaintext(plaintext, for: PeerProtocol.provinceTagsVersion), plaintext)
        // The simulator's sessions choose the same way.
        let envelope = Envelope(.member(id: "n1", address: "sim://n1"), .eventBatch(Self.batch))
        guard case .eventBatch(let carried)? = PeerProtocol.message(of: envelope, onSessionOf: PeerProtocol.provinceTagsVersion - 1) else { return XCTFail("dropped") }
        XCTAssertEqual(carried.events, [Self.batch.events[0]])
    }

    func testMalformedTagsOrLinksAreRefused() throws {
        var shortLink = Self.batch
        shortLink.events[1].predecessorLink = [1, 2, 3]
        XCTAssertThrowsError(try PeerMessageCodec.decode(PeerMessageCodec.encode(.eventBatch(shortLink)))) { error in
            XCTAssertTrue("\(error)".contains("predecessor link of 3 bytes"), "\(error)")
        }
        let payload = PeerMessageCodec.encodePayload(.eventBatch(Self.batch))
        // The second tag's province "79" is written as a 2-byte string; make it "99".
        let at = try XCTUnwrap(payload.indices.first { $0 + 3 <= payload.count && payload[$0] == 2 && payload[$0 + 1] == 0x37 && payload[$0 + 2] == 0x39 })
        var forged = payload
        forged[at + 1] = 0x39
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: PeerMessage.Kind.eventBatch.rawValue, version: PeerProtocol.provinceTagsVersion, payload: forged)) { error in
            XCTAssertTrue("\(error)".contains("not a province code"), "\(error)")
        }
    }
}

/// Version vectors name streams (`StreamScope`): an origin, or an origin's sparse stream of a province.
final class StreamKeyCodecTests: XCTestCase {
    func testSparseStreamKeysCrossTheWireAndMalformedOnesAreRefused() throws {
        let ack = PeerMessage.batchAck(versionVector: VersionVector(["n1": 4, "n7@79": 12]))
        XCTAssertEqual(try PeerMessageCodec.decode(PeerMessageCodec.encode(ack)), ack)
        for bad in ["n7@99", "n7@", "@79", "N7@79", "n7@79@01"] {
            let message = PeerMessage.batchAck(versionVector: VersionVector([bad: 1]))
            XCTAssertThrowsError(try PeerMessageCodec.decode(PeerMessageCodec.encode(message)), bad) { error in
                XCTAssertTrue("\(error)".contains("is not a node id, nor one with '@' and a province code"), "\(error)")
            }
        }
    }
}
