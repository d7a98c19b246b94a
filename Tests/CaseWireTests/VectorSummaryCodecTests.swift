import CaseReplication
import CaseSupport
@testable import CaseWire
import XCTest

/// The digest-first vector messages (kinds 21 and 22) travel on version-6 sessions only,
/// with whole vectors as what an older session carries instead, and are read as hostile
/// input: digest sizes from the format, the known digest bounded before it is allocated.
final class VectorSummaryCodecTests: XCTestCase {
    private let kinds: [PeerMessage.Kind] = [.vectorPull, .vectorAnswer]

    private func decode(_ kind: PeerMessage.Kind, _ payload: [UInt8], version: UInt16 = 6) throws -> PeerMessage {
        try PeerMessageCodec.decode(type: kind.rawValue, version: version, payload: payload)
    }

    func testTheNewKindsAreRefusedInAVersionFiveFrame() {
        let messages = PeerMessageSamples.all.filter { kinds.contains($0.kind) }
        XCTAssertEqual(Set(messages.map(\.kind)), Set(kinds))
        for message in messages {
            var frame = PeerMessageCodec.encode(message)
            XCTAssertEqual(try PeerMessageCodec.decode(frame), message)
            frame.version = 5
            XCTAssertThrowsError(try PeerMessageCodec.decode(frame)) { error in
                XCTAssertTrue("\(error)".contains("version-6 sessions only"), "\(error)")
            }
            XCTAssertEqual(PeerProtocol.minimumVersion(of: message.kind), PeerProtocol.digestPullVersion)
        }
        XCTAssertEqual(PeerProtocol.digestPullVersion, 6)
        XCTAssertGreaterThanOrEqual(PeerProtocol.currentVersion, PeerProtocol.digestPullVersion)
    }

    func testAnOlderSessionCarriesTheWholeVectorInstead() {
        let vector = PeerMessageSamples.versionVector
        let whole = PeerMessage.syncRequest(SyncRequest(versionVector: vector, gossip: []))
        guard case .vectorPull(let pull) = PeerMessageSamples.vectorPull else { return XCTFail() }
        let envelope = Envelope(.address("peer:1"), .vectorPull(pull), fallback: whole)
        for version in PeerProtocol.minimumSupportedVersion..<PeerProtocol.digestPullVersion {
            XCTAssertEqual(PeerProtocol.message(of: envelope, onSessionOf: version), whole, "version \(version)")
        }
        XCTAssertEqual(PeerProtocol.message(of: envelope, onSessionOf: 6), envelope.message)
    }

    func testDigestSizesComeFromTheFormat() throws {
        var changes = WireWriter()
        PeerMessageCodec.writeVersionVector(VersionVector(["n1": 2]), to: &changes)
        let digest = Array(repeating: UInt8(7), count: 16)
        func answer(_ digest: [UInt8], known: [UInt8]) -> [UInt8] {
            var writer = WireWriter()
            writer.fixedBytes(digest)
            writer.bool(false)
            writer.fixedBytes(changes.buffer)
            writer.bytes(known)
            return writer.buffer
        }
        XCTAssertEqual(try decode(.vectorAnswer, answer(digest, known: digest)), .vectorAnswer(VectorAnswer(
            vector: VectorSummary(digest: digest, isComplete: false, changes: VersionVector(["n1": 2])), known: digest)))
        XCTAssertNoThrow(try decode(.vectorAnswer, answer(digest, known: [])), "nothing known")
        XCTAssertThrowsError(try decode(.vectorAnswer, answer(Array(digest.prefix(15)), known: [])), "a cut digest")
        XCTAssertThrowsError(try decode(.vectorAnswer, answer(digest, known: Array(digest.prefix(15)))), "a known digest of 15 bytes")
        XCTAssertThrowsError(try decode(.vectorAnswer, answer(digest, known: digest + [0])), "a known digest of 17 bytes")
        XCTAssertThrowsError(try decode(.vectorAnswer, answer(digest, known: []) + [0]), "a byte left over")
        XCTAssertThrowsError(try decode(.vectorPull, answer(digest, known: [])), "a pull without its gossip")
    }

    func testHugeCountsAreRefusedBeforeAnythingIsAllocated() {
        // A known digest claiming 2^62 bytes, and changes claiming more entries than the bound.
        var known = WireWriter()
        known.fixedBytes(Array(repeating: 1, count: 16))
        known.bool(true)
        known.varint(0)
        known.varint(1 << 62)
        XCTAssertThrowsError(try decode(.vectorAnswer, known.buffer))
        var entries = WireWriter()
        entries.fixedBytes(Array(repeating: 1, count: 16))
        entries.bool(true)
        entries.varint(UInt64(PeerMessageCodecLimits.maxVersionVectorEntries + 1))
        XCTAssertThrowsError(try decode(.vectorAnswer, entries.buffer)) { error in
            XCTAssertTrue("\(error)".contains("\(PeerMessageCodecLimits.maxVersionVectorEntries)"), "\(error)")
        }
    }
}
