import XCTest
@testable import CaseNet
import CaseReplication
import CaseWire

/// The handshake's decisions without sockets: who is refused and why, that
/// both sides end with the same session keys, and that neither a replayed
/// nor a reflected proof gets through.
final class PeerHandshakeTests: XCTestCase {
    private let ring = TestKeys.ring

    private func hello(cluster: String = "casestore", node: String = "b", keyRing: ClusterKeyRing? = TestKeys.ring) -> PeerHandshake.Opening {
        guard let keyRing else { return raw(Hello(clusterID: cluster, nodeID: node, minVersion: 2, maxVersion: 2)) }
        return PeerHandshake.open(clusterID: cluster, nodeID: node, keyRing: keyRing)
    }

    private func raw(_ hello: Hello) -> PeerHandshake.Opening {
        PeerHandshake.Opening(hello: hello, ephemeralSecret: [])
    }

    private func answer(_ opening: PeerHandshake.Opening, admission: (String) -> String? = { _ in nil }) -> PeerHandshake.Answer {
        PeerHandshake.answer(opening.hello, clusterID: "casestore", nodeID: "a", keyRing: ring, admission: admission)
    }

    func testRefusals() {
        let v1 = Hello(clusterID: "casestore", nodeID: "b", minVersion: 1, maxVersion: 1)
        let cases: [(name: String, hello: PeerHandshake.Opening, reasonContains: String)] = [
            ("version-1 build", raw(v1), "protocol versions 1...1 offered by b do not overlap versions 2...2 spoken by a"),
            ("other cluster, right key", hello(cluster: "khác"), "cluster id \"khác\" is not this cluster's \"casestore\""),
            ("cluster id differing only in case", hello(cluster: "CaseStore"), "is not this cluster's \"casestore\""),
            ("no key", hello(keyRing: nil), "the hello from b names no cluster key"),
            ("a key this node does not hold", hello(keyRing: ClusterKeyRing([TestKeys.stranger])),
             "cluster key \(TestKeys.stranger.id) used by b is not in the key file of a; a node joins only when given the same cluster key file (--cluster-key)"),
        ]
        for testCase in cases {
            guard case .refuse(let reason) = answer(testCase.hello) else { XCTFail("\(testCase.name): accepted"); continue }
            XCTAssertTrue(reason.contains(testCase.reasonContains), "\(testCase.name): \(reason)")
            XCTAssertFalse(reason.contains(TestKeys.cluster.hexLine), "\(testCase.name): no secret in a refusal")
        }
    }

    func testAFullHandshakeGivesBothSidesTheSameSessionKeysOnePerDirection() throws {
        let opening = hello()
        guard case .accept(let ack, let pending) = answer(opening) else { return XCTFail("refused") }
        XCTAssertEqual(ack.version, 2)
        XCTAssertEqual(ack.nonce.count, 32)
        let (openerSession, proof) = try PeerHandshake.accept(reply: .helloAck(ack), to: opening, keyRing: ring, expectedNodeID: "a")
        let acceptorSession = try PeerHandshake.verifyOpenerProof(PeerHandshake.proofFrame(proof, version: 2), pending: pending).get()
        XCTAssertEqual(openerSession.keys, acceptorSession.keys)
        XCTAssertEqual(openerSession.peerNodeID, "a")
        XCTAssertEqual(acceptorSession.peerNodeID, "b")
        XCTAssertNotEqual(openerSession.keys.openerToAcceptor, openerSession.keys.acceptorToOpener)
    }

    func testTheAcceptorsProofReflectedAsTheOpenersIsRefused() {
        // A stranger names the (public) key id and sends the acceptor's own proof back.
        let opening = hello()
        guard case .accept(let ack, let pending) = answer(opening) else { return XCTFail("refused") }
        let reflected = PeerHandshake.verifyOpenerProof(PeerHandshake.proofFrame(ack.proof, version: 2), pending: pending)
        guard case .failure(let refusal) = reflected else { return XCTFail("a reflected proof was accepted") }
        XCTAssertTrue(refusal.reason.contains("the handshake proof of b does not verify"), refusal.reason)
    }

    func testAnOpenersRecordedHandshakeReplayedAgainstAFreshAcceptorNonceIsRefused() throws {
        let opening = hello()
        guard case .accept(let ack, _) = answer(opening) else { return XCTFail("refused") }
        let (_, recordedProof) = try PeerHandshake.accept(reply: .helloAck(ack), to: opening, keyRing: ring, expectedNodeID: nil)

        // The same hello again: the acceptor answers with a new nonce, so the old proof no longer fits.
        guard case .accept(let freshAck, let freshPending) = answer(opening) else { return XCTFail("refused") }
        XCTAssertNotEqual(freshAck.nonce, ack.nonce, "every answer has a fresh nonce")
        let replayed = PeerHandshake.verifyOpenerProof(PeerHandshake.proofFrame(recordedProof, version: 2), pending: freshPending)
        XCTAssertThrowsError(try replayed.get())
    }

    func testARecordedAnswerReplayedToANewHelloIsRefusedByTheOpener() throws {
        let first = hello()
        guard case .accept(let recordedAck, _) = answer(first) else { return XCTFail("refused") }
        let second = hello()
        XCTAssertThrowsError(try PeerHandshake.accept(reply: .helloAck(recordedAck), to: second, keyRing: ring, expectedNodeID: "a")) { error in
            XCTAssertTrue("\(error)".hasPrefix("authentication failed: the handshake proof of a does not verify"), "\(error)")
        }
    }

    func testTheOpenerRefusesAnswersThatProveNothing() throws {
        let opening = hello()
        let forged = HelloAck(nodeID: "a", version: 2, nonce: Array(repeating: 7, count: 32), proof: Array(repeating: 9, count: 32))
        let refusals: [(PeerMessage, String?, String)] = [
            (.helloAck(HelloAck(nodeID: "a", version: 2)), nil, "authentication failed: a answered without a handshake proof"),
            (.helloAck(forged), nil, "authentication failed: the handshake proof of a does not verify"),
            (.helloAck(HelloAck(nodeID: "c", version: 2)), "b", "refused: expected node b at this address but c answered"),
            (.refuse(reason: "no"), nil, "refused: no"),
            (.helloAck(HelloAck(nodeID: "b", version: 9)), "b", "protocol violation: the peer chose version 9"),
            (.helloAck(HelloAck(nodeID: "b", version: 1)), "b", "protocol violation: the peer chose version 1"),
            (.ping(sequence: 1, gossip: []), nil, "protocol violation: expected helloAck or refuse in answer to hello, got ping"),
        ]
        for (reply, expected, text) in refusals {
            XCTAssertThrowsError(try PeerHandshake.accept(reply: reply, to: opening, keyRing: ring, expectedNodeID: expected)) { error in
                XCTAssertTrue("\(error)".hasPrefix(text), "\(error)")
            }
        }
    }

    func testAnAcceptorWithAnotherKeyUnderTheSameClusterCannotPassAsAMember() throws {
        // Even holding a key under the id the hello names, a wrong key's proof fails.
        let opening = hello()
        let impostorRing = ClusterKeyRing([TestKeys.stranger])
        let transcript = HandshakeTranscript(
            version: 2, clusterID: "casestore", openerNodeID: "b", acceptorNodeID: "a", keyID: TestKeys.stranger.id,
            openerNonce: opening.hello.nonce, acceptorNonce: Array(repeating: 1, count: 32))
        let ack = HelloAck(nodeID: "a", version: 2, nonce: transcript.acceptorNonce,
                           proof: transcript.proof(of: .acceptor, key: impostorRing.primary))
        XCTAssertThrowsError(try PeerHandshake.accept(reply: .helloAck(ack), to: opening, keyRing: ring, expectedNodeID: nil))
    }

    func testTheProofFrameMustBeAProof() {
        guard case .accept(_, let pending) = answer(hello()) else { return XCTFail("refused") }
        let ping = PeerMessageCodec.encode(.ping(sequence: 1, gossip: []))
        guard case .failure(let refusal) = PeerHandshake.verifyOpenerProof(ping, pending: pending) else { return XCTFail("accepted a ping") }
        XCTAssertTrue(refusal.reason.contains("sent a frame of type 4 where its handshake proof belongs"), refusal.reason)
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
