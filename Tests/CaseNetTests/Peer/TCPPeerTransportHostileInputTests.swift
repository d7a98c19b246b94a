import XCTest
@testable import CaseNet
import CaseSupport
import CaseReplication
import CaseWire
import TestSupport

/// Broken and hostile peers: each must cost only its own connection, with
/// one log line, while a proper peer on another connection still gets through.
final class TCPPeerTransportHostileInputTests: XCTestCase {
    private struct Case {
        let name: String
        /// Whether the raw peer completes the handshake before sending `bytes`.
        let handshakeFirst: Bool
        /// What to send, given the sealer of the session (unused before a handshake).
        let bytes: (inout FrameSealer) -> [UInt8]
        /// Close the sending direction after `bytes` (a peer that stops mid-frame).
        let closeAfter: Bool
        let expectedLog: String

        init(_ name: String, handshakeFirst: Bool, closeAfter: Bool = false, expectedLog: String, bytes: @escaping (inout FrameSealer) -> [UInt8]) {
            self.name = name
            self.handshakeFirst = handshakeFirst
            self.bytes = bytes
            self.closeAfter = closeAfter
            self.expectedLog = expectedLog
        }
    }

    private static let ping = PeerMessageCodec.encode(PeerTestMessages.ping(7))

    /// `wire` (one frame) with its payload's CRC recomputed, as an attacker
    /// who edits a frame would do, so only authentication can catch it.
    private static func withFixedChecksum(_ wire: [UInt8]) -> [UInt8] {
        var fixed = wire
        let checksum = CRC32C.checksum(Array(wire[FrameHeader.byteCount...]))
        for index in 0..<4 { fixed[12 + index] = UInt8(truncatingIfNeeded: checksum >> (24 - 8 * index)) }
        return fixed
    }

    private static var cases: [Case] {
        let hugeHeader = FrameHeader(version: 2, type: PeerFrameType.sealed, payloadLength: .max, payloadChecksum: 0)
        let bigHello = FrameEncoder.encode(Frame(type: PeerMessage.Kind.hello.rawValue, version: 2, payload: Array(repeating: 0, count: 100_000)))
        var seeded = SplitMix64(seed: 42)
        let garbage = (0..<512).map { _ in UInt8.random(in: 0...255, using: &seeded) }
        let maxSealed = PeerTransportLimits().maxPayloadBytes + SealedFrame.overheadByteCount
        return [
            Case("an HTTP request instead of a hello", handshakeFirst: false, expectedLog: "bad frame magic 47 45 54 20") { _ in
                Array("GET / HTTP/1.1\r\n\r\n".utf8)
            },
            Case("a message before any hello", handshakeFirst: false, expectedLog: "the first frame is ping, not hello") { _ in
                FrameEncoder.encode(ping)
            },
            Case("a hello bigger than the handshake allows", handshakeFirst: false,
                 expectedLog: "frame declares a 100000-byte payload: at most 4096") { _ in bigHello },
            Case("seeded garbage after the handshake", handshakeFirst: true, expectedLog: "bad frame magic") { _ in garbage },
            Case("a frame declaring a 4 GiB payload", handshakeFirst: true,
                 expectedLog: "frame declares a 4294967295-byte payload: at most \(maxSealed)") { _ in hugeHeader.wireBytes },
            Case("a plaintext message after the handshake", handshakeFirst: true,
                 expectedLog: "a frame of type 4 after the handshake: every frame must be sealed") { _ in FrameEncoder.encode(ping) },
            Case("a sealed frame with a bad checksum", handshakeFirst: true, expectedLog: "checksum mismatch") { sealer in
                var wire = sealer.seal(ping)
                wire[12] ^= 0xFF
                return wire
            },
            Case("a sealed frame with one ciphertext bit flipped", handshakeFirst: true,
                 expectedLog: "sealed frame 0 does not authenticate") { sealer in
                var wire = sealer.seal(ping)
                wire[FrameHeader.byteCount + 3] ^= 0x01
                return withFixedChecksum(wire)
            },
            Case("a sealed frame cut short, with its header fixed to match", handshakeFirst: true,
                 expectedLog: "sealed frame 0 does not authenticate") { sealer in
                var wire = Array(sealer.seal(ping).dropLast(3))
                let length = UInt32(wire.count - FrameHeader.byteCount)
                for index in 0..<4 { wire[8 + index] = UInt8(truncatingIfNeeded: length >> (24 - 8 * index)) }
                return withFixedChecksum(wire)
            },
            Case("the second of two sealed frames sent first", handshakeFirst: true,
                 expectedLog: "sealed frame 0 does not authenticate") { sealer in
                let first = sealer.seal(ping)
                return sealer.seal(ping) + first
            },
            Case("a sealed frame cut short, then end of stream", handshakeFirst: true, closeAfter: true,
                 expectedLog: "in the middle of a frame") { sealer in Array(sealer.seal(ping).dropLast(3)) },
            Case("a sealed message that cannot be decoded", handshakeFirst: true,
                 expectedLog: "cannot decode a message of type 4") { sealer in
                sealer.seal(Frame(type: PeerMessage.Kind.ping.rawValue, version: 2, payload: [0, 0, 0]))
            },
            Case("a sealed frame of an unknown type", handshakeFirst: true, expectedLog: "unknown message type 999") { sealer in
                sealer.seal(Frame(type: 999, version: 2, payload: []))
            },
            Case("a sealed hello after the handshake", handshakeFirst: true, expectedLog: "hello after the handshake") { sealer in
                sealer.seal(PeerMessageCodec.encode(.hello(PeerHandshake.open(clusterID: "casestore", nodeID: "raw", keyRing: TestKeys.ring).hello)))
            },
        ]
    }

    func testEachBrokenStreamClosesOnlyItsOwnConnection() throws {
        for testCase in Self.cases {
            let node = try TransportHarness(nodeID: "a")
            defer { node.transport.stop() }
            let good = try TransportHarness(nodeID: "g")
            defer { good.transport.stop() }

            let raw = try RawPeer(port: node.port)
            var sealer = FrameSealer(key: Array(repeating: 0, count: 32), version: 2)
            if testCase.handshakeFirst {
                sealer = try raw.handshake()
            }
            try raw.send(testCase.bytes(&sealer))
            if testCase.closeAfter { raw.connection.shutdown(.write) }

            XCTAssertTrue(raw.isClosedByPeer(), "\(testCase.name): the connection stays open")
            XCTAssertTrue(eventually { node.transport.counters.inboundConnectionsFailed == 1 }, "\(testCase.name)\n\(node.log)")
            XCTAssertTrue(node.hasLogged(testCase.expectedLog), "\(testCase.name): log lacks \"\(testCase.expectedLog)\"\n\(node.log)")
            XCTAssertEqual(node.logLines.value.count, 1, "\(testCase.name): one line per closed connection\n\(node.log)")

            good.transport.send(Envelope(.member(id: "a", address: node.address), PeerTestMessages.ping(1)))
            XCTAssertTrue(eventually { node.messages(from: "g").count == 1 }, "\(testCase.name)\n\(node.log)\n\(good.log)")
            XCTAssertTrue(node.messages(from: "raw").isEmpty, "\(testCase.name): nothing from the broken peer is delivered")
            XCTAssertEqual(node.deliveries.value.count, 1, testCase.name)
        }
    }

    func testABrokenConnectionDoesNotDisturbAnEstablishedOne() throws {
        let node = try TransportHarness(nodeID: "a")
        defer { node.transport.stop() }
        let good = try TransportHarness(nodeID: "g")
        defer { good.transport.stop() }
        let destination = Destination.member(id: "a", address: node.address)
        good.transport.send(Envelope(destination, PeerTestMessages.ping(1)))
        XCTAssertTrue(eventually { node.messages(from: "g").count == 1 })

        let raw = try RawPeer(port: node.port)
        try raw.send(Array(repeating: 0xFF, count: 64))
        XCTAssertTrue(raw.isClosedByPeer())

        good.transport.send(Envelope(destination, PeerTestMessages.ping(2)))
        XCTAssertTrue(eventually { node.messages(from: "g").count == 2 }, node.log)
        XCTAssertTrue(eventually { good.transport.counters.framesSent == 2 }, "\(good.transport.counters)")
        XCTAssertEqual(good.transport.counters.framesDropped, 0)
        XCTAssertEqual(node.transport.counters.inboundConnectionsFailed, 1)
    }

    func testAPeerThatSaysNothingIsClosedAfterTheFirstByteTimeoutHoldingNoThread() throws {
        let node = try TransportHarness(nodeID: "a", limits: PeerTransportLimits(firstByteTimeoutMs: 100))
        defer { node.transport.stop() }
        let raw = try RawPeer(port: node.port)
        XCTAssertTrue(raw.isClosedByPeer())
        XCTAssertTrue(eventually { node.transport.counters.inboundConnectionsSilent == 1 })
        XCTAssertEqual(node.transport.counters.inboundConnectionsFailed, 0, "it never reached a reader thread")
        XCTAssertTrue(node.hasLogged("no byte within 100 ms of connecting"), node.log)
    }

    func testAPeerThatStopsInTheMiddleOfItsHelloIsClosedAfterTheHandshakeTimeout() throws {
        let node = try TransportHarness(nodeID: "a", limits: PeerTransportLimits(handshakeTimeoutMs: 300))
        defer { node.transport.stop() }
        let raw = try RawPeer(port: node.port)
        let hello = FrameEncoder.encode(PeerMessageCodec.encode(.hello(PeerHandshake.open(clusterID: "casestore", nodeID: "slow", keyRing: TestKeys.ring).hello)))
        try raw.send(Array(hello.prefix(10)))
        XCTAssertTrue(raw.isClosedByPeer())
        XCTAssertTrue(eventually { node.transport.counters.inboundConnectionsFailed == 1 })
        XCTAssertTrue(node.hasLogged("the handshake was not complete within 300 ms"), node.log)
    }

    func testAHelloThatCannotBeReadIsRefusedWithTheReason() throws {
        let node = try TransportHarness(nodeID: "a")
        defer { node.transport.stop() }
        let raw = try RawPeer(port: node.port)
        let answer = try raw.keylessHello(nodeID: "Not A Node Id")
        guard case .refuse(let reason) = answer else { return XCTFail("expected a refusal, got \(String(describing: answer))") }
        XCTAssertTrue(reason.contains("cannot read the hello") && reason.contains("is not a node id"), reason)
        XCTAssertTrue(raw.isClosedByPeer())
        XCTAssertEqual(node.transport.counters.handshakesRefused, 1)
    }

    func testConnectionsBeyondTheLimitAreClosedAtOnceWhenEverySlotIsAMembers() throws {
        let node = try TransportHarness(nodeID: "a", limits: PeerTransportLimits(
            maxInboundConnections: 2, maxUnauthenticatedConnections: 2, maxConnectionsPerAddress: 2))
        defer { node.transport.stop() }
        let first = try RawPeer(port: node.port)
        let second = try RawPeer(port: node.port)
        var sealer = try first.handshake(nodeID: "one")
        XCTAssertNoThrow(try second.handshake(nodeID: "two"))
        try first.sendSealed(PeerTestMessages.ping(1), with: &sealer)
        XCTAssertTrue(eventually { node.messages(from: "one").count == 1 && node.transport.unauthenticatedConnectionCount == 0 })

        let third = try RawPeer(port: node.port)
        XCTAssertTrue(third.isClosedByPeer())
        XCTAssertEqual(node.transport.counters.inboundConnectionsRejected, 1)
        XCTAssertTrue(node.hasLogged("2 inbound connections from 127.0.0.1, all authenticated, are already open"), node.log)

        // The admitted ones still work.
        try first.sendSealed(PeerTestMessages.ping(2), with: &sealer)
        XCTAssertTrue(eventually { node.messages(from: "one").count == 2 })
    }
}
