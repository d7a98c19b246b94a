import CaseCore
import CaseReplication
import CaseSupport
@testable import CaseWire
import TestSupport
import XCTest

/// The membership decisions' messages (kinds 16 and 17) are read as hostile input and
/// travel on version-4 sessions only.
final class DecisionCodecTests: XCTestCase {
    private let decisions = PeerMessageSamples.decisions

    func testDecisionsAreRefusedInAnOlderFrameAndDroppedForAnOlderSession() throws {
        for message in [PeerMessage.membershipDecisions(decisions), .decisionDigest(Array(repeating: 1, count: 32), isReply: false)] {
            var frame = PeerMessageCodec.encode(message)
            frame.version = 3
            XCTAssertThrowsError(try PeerMessageCodec.decode(frame)) { error in
                XCTAssertTrue("\(error)".contains("version-4 sessions only"), "\(error)")
            }
            XCTAssertEqual(PeerProtocol.minimumVersion(of: message.kind), 4, "the transport drops it for a version-3 peer")
        }
    }

    func testTwoDecisionsAboutOneMemberRefuseTheMessage() {
        let frame = PeerMessageCodec.encode(.membershipDecisions([decisions[0], decisions[0]]))
        XCTAssertThrowsError(try PeerMessageCodec.decode(frame)) { error in
            XCTAssertTrue("\(error)".contains("two decisions about n3"), "\(error)")
        }
    }

    func testATamperedOrOversizedDecisionIsRefused() {
        var payload = PeerMessageCodec.encodePayload(.membershipDecisions([decisions[0]]))
        // count 1, then the decision's length: its verdict byte is the second of the decision.
        payload[3] = 9
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: PeerMessage.Kind.membershipDecisions.rawValue, version: 4, payload: payload))
        var writer = WireWriter(reservingCapacity: 8)
        writer.varint(1)
        writer.bytes(Array(repeating: 1, count: MembershipDecision.maxEncodedBytes + 1))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: PeerMessage.Kind.membershipDecisions.rawValue, version: 4, payload: writer.buffer))
        var many = WireWriter(reservingCapacity: 8)
        many.varint(UInt64(PeerMessageCodecLimits.maxDecisionsPerMessage + 1))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: PeerMessage.Kind.membershipDecisions.rawValue, version: 4, payload: many.buffer))
    }
}
