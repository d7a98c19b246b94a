import XCTest
import CaseCore
@testable import CaseNet

final class PeerHandshakeTests: XCTestCase {
    private func hello(cluster: String = "casestore", node: String = "b", versions: ClosedRange<UInt16>) -> Hello {
        Hello(clusterID: cluster, nodeID: node, minVersion: versions.lowerBound, maxVersion: versions.upperBound)
    }

    func testAnswers() {
        let cases: [(name: String, hello: Hello, supported: ClosedRange<UInt16>, expected: PeerHandshake.Answer)] = [
            ("same single version", hello(versions: 1...1), 1...1,
             .accept(HelloAck(nodeID: "a", version: 1), version: 1)),
            ("newer peer still speaking ours", hello(versions: 1...4), 1...2,
             .accept(HelloAck(nodeID: "a", version: 2), version: 2)),
            ("older peer", hello(versions: 1...2), 2...5,
             .accept(HelloAck(nodeID: "a", version: 2), version: 2)),
            ("no overlap", hello(versions: 3...4), 1...2,
             .refuse(reason: "protocol versions 3...4 offered by b do not overlap versions 1...2 spoken by a")),
            ("other cluster", hello(cluster: "khác", versions: 1...1), 1...1,
             .refuse(reason: "cluster id \"khác\" is not this cluster's \"casestore\"")),
            ("cluster id differing only in case", hello(cluster: "CaseStore", versions: 1...1), 1...1,
             .refuse(reason: "cluster id \"CaseStore\" is not this cluster's \"casestore\"")),
        ]
        for testCase in cases {
            XCTAssertEqual(
                PeerHandshake.answer(testCase.hello, clusterID: "casestore", nodeID: "a", supported: testCase.supported),
                testCase.expected, testCase.name)
        }
    }

    func testAcceptingTheReply() throws {
        let accepted = try PeerHandshake.accept(reply: .helloAck(HelloAck(nodeID: "b", version: 1)), expectedNodeID: "b")
        XCTAssertEqual(accepted.nodeID, "b")
        XCTAssertEqual(accepted.version, 1)
        XCTAssertEqual(try PeerHandshake.accept(reply: .helloAck(HelloAck(nodeID: "z", version: 1)), expectedNodeID: nil).nodeID, "z")

        let refusals: [(PeerMessage, String?, String)] = [
            (.helloAck(HelloAck(nodeID: "c", version: 1)), "b", "refused: expected node b at this address but c answered"),
            (.refuse(reason: "no"), nil, "refused: no"),
            (.helloAck(HelloAck(nodeID: "b", version: 9)), "b", "protocol violation: the peer chose version 9"),
            (.ping(sequence: 1, gossip: []), nil, "protocol violation: expected helloAck or refuse in answer to hello, got ping"),
        ]
        for (reply, expected, text) in refusals {
            XCTAssertThrowsError(try PeerHandshake.accept(reply: reply, expectedNodeID: expected)) { error in
                XCTAssertTrue("\(error)".hasPrefix(text), "\(error)")
            }
        }
    }

    func testARefusalReasonIsCutToWhatTheDecoderAccepts() throws {
        let long = String(repeating: "ệ", count: 1_000)  // 3 bytes each
        guard case .refuse(let reason) = PeerHandshake.refusal(long) else { return XCTFail("not a refusal") }
        XCTAssertLessThanOrEqual(reason.utf8.count, PeerMessageCodecLimits.maxRefuseReasonBytes)
        XCTAssertTrue(reason.hasSuffix("…"))
        XCTAssertEqual(try PeerMessageCodec.decode(PeerMessageCodec.encode(.refuse(reason: reason))), .refuse(reason: reason))
        XCTAssertEqual(PeerHandshake.refusal("short"), .refuse(reason: "short"))
    }
}
