import CaseCore
import CaseCrypto
import XCTest
@testable import CaseNet
import CaseReplication
import CaseWire

/// The version-3 handshake's decisions without sockets: certificates, signatures over
/// the transcript, ephemeral keys, and who is refused and why.
final class PeerIdentityHandshakeTests: XCTestCase {
    private let ring = TestKeys.ring

    /// Opener `opener` says hello to acceptor "a"; returns the acceptor's answer and
    /// what the opener makes of it.
    private func handshake(
        opener: PeerIdentity?, openerID: String = "b", acceptor: PeerIdentity?, admission: @escaping (Certificate) -> String? = { _ in nil }
    ) -> (answer: PeerHandshake.Answer, opener: Result<(session: PeerHandshake.Session, proof: [UInt8]), PeerConnectionError>, acceptor: Result<PeerHandshake.Session, PeerHandshake.ProofRefusal>?) {
        let opening = PeerHandshake.open(clusterID: "casestore", nodeID: openerID, keyRing: ring, identity: opener)
        let answer = PeerHandshake.answer(opening.hello, clusterID: "casestore", nodeID: "a", keyRing: ring, identity: acceptor)
        guard case .accept(let ack, let pending) = answer else {
            return (answer, .failure(.refused("refused")), nil)
        }
        let openerSide = Result { () throws(PeerConnectionError) in
            try PeerHandshake.accept(reply: .helloAck(ack), to: opening, keyRing: ring, identity: opener, expectedNodeID: "a")
        }
        guard case .success(let opened) = openerSide else { return (answer, openerSide, nil) }
        let frame = PeerHandshake.proofFrame(opened.proof, version: opened.session.version)
        return (answer, openerSide, PeerHandshake.verifyOpenerProof(frame, pending: pending, identity: acceptor, admission: admission))
    }

    func testTwoCertifiedNodesAgreeOnFreshSessionKeysAndLearnEachOthersCertificate() throws {
        let a = TestIdentities.identity("a"), b = TestIdentities.identity("b")
        let first = handshake(opener: b, acceptor: a)
        let openerSession = try first.opener.get().session
        let acceptorSession = try XCTUnwrap(first.acceptor).get()
        XCTAssertEqual(openerSession.version, PeerProtocol.currentVersion)
        XCTAssertEqual(openerSession.keys, acceptorSession.keys)
        XCTAssertEqual(openerSession.peerCertificate, a.certificate)
        XCTAssertEqual(acceptorSession.peerCertificate, b.certificate)
        XCTAssertEqual(acceptorSession.peerNodeID, "b")
        // Ephemeral keys: the same two nodes get other keys on the next connection.
        let second = try handshake(opener: b, acceptor: a).opener.get().session
        XCTAssertNotEqual(second.keys, openerSession.keys)
    }

    func testACertificateForXCannotBeUsedToConnectAsY() throws {
        // y holds x's certificate and x's key (all of x's files): it can be x, never y.
        let x = TestIdentities.identity("x")
        let result = handshake(opener: x, openerID: "y", acceptor: TestIdentities.identity("a"))
        guard case .failure(let refusal) = try XCTUnwrap(result.acceptor) else { return XCTFail("y was admitted with x's certificate") }
        XCTAssertTrue(refusal.reason.contains("a certificate of x was presented by a peer claiming to be y"), refusal.reason)
    }

    func testAStolenCertificateWithoutItsKeyDoesNotConnect() throws {
        // A certificate is public. The thief presents b's, but signs with its own key
        // (to sign at all it needs an identity; this one's certificate is never shown).
        let thiefKey = TestIdentities.key("thief")
        let thief = TestIdentities.identity("b", certificate: TestIdentities.certificate(for: "b", key: thiefKey), key: thiefKey)
        let a = TestIdentities.identity("a")
        let opening = PeerHandshake.open(clusterID: "casestore", nodeID: "b", keyRing: ring, identity: thief)
        guard case .accept(let ack, let pending) = PeerHandshake.answer(opening.hello, clusterID: "casestore", nodeID: "a", keyRing: ring, identity: a) else {
            return XCTFail("refused the hello")
        }
        let (_, proof) = try PeerHandshake.accept(reply: .helloAck(ack), to: opening, keyRing: ring, identity: thief, expectedNodeID: "a")
        let withStolenCertificate = IdentityProof(certificate: TestIdentities.certificate(for: "b"), signature: try IdentityProof(decoding: proof).signature)
        let verdict = PeerHandshake.verifyOpenerProof(PeerHandshake.proofFrame(withStolenCertificate.encoded, version: 3), pending: pending, identity: a)
        guard case .failure(let refusal) = verdict else { return XCTFail("a certificate without its key was accepted") }
        XCTAssertTrue(refusal.reason.contains("does not verify with the key its certificate names"), refusal.reason)
    }

    func testCertificatesOfAnotherRootOrClusterOrExpiredAreRefusedByBothSides() throws {
        let cases: [(name: String, certificate: (String) -> Certificate, text: String)] = [
            ("another root", { TestIdentities.certificate(for: $0, by: TestIdentities.otherRoot) }, "is not signed by the cluster root"),
            ("another cluster", { TestIdentities.certificate(for: $0, cluster: "tinh-01") }, "is for cluster \"tinh-01\""),
            ("expired", { TestIdentities.certificate(for: $0, validUntilMs: TestIdentities.nowMs - 1) }, "expired at"),
        ]
        for (name, certificate, text) in cases {
            let badOpener = handshake(opener: TestIdentities.identity("b", certificate: certificate("b")), acceptor: TestIdentities.identity("a"))
            guard case .failure(let refusal) = try XCTUnwrap(badOpener.acceptor, name) else { XCTFail("\(name): acceptor admitted"); continue }
            XCTAssertTrue(refusal.reason.contains(text), "\(name): \(refusal.reason)")

            let badAcceptor = handshake(opener: TestIdentities.identity("b"), acceptor: TestIdentities.identity("a", certificate: certificate("a")))
            guard case .failure(let error) = badAcceptor.opener else { XCTFail("\(name): the opener trusted the acceptor"); continue }
            XCTAssertTrue("\(error)".contains(text), "\(name): \(error)")
        }
    }

    func testAnAdmissionRefusalOfTheCertifiedSubjectIsFinal() throws {
        let result = handshake(opener: TestIdentities.identity("b"), acceptor: TestIdentities.identity("a"),
                               admission: { $0.subject == "b" ? "b was retired by an admin" : nil })
        guard case .failure(let refusal) = try XCTUnwrap(result.acceptor) else { return XCTFail("admitted") }
        XCTAssertEqual(refusal.reason, "b was retired by an admin")
    }

    func testAHelloClaimingTheAcceptorsOwnIdIsRefused() {
        let result = handshake(opener: TestIdentities.identity("a"), openerID: "a", acceptor: TestIdentities.identity("a"))
        guard case .refuse(let reason) = result.answer else { return XCTFail("accepted its own id") }
        XCTAssertTrue(reason.contains("claims this node's own id"), reason)
    }

    func testLegacyPeersAreRefusedUnlessTheUpgradeWindowIsOpen() throws {
        let strict = handshake(opener: nil, acceptor: TestIdentities.identity("a"))
        guard case .refuse(let reason) = strict.answer else { return XCTFail("a shared-key-only peer was admitted") }
        XCTAssertTrue(reason.contains("--accept-legacy-peers"), reason)

        let upgrading = handshake(opener: nil, acceptor: TestIdentities.identity("a", acceptsLegacyPeers: true))
        let session = try XCTUnwrap(upgrading.acceptor).get()
        XCTAssertEqual(session.version, 2)
        XCTAssertNil(session.peerCertificate)

        // A certified opener in its own upgrade window reaches a shared-key-only acceptor at version 2.
        let toOld = handshake(opener: TestIdentities.identity("b", acceptsLegacyPeers: true), acceptor: nil)
        XCTAssertEqual(try XCTUnwrap(toOld.acceptor).get().version, 2)
        // Without the window it does not: the versions do not overlap.
        let refused = handshake(opener: TestIdentities.identity("b"), acceptor: nil)
        guard case .refuse(let advice) = refused.answer else { return XCTFail("versions overlapped") }
        XCTAssertTrue(advice.contains("requires node certificates"), advice)
    }

    func testALowOrderEphemeralKeyIsRefused() throws {
        let zero = Hello(clusterID: "casestore", nodeID: "b", minVersion: 3, maxVersion: 3, keyID: TestKeys.cluster.id, nonce: [UInt8](repeating: 0, count: 32))
        guard case .accept(_, let pending) = PeerHandshake.answer(zero, clusterID: "casestore", nodeID: "a", keyRing: ring, identity: TestIdentities.identity("a")) else {
            return XCTFail("refused the hello")
        }
        guard case .identity(let transcript, _, _) = pending else { return XCTFail("not a version-3 answer") }
        let b = TestIdentities.identity("b")
        let proof = IdentityProof(certificate: b.certificate, signature: b.signingKey.sign(transcript.openerSignedBytes(openerCertificate: b.certificate)))
        let verdict = PeerHandshake.verifyOpenerProof(PeerHandshake.proofFrame(proof.encoded, version: 3), pending: pending, identity: TestIdentities.identity("a"))
        guard case .failure(let refusal) = verdict else { return XCTFail("a zero ephemeral key was accepted") }
        XCTAssertTrue(refusal.reason.contains("low-order ephemeral key"), refusal.reason)
    }

    func testAnAnswerSignedForAnotherHelloIsRefusedByTheOpener() throws {
        let a = TestIdentities.identity("a"), b = TestIdentities.identity("b")
        let first = PeerHandshake.open(clusterID: "casestore", nodeID: "b", keyRing: ring, identity: b)
        guard case .accept(let recorded, _) = PeerHandshake.answer(first.hello, clusterID: "casestore", nodeID: "a", keyRing: ring, identity: a) else {
            return XCTFail("refused")
        }
        let second = PeerHandshake.open(clusterID: "casestore", nodeID: "b", keyRing: ring, identity: b)
        XCTAssertThrowsError(try PeerHandshake.accept(reply: .helloAck(recorded), to: second, keyRing: ring, identity: b, expectedNodeID: "a")) { error in
            XCTAssertTrue("\(error)".contains("the handshake signature of a does not verify"), "\(error)")
        }
    }
}
