import XCTest
import CaseCore
@testable import CaseNet
import CaseReplication
import CaseWire
import CaseSystem
import TestSupport

/// Over real sockets: only a node holding the cluster key, in the same
/// cluster, can open a session, and nothing anyone else sends is delivered.
final class PeerAuthenticationTests: XCTestCase {
    private func harness(_ nodeID: String, clusterID: String = "casestore", keyRing: ClusterKeyRing = TestKeys.ring,
                         limits: PeerTransportLimits = TransportHarness.testLimits) throws -> TransportHarness {
        let harness = try TransportHarness(nodeID: nodeID, clusterID: clusterID, keyRing: keyRing, limits: limits)
        addTeardownBlock { harness.transport.stop() }
        return harness
    }

    func testNodesThatCannotProveTheKeyOrTheClusterAreRefusedAndDeliverNothing() throws {
        let cases: [(name: String, clusterID: String, keyRing: ClusterKeyRing, homeLog: String)] = [
            ("wrong key", "casestore", ClusterKeyRing([TestKeys.stranger]),
             "cluster key \(TestKeys.stranger.id) used by x is not in the key file of home; a node joins only when given the same cluster key file (--cluster-key)"),
            ("right key, other cluster id", "tỉnh-khác", TestKeys.ring, "cluster id \"tỉnh-khác\" is not this cluster's \"casestore\""),
        ]
        for testCase in cases {
            let home = try harness("home")
            let stranger = try harness("x", clusterID: testCase.clusterID, keyRing: testCase.keyRing)
            stranger.transport.send(Envelope(.address(home.address), PeerTestMessages.eventBatch))

            XCTAssertTrue(eventually { stranger.transport.counters.handshakesRefusedByPeers == 1 }, "\(testCase.name)\n\(stranger.log)")
            XCTAssertEqual(home.transport.counters.handshakesRefused, 1, testCase.name)
            XCTAssertTrue(home.hasLogged(testCase.homeLog), "\(testCase.name)\n\(home.log)")
            XCTAssertTrue(stranger.hasLogged("refused: " + testCase.homeLog), "\(testCase.name)\n\(stranger.log)")
            XCTAssertEqual(stranger.transport.counters.framesSent, 0, testCase.name)
            XCTAssertTrue(home.deliveries.value.isEmpty, "\(testCase.name): nothing is applied")
        }
    }

    func testAPeerWithoutAKeyIsRefusedAndItsPlaintextIsNeverDelivered() throws {
        let home = try harness("home")
        let offers: [ClosedRange<UInt16>] = [1...1, 2...2]
        for versions in offers {
            let raw = try RawPeer(port: home.port)
            let answer = try raw.keylessHello(versions: versions)
            guard case .refuse(let reason) = answer else { return XCTFail("\(versions): not refused: \(String(describing: answer))") }
            XCTAssertTrue(reason.contains(versions.lowerBound == 1 ? "do not overlap versions 2...2" : "cannot read the hello"), reason)
            try? raw.send(PeerTestMessages.eventBatch)
            XCTAssertTrue(raw.isClosedByPeer())
        }
        XCTAssertEqual(home.transport.counters.handshakesRefused, 2)
        XCTAssertTrue(home.deliveries.value.isEmpty)
    }

    func testAStrangerNamingTheRightKeyIdButForgingOrReflectingTheProofIsRefused() throws {
        let home = try harness("home")
        let proofs: [(name: String, proof: (HelloAck) -> [UInt8])] = [
            ("random bytes", { _ in SecureRandom.bytes(count: 32) }),
            ("the acceptor's own proof reflected", { $0.proof }),
        ]
        for (index, attempt) in proofs.enumerated() {
            let raw = try RawPeer(port: home.port)
            // The key id is public (it travels in every member's hello); the key is not.
            let (_, answer) = try raw.hello(nodeID: "x")
            guard case .helloAck(let ack)? = answer else { return XCTFail("\(attempt.name): no answer") }
            try raw.send(FrameEncoder.encode(PeerHandshake.proofFrame(attempt.proof(ack), version: 2)))
            var forger = FrameSealer(key: SecureRandom.bytes(count: 32), version: 2)
            try? raw.sendSealed(PeerTestMessages.eventBatch, with: &forger)
            XCTAssertEqual(try raw.readMessage().map { "\($0.kind)" }, "refuse", attempt.name)
            XCTAssertTrue(raw.isClosedByPeer(), attempt.name)
            XCTAssertTrue(eventually { home.transport.counters.authenticationFailures == index + 1 }, "\(attempt.name)\n\(home.log)")
            XCTAssertTrue(home.hasLogged("the handshake proof of x does not verify"), home.log)
        }
        XCTAssertTrue(home.deliveries.value.isEmpty)
    }

    func testAMembersRecordedConnectionReplayedByteForByteIsRefused() throws {
        let home = try harness("home")
        let member = try RawPeer(port: home.port)
        member.isRecording = true
        var sealer = try member.handshake(nodeID: "b")
        try member.sendSealed(PeerTestMessages.ping(1), with: &sealer)
        XCTAssertTrue(eventually { home.messages(from: "b").count == 1 })

        // The recorded hello, then (after the new answer, with its fresh nonce) the recorded proof and ping.
        let replay = try RawPeer(port: home.port)
        try replay.send(member.recorded[0])
        guard case .helloAck? = try replay.readMessage() else { return XCTFail("the replayed hello was not answered") }
        try replay.send(Array(member.recorded.dropFirst().joined()))
        XCTAssertTrue(replay.isClosedByPeer())
        XCTAssertTrue(eventually { home.transport.counters.authenticationFailures == 1 }, home.log)
        XCTAssertEqual(home.messages(from: "b"), [PeerTestMessages.ping(1)], "the replayed ping is not delivered again")
    }

    func testAReplayedSealedFrameClosesTheConnectionAfterTheOriginal() throws {
        let home = try harness("home")
        let raw = try RawPeer(port: home.port)
        var sealer = try raw.handshake(nodeID: "b")
        let frame = sealer.seal(PeerMessageCodec.encode(PeerTestMessages.ping(1)))
        try raw.send(frame + frame)
        XCTAssertTrue(raw.isClosedByPeer())
        XCTAssertTrue(eventually { home.transport.counters.authenticationFailures == 1 }, home.log)
        XCTAssertTrue(home.hasLogged("sealed frame 1 does not authenticate"), home.log)
        XCTAssertEqual(home.messages(from: "b"), [PeerTestMessages.ping(1)])
    }

    func testAnOpenerNeverSendsToAnAcceptorThatCannotProveTheKey() throws {
        let impostor = try TCPListener(host: "127.0.0.1", port: 0)
        defer { impostor.close() }
        let sender = try harness("a")
        sender.transport.send(Envelope(.address("127.0.0.1:\(impostor.boundPort)"), PeerTestMessages.eventBatch))

        let connection = try XCTUnwrap(try impostor.accept())
        defer { connection.close() }
        var decoder = FrameDecoder(maxPayloadBytes: 4_096)
        var first: Frame?
        while first == nil, case .bytes(let bytes) = try connection.read(maxBytes: 4_096, timeoutMs: 10_000) {
            try decoder.append(bytes)
            first = try decoder.nextFrame()
        }
        XCTAssertEqual(first?.type, PeerMessage.Kind.hello.rawValue)
        XCTAssertEqual(decoder.bufferedByteCount, 0)
        let forged = HelloAck(nodeID: "b", version: 2, nonce: SecureRandom.bytes(count: 32), proof: SecureRandom.bytes(count: 32))
        try connection.writeAll(FrameEncoder.encode(PeerMessageCodec.encode(.helloAck(forged))), timeoutMs: 5_000)
        var afterHello: [UInt8] = []
        while case .bytes(let bytes) = try connection.read(maxBytes: 65_536, timeoutMs: 10_000) { afterHello += bytes }

        XCTAssertTrue(eventually { sender.transport.counters.authenticationFailures == 1 }, sender.log)
        XCTAssertTrue(sender.hasLogged("the handshake proof of b does not verify"), sender.log)
        XCTAssertEqual(sender.transport.counters.framesSent, 0)
        XCTAssertTrue(afterHello.isEmpty, "nothing but the hello reached the impostor: \(afterHello.count) more bytes")
    }

    func testMembersWhoseKeyFilesListTheSameKeysInAnotherOrderConnectBothWays() throws {
        let a = try harness("a", keyRing: ClusterKeyRing([TestKeys.next, TestKeys.cluster]))
        let b = try harness("b", keyRing: ClusterKeyRing([TestKeys.cluster, TestKeys.next]))
        a.transport.send(Envelope(.member(id: "b", address: b.address), PeerTestMessages.ping(1)))
        b.transport.send(Envelope(.member(id: "a", address: a.address), PeerTestMessages.ping(2)))
        XCTAssertTrue(eventually { b.messages(from: "a").count == 1 && a.messages(from: "b").count == 1 }, a.log + b.log)
        XCTAssertEqual(a.transport.counters.handshakesRefused + b.transport.counters.handshakesRefused, 0)
    }

    func testMembersWhoseKeyFilesShareNoKeyAreRefusedBothWays() throws {
        let a = try harness("a", keyRing: ClusterKeyRing([TestKeys.cluster]))
        let b = try harness("b", keyRing: ClusterKeyRing([TestKeys.next, TestKeys.stranger]))
        a.transport.send(Envelope(.member(id: "b", address: b.address), PeerTestMessages.ping(1)))
        b.transport.send(Envelope(.member(id: "a", address: a.address), PeerTestMessages.ping(2)))
        XCTAssertTrue(eventually { a.transport.counters.handshakesRefusedByPeers >= 1 && b.transport.counters.handshakesRefusedByPeers >= 1 },
                      a.log + b.log)
        XCTAssertTrue(a.deliveries.value.isEmpty && b.deliveries.value.isEmpty)
    }

    func testStrangersAreBoundedAndAMemberGetsInByClosingTheOldestOfThem() throws {
        let home = try harness("home", limits: PeerTransportLimits(
            maxUnauthenticatedConnections: 2, firstByteTimeoutMs: 60_000, backoffInitialMs: 20, backoffMaxMs: 200))
        let oldest = try RawPeer(port: home.port)
        let silent = try RawPeer(port: home.port)
        XCTAssertTrue(eventually { home.transport.unauthenticatedConnectionCount == 2 })
        let member = try RawPeer(port: home.port)
        XCTAssertTrue(oldest.isClosedByPeer(), "the oldest stranger makes room")
        XCTAssertTrue(home.hasLogged("which had not completed a handshake, to make room for a newer connection"), home.log)

        var sealer = try member.handshake(nodeID: "b")
        try member.sendSealed(PeerTestMessages.ping(1), with: &sealer)
        XCTAssertTrue(eventually { home.messages(from: "b").count == 1 })
        XCTAssertEqual(home.transport.counters.inboundConnectionsEvicted, 1)
        XCTAssertEqual(home.transport.unauthenticatedConnectionCount, 1, "only the silent stranger is left unproven")
        _ = silent
    }

    func testAnEavesdropperBetweenTwoMembersSeesNeitherTheIdentityNumberNorTheName() throws {
        let receiver = try harness("b")
        let relay = try CapturingRelay(upstreamPort: receiver.port)
        addTeardownBlock { relay.stop() }
        let sender = try harness("xa-phuoc-long")
        let batch = Self.filing(identityNumber: "079203001234", name: "Nguyễn Thị Ánh Tuyết")
        sender.transport.send(Envelope(.member(id: "b", address: relay.address), batch))
        XCTAssertTrue(eventually { receiver.messages(from: "xa-phuoc-long") == [batch] }, sender.log + receiver.log)

        let capture = relay.capture
        XCTAssertGreaterThan(capture.count, 200, "the relay saw the exchange")
        XCTAssertTrue(capture.contains(bytes: Array("xa-phuoc-long".utf8)), "the hello's node id stays readable (the check can succeed)")
        for secret in ["079203001234", "Nguyễn Thị Ánh Tuyết", "Nguyen Thi Anh Tuyet", "Tuyết", "Hồ sơ"] {
            XCTAssertFalse(capture.contains(bytes: Array(secret.utf8)), "\(secret) is readable on the wire")
        }
        // The check itself can fail: the plaintext frame does contain them.
        XCTAssertTrue(FrameEncoder.encode(PeerMessageCodec.encode(batch)).contains(bytes: Array("079203001234".utf8)))
    }

    private static func filing(identityNumber: String, name: String) -> PeerMessage {
        .eventBatch(EventBatch(
            events: [
                ChangeEvent(
                    origin: "a", sequence: 1, timestamp: HLCTimestamp(physicalMs: 1_751_333_400_000, logical: 0),
                    dossierCode: "000.00.12.H56-250701-0001", kind: .filed, actor: "Lê Thị Thu Hà", centre: "a",
                    payload: .object(["applicant": .object(["fullName": .string(name), "identityNumber": .string(identityNumber)]),
                                      "note": .string("Hồ sơ đầy đủ")])),
            ],
            senderVersionVector: VersionVector(["a": 1]), hasMore: false, isPush: true))
    }
}
