import XCTest
@testable import CaseNet
import CaseReplication
import TestSupport

/// Two or more real transports on loopback. Waits are bounded polls of a
/// condition; no test sleeps for a fixed time.
final class TCPPeerTransportTests: XCTestCase {
    private func harness(_ nodeID: String, clusterID: String = "casestore", port: UInt16 = 0,
                         limits: PeerTransportLimits = TransportHarness.testLimits) throws -> TransportHarness {
        let harness = try TransportHarness(nodeID: nodeID, clusterID: clusterID, port: port, limits: limits)
        addTeardownBlock { harness.transport.stop() }
        return harness
    }

    func testTwoTransportsExchangeMessagesInBothDirectionsInOrder() throws {
        let a = try harness("a")
        let b = try harness("b")
        let pings = (1...100).map(PeerTestMessages.ping)
        for ping in pings {
            a.transport.send(Envelope(.member(id: "b", address: b.address), ping))
        }
        b.transport.send(Envelope(.address(a.address), PeerTestMessages.eventBatch))

        XCTAssertTrue(eventually { b.messages(from: "a").count == pings.count && a.messages(from: "b").count == 1 },
                      "a→b \(b.messages(from: "a").count), b→a \(a.messages(from: "b").count)\n\(a.log)\n\(b.log)")
        XCTAssertEqual(b.messages(from: "a"), pings, "one connection carries messages in the order they were sent")
        XCTAssertEqual(a.messages(from: "b"), [PeerTestMessages.eventBatch])
        // The sender counts after its write returns, which may be after the delivery.
        XCTAssertTrue(eventually { a.transport.counters.framesSent == pings.count }, "\(a.transport.counters)")
        XCTAssertEqual(b.transport.counters.framesReceived, pings.count)
        XCTAssertEqual(b.transport.counters.bytesReceived, a.transport.counters.bytesSent)
        XCTAssertEqual(a.transport.counters.framesDropped, 0)
        XCTAssertEqual(b.transport.counters.framesDropped, 0)
    }

    func testAPeerOfAnotherClusterIsRefusedAndNothingIsDelivered() throws {
        let home = try harness("a", clusterID: "casestore")
        let stranger = try harness("x", clusterID: "tỉnh-khác")
        stranger.transport.send(Envelope(.address(home.address), PeerTestMessages.ping(1)))

        XCTAssertTrue(eventually { stranger.transport.counters.handshakesRefusedByPeers == 1 }, stranger.log)
        XCTAssertEqual(home.transport.counters.handshakesRefused, 1)
        XCTAssertTrue(home.hasLogged("refused the hello from x at 127.0.0.1:"), home.log)
        XCTAssertTrue(home.hasLogged("cluster id \"tỉnh-khác\" is not this cluster's \"casestore\""), home.log)
        XCTAssertTrue(stranger.hasLogged("refused: cluster id \"tỉnh-khác\" is not this cluster's \"casestore\""), stranger.log)
        XCTAssertEqual(stranger.transport.counters.framesDropped, 1)
        XCTAssertEqual(stranger.transport.counters.framesSent, 0)
        XCTAssertTrue(home.deliveries.value.isEmpty)
    }

    func testAHelloWithNoCommonVersionIsRefusedNamingBothRanges() throws {
        let node = try harness("a")
        let raw = try RawPeer(port: node.port)
        try raw.send(.hello(Hello(clusterID: "casestore", nodeID: "future", minVersion: 3, maxVersion: 4,
                                  keyID: TestKeys.cluster.id, nonce: Array(repeating: 1, count: 32))))
        let answer = try raw.readMessage()
        guard case .refuse(let reason) = answer else { return XCTFail("expected a refusal, got \(String(describing: answer))") }
        XCTAssertTrue(reason.contains("3...4") && reason.contains("2...2"), reason)
        XCTAssertTrue(raw.isClosedByPeer())
        XCTAssertEqual(node.transport.counters.handshakesRefused, 1)
        XCTAssertTrue(node.hasLogged("protocol versions 3...4 offered by future do not overlap versions 2...2"), node.log)
        XCTAssertTrue(node.deliveries.value.isEmpty)
    }

    func testAnAnswerFromAnotherNodeThanTheMemberNamedIsRefused() throws {
        let sender = try harness("a")
        let actual = try harness("b")
        sender.transport.send(Envelope(.member(id: "c", address: actual.address), PeerTestMessages.ping(1)))

        XCTAssertTrue(eventually { sender.transport.counters.handshakesRefusedByPeers == 1 }, sender.log)
        XCTAssertTrue(sender.hasLogged("expected node c at this address but b answered"), sender.log)
        XCTAssertEqual(sender.transport.counters.framesDropped, 1)
        XCTAssertTrue(actual.deliveries.value.isEmpty)
    }

    func testMessagesToADeadAddressAreDroppedWithoutBlocking() throws {
        let sender = try harness("a")
        let dead = "127.0.0.1:\(try closedPort())"
        // More than one destination's queue holds: the caller must never wait for room.
        let count = TransportHarness.testLimits.maxQueuedFramesPerPeer + 500
        for sequence in 1...count {
            sender.transport.send(Envelope(.address(dead), PeerTestMessages.ping(UInt64(sequence))))
        }
        XCTAssertTrue(eventually { sender.transport.counters.framesDropped == count },
                      "\(sender.transport.counters)")
        XCTAssertEqual(sender.transport.counters.framesSent, 0)
        XCTAssertTrue(sender.hasLogged("cannot send to \(dead): connect to \(dead) failed"), sender.log)
    }

    func testMessagesFlowAgainAfterThePeerRestartsOnTheSamePort() throws {
        let a = try harness("a")
        let first = try harness("b")
        let destination = Destination.member(id: "b", address: first.address)
        a.transport.send(Envelope(destination, PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { first.messages(from: "a").count == 1 }, a.log)

        XCTAssertTrue(first.transport.stop(timeoutMs: 10_000))
        let second = try harness("b", port: first.port)
        // The old connection is dead and a push may be lost meanwhile (the
        // protocol's pulls repair that), so keep sending until one arrives.
        var sequence: UInt64 = 2
        XCTAssertTrue(eventually {
            a.transport.send(Envelope(destination, PeerTestMessages.ping(sequence)))
            sequence += 1
            return !second.messages(from: "a").isEmpty
        }, a.log)
        XCTAssertEqual(first.messages(from: "a"), [PeerTestMessages.ping(1)])
    }

    func testAPeerThatConnectsToUsEndsOurBackOffToIt() throws {
        // A back-off far longer than any test: only the peer's own connection can end it.
        let patient = PeerTransportLimits(backoffInitialMs: 600_000, backoffMaxMs: 600_000)
        let a = try harness("a", limits: patient)
        let port = try closedPort()
        let destination = Destination.member(id: "b", address: "127.0.0.1:\(port)")
        a.transport.send(Envelope(destination, PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { a.transport.counters.framesDropped == 1 }, a.log)
        a.transport.send(Envelope(destination, PeerTestMessages.ping(2)))
        XCTAssertEqual(a.transport.counters.framesDropped, 2, "dropped while backing off")

        let b = try harness("b", port: port)
        b.transport.send(Envelope(.member(id: "a", address: a.address), PeerTestMessages.ping(3)))
        XCTAssertTrue(eventually { a.messages(from: "b").count == 1 }, b.log)
        a.transport.send(Envelope(destination, PeerTestMessages.ping(4)))
        XCTAssertTrue(eventually { b.messages(from: "a") == [PeerTestMessages.ping(4)] }, a.log)
    }

    func testIdleOutboundConnectionsCloseAndTheNextSendReconnects() throws {
        let a = try harness("a", limits: PeerTransportLimits(outboundIdleTimeoutMs: 50))
        let b = try harness("b")
        let destination = Destination.member(id: "b", address: b.address)
        a.transport.send(Envelope(destination, PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { b.messages(from: "a").count == 1 })
        // The receiver sees the sender hang up once its writer has been idle long enough.
        XCTAssertTrue(eventually { b.transport.inboundConnectionCount == 0 }, b.log)
        XCTAssertEqual(b.transport.counters.inboundConnectionsFailed, 0, "an idle close is not a failure")

        a.transport.send(Envelope(destination, PeerTestMessages.ping(2)))
        XCTAssertTrue(eventually { b.messages(from: "a").count == 2 }, a.log)
        XCTAssertEqual(a.transport.counters.framesDropped, 0)
    }

    func testASilentInboundConnectionIsClosedAfterTheIdleTimeout() throws {
        let node = try harness("a", limits: PeerTransportLimits(inboundIdleTimeoutMs: 100))
        let raw = try RawPeer(port: node.port)
        _ = try raw.handshake(nodeID: "quiet")
        XCTAssertTrue(raw.isClosedByPeer())
        XCTAssertTrue(eventually { node.hasLogged("closed the connection from quiet at 127.0.0.1:") }, node.log)
        XCTAssertTrue(node.hasLogged("after 100 ms without a frame"), node.log)
        XCTAssertEqual(node.transport.counters.inboundConnectionsFailed, 0)
    }

    func testAMemberThatMovesIsFollowedToItsNewAddress() throws {
        let a = try harness("a")
        let old = try harness("b")
        a.transport.send(Envelope(.member(id: "b", address: old.address), PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { old.messages(from: "a").count == 1 })

        let moved = try harness("b")
        a.transport.send(Envelope(.member(id: "b", address: moved.address), PeerTestMessages.ping(2)))
        XCTAssertTrue(eventually { moved.messages(from: "a").count == 1 }, a.log)
        XCTAssertEqual(old.messages(from: "a").count, 1, "nothing more goes to the old address")
        XCTAssertEqual(a.transport.counters.framesDropped, 0)
    }

    func testAMessageLargerThanAFrameIsDroppedBeforeQueueing() throws {
        let a = try harness("a", limits: PeerTransportLimits(maxPayloadBytes: 2_000, maxHandshakePayloadBytes: 2_000))
        let b = try harness("b")
        let records = (0..<100).map {
            MemberRecord(id: "n\($0)", peerAddress: "10.0.0.\($0):7401", httpAddress: "10.0.0.\($0):7400", incarnation: 1, state: .alive)
        }
        a.transport.send(Envelope(.address(b.address), .membership(members: records, isReply: false)))
        XCTAssertEqual(a.transport.counters.framesDropped, 1)
        XCTAssertTrue(a.hasLogged("dropped a membership of"), a.log)
        XCTAssertTrue(a.hasLogged("frames may carry at most 2000"), a.log)
        a.transport.send(Envelope(.address(b.address), PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { b.messages(from: "a") == [PeerTestMessages.ping(1)] }, a.log)
    }

    func testStopEndsEveryThreadWhileConnectionsAreOpen() throws {
        let node = try harness("a")
        let peer = try harness("b")
        // An established inbound connection, an idle outbound one, and a stranger that never says hello.
        peer.transport.send(Envelope(.address(node.address), PeerTestMessages.ping(1)))
        node.transport.send(Envelope(.address(peer.address), PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { node.messages(from: "b").count == 1 && peer.messages(from: "a").count == 1 })
        let silent = try RawPeer(port: node.port)
        XCTAssertTrue(eventually { node.transport.inboundConnectionCount == 2 })

        // Each of those waits for minutes unless stop wakes it.
        XCTAssertTrue(node.transport.stop(timeoutMs: 10_000), node.log)
        XCTAssertTrue(silent.isClosedByPeer())
        XCTAssertEqual(node.transport.inboundConnectionCount, 0)
        node.transport.send(Envelope(.address(peer.address), PeerTestMessages.ping(2)))
        XCTAssertEqual(node.transport.counters.framesDropped, 1, "a stopped transport drops what it is given")
        XCTAssertTrue(node.transport.stop(timeoutMs: 10_000), "stopping twice is harmless")
    }

    func testStartRefusesAnIdentityTheProtocolCannotCarry() {
        for (nodeID, clusterID) in [("Node A", "casestore"), ("a", ""), ("a", String(repeating: "c", count: 257))] {
            let transport = TCPPeerTransport(
                listenHost: "127.0.0.1", listenPort: 0, nodeID: nodeID, clusterID: clusterID, keyRing: TestKeys.ring)
            XCTAssertThrowsError(try transport.start { _, _ in }, "\(nodeID) \(clusterID)") { error in
                XCTAssertTrue(error is PeerTransportConfigurationError, "\(error)")
            }
        }
    }
}
