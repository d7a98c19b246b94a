import XCTest
import CaseCore
@testable import CaseNet

/// Broken and hostile peers: each must cost only its own connection, with
/// one log line, while a proper peer on another connection still gets through.
final class TCPPeerTransportHostileInputTests: XCTestCase {
    private struct Case {
        let name: String
        /// Whether the raw peer completes the handshake before sending `bytes`.
        let handshakeFirst: Bool
        let bytes: [UInt8]
        /// Close the sending direction after `bytes` (a peer that stops mid-frame).
        let closeAfter: Bool
        let expectedLog: String
    }

    private static let ping = FrameEncoder.encode(PeerMessageCodec.encode(PeerTestMessages.ping(7)))

    private static var cases: [Case] {
        var badChecksum = ping
        badChecksum[12] ^= 0xFF
        let hugeHeader = FrameHeader(version: 1, type: PeerMessage.Kind.ping.rawValue, payloadLength: .max, payloadChecksum: 0)
        let undecodable = FrameEncoder.encode(Frame(type: PeerMessage.Kind.ping.rawValue, version: 1, payload: [0, 0, 0]))
        let unknownType = FrameEncoder.encode(Frame(type: 999, version: 1, payload: []))
        let wrongVersion = FrameEncoder.encode(Frame(type: PeerMessage.Kind.ping.rawValue, version: 2, payload: [1, 0]))
        let bigHello = FrameEncoder.encode(Frame(type: PeerMessage.Kind.hello.rawValue, version: 1, payload: Array(repeating: 0, count: 100_000)))
        let secondHello = FrameEncoder.encode(PeerMessageCodec.encode(
            .hello(Hello(clusterID: "casestore", nodeID: "raw", minVersion: 1, maxVersion: 1))))
        var seeded = SplitMix64(seed: 42)
        let garbage = (0..<512).map { _ in UInt8.random(in: 0...255, using: &seeded) }
        return [
            Case(name: "an HTTP request instead of a hello", handshakeFirst: false, bytes: Array("GET / HTTP/1.1\r\n\r\n".utf8),
                 closeAfter: false, expectedLog: "bad frame magic 47 45 54 20"),
            Case(name: "seeded garbage after the handshake", handshakeFirst: true, bytes: garbage,
                 closeAfter: false, expectedLog: "bad frame magic"),
            Case(name: "a frame declaring a 4 GiB payload", handshakeFirst: true, bytes: hugeHeader.wireBytes,
                 closeAfter: false, expectedLog: "frame declares a 4294967295-byte payload: at most 4194304"),
            Case(name: "a hello bigger than the handshake allows", handshakeFirst: false, bytes: bigHello,
                 closeAfter: false, expectedLog: "frame declares a 100000-byte payload: at most 4096"),
            Case(name: "a frame with a bad checksum", handshakeFirst: true, bytes: badChecksum,
                 closeAfter: false, expectedLog: "checksum mismatch"),
            Case(name: "a frame cut short, then end of stream", handshakeFirst: true, bytes: Array(ping.dropLast(3)),
                 closeAfter: true, expectedLog: "in the middle of a frame (\(ping.count - 3) bytes of it received)"),
            Case(name: "a frame whose message cannot be decoded", handshakeFirst: true, bytes: undecodable,
                 closeAfter: false, expectedLog: "cannot decode a message of type 4"),
            Case(name: "a frame of an unknown type", handshakeFirst: true, bytes: unknownType,
                 closeAfter: false, expectedLog: "unknown message type 999"),
            Case(name: "a frame of another version than agreed", handshakeFirst: true, bytes: wrongVersion,
                 closeAfter: false, expectedLog: "version 2 on a connection that agreed on version 1"),
            Case(name: "a hello after the handshake", handshakeFirst: true, bytes: secondHello,
                 closeAfter: false, expectedLog: "hello after the handshake"),
            Case(name: "a message before any hello", handshakeFirst: false, bytes: ping,
                 closeAfter: false, expectedLog: "the first frame is ping, not hello"),
        ]
    }

    func testEachBrokenStreamClosesOnlyItsOwnConnection() throws {
        for testCase in Self.cases {
            let node = try TransportHarness(nodeID: "a")
            defer { node.transport.stop() }
            let good = try TransportHarness(nodeID: "g")
            defer { good.transport.stop() }

            let raw = try RawPeer(port: node.port)
            if testCase.handshakeFirst {
                XCTAssertEqual(try raw.hello(), .helloAck(HelloAck(nodeID: "a", version: 1)), testCase.name)
            }
            try raw.send(testCase.bytes)
            if testCase.closeAfter { raw.connection.shutdown(.write) }

            XCTAssertTrue(raw.isClosedByPeer(), "\(testCase.name): the connection stays open")
            XCTAssertTrue(waitUntil { node.transport.counters.inboundConnectionsFailed == 1 }, "\(testCase.name)\n\(node.log)")
            XCTAssertTrue(node.hasLogged(testCase.expectedLog), "\(testCase.name): log lacks \"\(testCase.expectedLog)\"\n\(node.log)")
            XCTAssertEqual(node.logLines.value.count, 1, "\(testCase.name): one line per closed connection\n\(node.log)")

            good.transport.send(Envelope(.member(id: "a", address: node.address), PeerTestMessages.ping(1)))
            XCTAssertTrue(waitUntil { node.messages(from: "g").count == 1 }, "\(testCase.name)\n\(node.log)\n\(good.log)")
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
        XCTAssertTrue(waitUntil { node.messages(from: "g").count == 1 })

        let raw = try RawPeer(port: node.port)
        try raw.send(Array(repeating: 0xFF, count: 64))
        XCTAssertTrue(raw.isClosedByPeer())

        good.transport.send(Envelope(destination, PeerTestMessages.ping(2)))
        XCTAssertTrue(waitUntil { node.messages(from: "g").count == 2 }, node.log)
        XCTAssertTrue(waitUntil { good.transport.counters.framesSent == 2 }, "\(good.transport.counters)")
        XCTAssertEqual(good.transport.counters.framesDropped, 0)
        XCTAssertEqual(node.transport.counters.inboundConnectionsFailed, 1)
    }

    func testAPeerThatNeverSaysHelloIsClosedAfterTheHandshakeTimeout() throws {
        let node = try TransportHarness(nodeID: "a", limits: PeerTransportLimits(handshakeTimeoutMs: 100))
        defer { node.transport.stop() }
        let raw = try RawPeer(port: node.port)
        XCTAssertTrue(raw.isClosedByPeer())
        XCTAssertTrue(waitUntil { node.transport.counters.inboundConnectionsFailed == 1 })
        XCTAssertTrue(node.hasLogged("no frame arrived within 100 ms"), node.log)
    }

    func testAHelloThatCannotBeReadIsRefusedWithTheReason() throws {
        let node = try TransportHarness(nodeID: "a")
        defer { node.transport.stop() }
        let raw = try RawPeer(port: node.port)
        let answer = try raw.hello(nodeID: "Not A Node Id")
        guard case .refuse(let reason) = answer else { return XCTFail("expected a refusal, got \(String(describing: answer))") }
        XCTAssertTrue(reason.contains("cannot read the hello") && reason.contains("is not a node id"), reason)
        XCTAssertTrue(raw.isClosedByPeer())
        XCTAssertEqual(node.transport.counters.handshakesRefused, 1)
    }

    func testConnectionsBeyondTheLimitAreClosedAtOnce() throws {
        let node = try TransportHarness(nodeID: "a", limits: PeerTransportLimits(maxInboundConnections: 2))
        defer { node.transport.stop() }
        let first = try RawPeer(port: node.port)
        let second = try RawPeer(port: node.port)
        XCTAssertTrue(waitUntil { node.transport.inboundConnectionCount == 2 })

        let third = try RawPeer(port: node.port)
        XCTAssertTrue(third.isClosedByPeer())
        XCTAssertEqual(node.transport.counters.inboundConnectionsRejected, 1)
        XCTAssertTrue(node.hasLogged("2 inbound connections are already open"), node.log)

        // The admitted ones still work.
        XCTAssertEqual(try first.hello(nodeID: "one"), .helloAck(HelloAck(nodeID: "a", version: 1)))
        try first.send(PeerTestMessages.ping(1))
        XCTAssertTrue(waitUntil { node.messages(from: "one").count == 1 })
        XCTAssertEqual(try second.hello(nodeID: "two"), .helloAck(HelloAck(nodeID: "a", version: 1)))
    }
}
