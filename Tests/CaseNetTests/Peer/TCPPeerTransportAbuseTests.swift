import XCTest
@testable import CaseNet
import CaseReplication
import CaseWire
import TestSupport

/// The peer port under abuse: crowds of strangers that never finish a handshake, and
/// floods of bad hellos. Members must still get in, and the log must stay short.
final class TCPPeerTransportAbuseTests: XCTestCase {
    /// Issue 15's acceptance, with the shipped limits: 200 connections from the member's
    /// own address, half silent and half stopped in the middle of a hello, do not keep a
    /// member out for more than two seconds.
    func testAMemberConnectsWithinTwoSecondsWhileTwoHundredIdleStrangersAreConnected() throws {
        try FileDescriptorLimit.raise(toAtLeast: 2_048)
        let node = try TransportHarness(nodeID: "a", limits: PeerTransportLimits())
        defer { node.transport.stop() }
        let hello = FrameEncoder.encode(PeerMessageCodec.encode(
            .hello(PeerHandshake.open(clusterID: "casestore", nodeID: "stranger", keyRing: TestKeys.ring).hello)))
        let strangers = try (0..<200).map { index in
            let stranger = try RawPeer(port: node.port)
            if index % 2 == 1 { try stranger.send(Array(hello.prefix(20))) }
            return stranger
        }
        let limits = node.transport.limits
        XCTAssertTrue(eventually { node.transport.unauthenticatedConnectionCount == limits.maxUnauthenticatedConnections },
                      "strangers hold \(node.transport.unauthenticatedConnectionCount) slots")

        let member = try TransportHarness(nodeID: "m", limits: PeerTransportLimits())
        defer { member.transport.stop() }
        let started = ContinuousClock.now
        member.transport.send(Envelope(.member(id: "a", address: node.address), PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { node.messages(from: "m").count == 1 }, node.log + member.log)
        let waited = ContinuousClock.now - started
        XCTAssertLessThan(waited, .seconds(2), "the member waited \(waited) to connect and deliver")
        XCTAssertEqual(member.transport.counters.handshakesRefusedByPeers, 0)
        XCTAssertEqual(node.transport.counters.inboundConnectionsRejected, 0, "nobody had to be refused")
        XCTAssertLessThan(node.logLines.value.count, 30, "200 strangers cost a few lines:\n\(node.log)")
        _ = strangers
    }

    func testAMemberWithAnAuthenticatedConnectionKeepsItThroughAFloodFromItsAddress() throws {
        let node = try TransportHarness(nodeID: "a", limits: PeerTransportLimits(maxInboundConnections: 16, maxConnectionsPerAddress: 4))
        defer { node.transport.stop() }
        let member = try RawPeer(port: node.port)
        var sealer = try member.handshake(nodeID: "m")
        try member.sendSealed(PeerTestMessages.ping(1), with: &sealer)
        XCTAssertTrue(eventually { node.messages(from: "m").count == 1 })
        let flood = try (0..<40).map { _ in try RawPeer(port: node.port) }
        XCTAssertTrue(flood[0].isClosedByPeer(), "the flood's oldest went first")
        XCTAssertTrue(eventually { node.transport.counters.inboundConnectionsEvicted >= 40 - 3 }, "\(node.transport.counters)")
        try member.sendSealed(PeerTestMessages.ping(2), with: &sealer)
        XCTAssertTrue(eventually { node.messages(from: "m").count == 2 }, "the member's connection was never touched")
    }

    func testAFloodOfBadHellosIsCountedEachButLoggedAtPowersOfTwo() throws {
        let node = try TransportHarness(nodeID: "a")
        defer { node.transport.stop() }
        for _ in 0..<40 {
            let raw = try RawPeer(port: node.port)
            let answer = try raw.hello(clusterID: "another-cluster").answer
            guard case .refuse = answer else { return XCTFail("expected a refusal, got \(String(describing: answer))") }
        }
        XCTAssertTrue(eventually { node.transport.counters.handshakesRefused == 40 })
        let lines = node.logLines.value.filter { $0.contains("refused the hello") }
        XCTAssertEqual(lines.count, 6, "the 1st, 2nd, 4th, 8th, 16th and 32nd:\n\(node.log)")
        XCTAssertTrue(lines.last?.contains("[32 so far from 127.0.0.1;") ?? false, lines.last ?? "")
    }
}
