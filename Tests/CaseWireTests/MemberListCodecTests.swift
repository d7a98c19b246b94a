import CaseReplication
import CaseSupport
@testable import CaseWire
import XCTest

/// The digest-first member-list messages (kinds 18 to 20) travel on version-5 sessions
/// only, with the whole list as what an older session carries instead, and are read as
/// hostile input: sizes from the format, bucket numbers checked, records bounded.
final class MemberListCodecTests: XCTestCase {
    private let kinds: [PeerMessage.Kind] = [.memberDigest, .memberBucketDigests, .memberBucketRecords]
    private let wholeList = PeerMessage.membership(members: PeerMessageSamples.records, isReply: false)

    private func decode(_ kind: PeerMessage.Kind, _ payload: [UInt8], version: UInt16 = 5) throws -> PeerMessage {
        try PeerMessageCodec.decode(type: kind.rawValue, version: version, payload: payload)
    }

    func testTheNewKindsAreRefusedInAVersionFourFrame() {
        let messages = PeerMessageSamples.all.filter { kinds.contains($0.kind) }
        XCTAssertEqual(Set(messages.map(\.kind)), Set(kinds))
        for message in messages {
            var frame = PeerMessageCodec.encode(message)
            frame.version = 4
            XCTAssertThrowsError(try PeerMessageCodec.decode(frame)) { error in
                XCTAssertTrue("\(error)".contains("version-5 sessions only"), "\(error)")
            }
            XCTAssertEqual(PeerProtocol.minimumVersion(of: message.kind), PeerProtocol.digestMembershipVersion)
        }
        XCTAssertEqual(PeerProtocol.digestMembershipVersion, 5)
    }

    func testAVersionFourSessionCarriesTheWholeListInsteadAndNeverANewKind() throws {
        let digest = Envelope(.address("peer:1"), .memberDigest(Array(repeating: 1, count: 16), sender: PeerMessageSamples.records[0]),
                              fallback: wholeList)
        for version in PeerProtocol.minimumSupportedVersion..<PeerProtocol.digestMembershipVersion {
            XCTAssertEqual(PeerProtocol.message(of: digest, onSessionOf: version), wholeList, "version \(version)")
        }
        XCTAssertEqual(PeerProtocol.message(of: digest, onSessionOf: 5), digest.message)
        // Answers have no fallback: an older session drops them (it never carried the digest they answer).
        for message in PeerMessageSamples.all where kinds.contains(message.kind) {
            XCTAssertNil(PeerProtocol.message(of: Envelope(.address("peer:1"), message), onSessionOf: 4), "\(message.kind)")
        }
        // The decisions' rule is unchanged: a version-3 session drops them.
        XCTAssertNil(PeerProtocol.message(of: Envelope(.address("peer:1"), .decisionDigest(Array(repeating: 1, count: 32), isReply: false)), onSessionOf: 3))
    }

    func testDigestSizesComeFromTheFormat() {
        var sender = WireWriter()
        PeerMessageCodec.writeRecord(PeerMessageSamples.records[0], to: &sender)
        XCTAssertNoThrow(try decode(.memberDigest, Array(repeating: 1, count: 16) + sender.buffer))
        XCTAssertThrowsError(try decode(.memberDigest, Array(repeating: 1, count: 16)), "no sender record")
        XCTAssertThrowsError(try decode(.memberDigest, Array(repeating: 1, count: 15) + sender.buffer), "a cut digest")
        XCTAssertThrowsError(try decode(.memberDigest, Array(repeating: 1, count: 16) + sender.buffer + [0]), "a byte left over")
        XCTAssertThrowsError(try decode(.memberBucketDigests, Array(repeating: 1, count: 64 * 8 - 1)), "a cut bucket digest")
        XCTAssertEqual(try decode(.memberBucketDigests, Array(repeating: 1, count: 64 * 8)),
                       .memberBucketDigests(Array(repeating: Array(repeating: 1, count: 8), count: 64)))
    }

    func testBucketNumbersAreBoundedAscendingAndCoverTheRecords() {
        func payload(buckets: [UInt8], records: [MemberRecord] = []) -> [UInt8] {
            var writer = WireWriter()
            writer.array(buckets) { writer, bucket in writer.u8(bucket) }
            PeerMessageCodec.writeRecords(records, to: &writer)
            writer.bool(false)
            return writer.buffer
        }
        XCTAssertThrowsError(try decode(.memberBucketRecords, payload(buckets: [64])), "no bucket 64")
        XCTAssertThrowsError(try decode(.memberBucketRecords, payload(buckets: [3, 3])), "a bucket twice")
        XCTAssertThrowsError(try decode(.memberBucketRecords, payload(buckets: [5, 2])), "descending")
        var tooMany = WireWriter()
        tooMany.varint(65)
        XCTAssertThrowsError(try decode(.memberBucketRecords, tooMany.buffer), "more buckets than exist, refused before reading them")
        let record = PeerMessageSamples.records[0]
        let itsBucket = UInt8(MemberListDigest.bucket(of: record.id))
        XCTAssertNoThrow(try decode(.memberBucketRecords, payload(buckets: [itsBucket], records: [record])))
        XCTAssertThrowsError(try decode(.memberBucketRecords, payload(buckets: [(itsBucket + 1) % 64], records: [record]))) { error in
            XCTAssertTrue("\(error)".contains("which the message does not name"), "\(error)")
        }
        var manyRecords = WireWriter()
        manyRecords.varint(0)
        manyRecords.varint(UInt64(PeerMessageCodecLimits.maxMembershipRecords + 1))
        XCTAssertThrowsError(try decode(.memberBucketRecords, manyRecords.buffer), "records bounded as a whole list is")
    }
}
