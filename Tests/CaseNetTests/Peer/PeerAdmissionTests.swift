import XCTest
@testable import CaseNet
import CaseReplication
import TestSupport

/// The admission hook: a node the hook refuses (a member an admin retired)
/// cannot open a connection, is told why, and the refusal is logged on both sides.
final class PeerAdmissionTests: XCTestCase {
    private static let retiredReason = "node n3 was retired by an admin (commune merger); an admin can re-admit it with 'casectl readmit n3'"

    /// Refuses exactly the ids in `retired`, which the test changes while the transport runs.
    private func harness(_ nodeID: String, retired: Locked<Set<String>> = Locked([])) throws -> TransportHarness {
        let harness = try TransportHarness(nodeID: nodeID) { id in
            retired.value.contains(id) ? "node \(id) was retired by an admin (commune merger); an admin can re-admit it with 'casectl readmit \(id)'" : nil
        }
        addTeardownBlock { harness.transport.stop() }
        return harness
    }

    func testTheHandshakeOfARetiredNodeIsRefusedWithTheReasonAndNothingIsDelivered() throws {
        let retired = Locked<Set<String>>(["n3"])
        let home = try harness("n1", retired: retired)
        let n3 = try harness("n3")
        n3.transport.send(Envelope(.member(id: "n1", address: home.address), PeerTestMessages.ping(1)))

        XCTAssertTrue(eventually { n3.transport.counters.handshakesRefusedByPeers == 1 }, n3.log)
        XCTAssertEqual(home.transport.counters.handshakesRefused, 1)
        XCTAssertTrue(home.hasLogged("refused the hello from n3 at 127.0.0.1:"), home.log)
        XCTAssertTrue(home.hasLogged(Self.retiredReason), home.log)
        XCTAssertTrue(n3.hasLogged("refused: " + Self.retiredReason), n3.log)
        XCTAssertTrue(home.deliveries.value.isEmpty)
    }

    func testARawHelloFromARetiredNodeGetsTheRefusalFrameAndAClosedConnection() throws {
        let home = try harness("n1", retired: Locked(["n3"]))
        let raw = try RawPeer(port: home.port)
        XCTAssertEqual(try raw.hello(nodeID: "n3").answer, .refuse(reason: Self.retiredReason))
        XCTAssertTrue(raw.isClosedByPeer())
        let admitted = try RawPeer(port: home.port)
        XCTAssertNoThrow(try admitted.handshake(nodeID: "n2"), "others are admitted")
    }

    func testANodeReadmittedByTheHookConnectsAgain() throws {
        let retired = Locked<Set<String>>(["n3"])
        let home = try harness("n1", retired: retired)
        let n3 = try harness("n3")
        n3.transport.send(Envelope(.member(id: "n1", address: home.address), PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { home.transport.counters.handshakesRefused == 1 }, home.log)

        _ = retired.withLock { $0.remove("n3") }
        // The refused sender backs off briefly (test limits); it keeps sending until one gets through.
        XCTAssertTrue(eventually {
            n3.transport.send(Envelope(.member(id: "n1", address: home.address), PeerTestMessages.ping(2)))
            return !home.messages(from: "n3").isEmpty
        }, home.log)
        XCTAssertEqual(home.messages(from: "n3").first, PeerTestMessages.ping(2))
    }

    func testTheAdmissionCheckComesAfterTheClusterVersionAndKeyChecks() {
        let hello = PeerHandshake.open(clusterID: "other", nodeID: "n3", keyRing: TestKeys.ring).hello
        let refuseAll: (String) -> String? = { "no \($0)" }
        XCTAssertEqual(
            PeerHandshake.answer(hello, clusterID: "casestore", nodeID: "n1", keyRing: TestKeys.ring, admission: refuseAll),
            .refuse(reason: "cluster id \"other\" is not this cluster's \"casestore\""))
        let sameCluster = PeerHandshake.open(clusterID: "casestore", nodeID: "n3", keyRing: TestKeys.ring).hello
        XCTAssertEqual(
            PeerHandshake.answer(sameCluster, clusterID: "casestore", nodeID: "n1", keyRing: TestKeys.ring, admission: refuseAll),
            .refuse(reason: "no n3"))
        guard case .accept(let ack, _) = PeerHandshake.answer(sameCluster, clusterID: "casestore", nodeID: "n1", keyRing: TestKeys.ring) else {
            return XCTFail("not admitted without a hook")
        }
        XCTAssertEqual([ack.nodeID, "\(ack.version)"], ["n1", "2"])
    }
}
