import XCTest
import CaseCore
@testable import CaseNet
import CaseReplication
import CaseWire
import TestSupport

/// Over real sockets, with node certificates: a member connects and delivers; a node
/// holding another node's certificate, a retired node, or a node without a
/// certificate does not, and delivers nothing.
final class PeerIdentityTransportTests: XCTestCase {
    private func harness(_ nodeID: String, identity: PeerIdentity?,
                         admission: @escaping @Sendable (String) -> String? = { _ in nil }) throws -> TransportHarness {
        let harness = try TransportHarness(nodeID: nodeID, identity: identity, admission: admission)
        addTeardownBlock { harness.transport.stop() }
        return harness
    }

    /// Identities checked against the real clock: the fixed test time is in 2026-2036.
    private func identity(_ nodeID: String, certificate: Certificate? = nil, key: SigningKey? = nil, legacy: Bool = false) -> PeerIdentity {
        let key = key ?? TestIdentities.key(nodeID)
        return PeerIdentity(signingKey: key, certificate: certificate ?? TestIdentities.certificate(for: nodeID, key: key),
                            root: TestIdentities.root.publicKey, acceptsLegacyPeers: legacy,
                            nowMs: { Int64(Date().timeIntervalSince1970 * 1_000) })
    }

    func testCertifiedMembersExchangeMessages() throws {
        let home = try harness("home", identity: identity("home"))
        let member = try harness("b", identity: identity("b"))
        member.transport.send(Envelope(.address(home.address), PeerTestMessages.eventBatch))
        XCTAssertTrue(eventually { home.messages(from: "b") == [PeerTestMessages.eventBatch] }, home.log)
    }

    func testACertificateForXCannotBeUsedToConnectAsY() throws {
        let home = try harness("home", identity: identity("home"))
        // y has every file of x: x's certificate and x's key.
        let y = try harness("y", identity: identity("x"))
        y.transport.send(Envelope(.address(home.address), PeerTestMessages.eventBatch))
        XCTAssertTrue(eventually { home.transport.counters.authenticationFailures == 1 }, home.log)
        XCTAssertTrue(home.hasLogged("a certificate of x was presented by a peer claiming to be y"), home.log)
        XCTAssertTrue(home.deliveries.value.isEmpty)
    }

    func testARetiredNodeCannotConnectUnderItsIdOrAnyOther() throws {
        let retired: @Sendable (String) -> String? = { $0 == "r" ? "r was retired by an admin" : nil }
        let home = try harness("home", identity: identity("home"), admission: retired)
        // Its certificate names r: under r it is refused as retired, under any other id
        // its certificate does not match.
        let attempts = [("r", "r was retired by an admin"), ("r2", "a certificate of r was presented by a peer claiming to be r2")]
        for (claimed, refusal) in attempts {
            let node = try harness(claimed, identity: identity("r"))
            node.transport.send(Envelope(.address(home.address), PeerTestMessages.eventBatch))
            XCTAssertTrue(eventually { home.hasLogged(refusal) }, "\(claimed)\n\(home.log)")
        }
        XCTAssertTrue(home.deliveries.value.isEmpty)
    }

    func testANodeWithoutACertificateIsRefusedUnlessTheUpgradeWindowIsOpen() throws {
        let strict = try harness("home", identity: identity("home"))
        let old = try harness("old", identity: nil)
        old.transport.send(Envelope(.address(strict.address), PeerTestMessages.eventBatch))
        XCTAssertTrue(eventually { old.transport.counters.handshakesRefusedByPeers == 1 }, old.log)
        XCTAssertTrue(strict.hasLogged("--accept-legacy-peers"), strict.log)
        XCTAssertTrue(strict.deliveries.value.isEmpty)

        let upgrading = try harness("home2", identity: identity("home2", legacy: true))
        old.transport.send(Envelope(.address(upgrading.address), PeerTestMessages.eventBatch))
        XCTAssertTrue(eventually { upgrading.messages(from: "old") == [PeerTestMessages.eventBatch] }, upgrading.log)
    }

    /// Signed token records (kind 15) travel on version-3 sessions only: on a version-2
    /// session (an upgrading node talking to one without a certificate, which may be a
    /// build that cannot read them) the writer drops them, and the other messages go on.
    func testSignedTokenRecordsAreDroppedOnAVersionTwoSessionAndCarriedOnAVersionThreeOne() throws {
        let signed = PeerMessage.signedTokenRecords([SignedTokenSamples.clerkOfN1])
        let old = try harness("old", identity: nil)
        let upgrading = try harness("home", identity: identity("home", legacy: true))
        upgrading.transport.send(Envelope(.address(old.address), signed))
        upgrading.transport.send(Envelope(.address(old.address), PeerTestMessages.eventBatch))
        XCTAssertTrue(eventually { old.messages(from: "home") == [PeerTestMessages.eventBatch] }, old.log)
        XCTAssertEqual(upgrading.transport.counters.framesDropped, 1)

        let member = try harness("b", identity: identity("b"))
        upgrading.transport.send(Envelope(.address(member.address), signed))
        XCTAssertTrue(eventually { member.messages(from: "home") == [signed] }, member.log)
    }

    /// The member-list digest (kind 18) needs a version-5 session: on an older one the
    /// writer sends the envelope's fallback, the whole list, so the exchange still happens.
    func testTheMemberDigestFallsBackToTheWholeListOnAnOlderSession() throws {
        let home = MemberRecord(id: "home", peerAddress: "127.0.0.1:1", httpAddress: "127.0.0.1:2", incarnation: 1, state: .alive)
        let wholeList = PeerMessage.membership(members: [home], isReply: false)
        let digest = PeerMessage.memberDigest(Array(repeating: 7, count: MemberListDigest.rootByteCount), sender: home)
        let old = try harness("old", identity: nil)
        let upgrading = try harness("home", identity: identity("home", legacy: true))
        upgrading.transport.send(Envelope(.address(old.address), digest, fallback: wholeList))
        XCTAssertTrue(eventually { old.messages(from: "home") == [wholeList] }, old.log)

        let member = try harness("b", identity: identity("b"))
        upgrading.transport.send(Envelope(.address(member.address), digest, fallback: wholeList))
        XCTAssertTrue(eventually { member.messages(from: "home") == [digest] }, member.log)
        XCTAssertEqual(upgrading.transport.counters.framesDropped, 0)
    }

    func testACertifiedNodeInItsUpgradeWindowSendsAnOldNodeEventsItCanRead() throws {
        // A batch as a certified node sends it: each event signed, its origin's certificate along.
        guard case .eventBatch(var batch) = PeerTestMessages.eventBatch else { return XCTFail("not a batch") }
        let key = TestIdentities.key("b")
        var link = EventChain.genesis(origin: "b")
        batch.events = batch.events.map { event in
            let sealed = EventChain.seal(event, after: link, key: key)
            link = sealed.chain
            return sealed.sealed(chain: [], signature: sealed.signature)
        }
        batch.certificates = [TestIdentities.certificate(for: "b")]
        let old = try harness("old", identity: nil)
        let upgrading = try harness("b", identity: identity("b", legacy: true))
        upgrading.transport.send(Envelope(.address(old.address), .eventBatch(batch)))
        // The version-2 session gets the old layout: the events, without what it cannot read.
        var expected = batch
        expected.events = batch.events.map(\.content)
        expected.certificates = []
        XCTAssertTrue(eventually { old.messages(from: "b") == [.eventBatch(expected)] }, old.log)
    }
}
