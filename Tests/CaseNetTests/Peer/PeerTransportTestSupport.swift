import XCTest
import CaseCore
@testable import CaseNet
import CaseReplication
import CaseWire

/// Fixed cluster keys, so tests can name which nodes share one.
enum TestKeys {
    static let cluster = ClusterKey(bytes: Array(repeating: 0x11, count: ClusterKey.byteCount))
    static let next = ClusterKey(bytes: Array(repeating: 0x22, count: ClusterKey.byteCount))
    static let stranger = ClusterKey(bytes: Array(repeating: 0x33, count: ClusterKey.byteCount))
    /// What every harness holds unless a test says otherwise.
    static let ring = ClusterKeyRing([cluster])
}

/// A transport on an ephemeral loopback port that records every delivery
/// and log line.
final class TransportHarness: Sendable {
    let transport: TCPPeerTransport
    let port: UInt16
    let deliveries: Locked<[Delivery]>
    let logLines: Locked<[String]>

    struct Delivery: Sendable, Equatable {
        let from: String
        let message: PeerMessage
    }

    /// Short back-off so tests that wait for a retry finish quickly; every other limit as shipped.
    static let testLimits = PeerTransportLimits(backoffInitialMs: 20, backoffMaxMs: 200)

    init(
        nodeID: String, clusterID: String = "casestore", keyRing: ClusterKeyRing = TestKeys.ring, identity: PeerIdentity? = nil,
        port: UInt16 = 0, limits: PeerTransportLimits = testLimits, admission: @escaping @Sendable (String) -> String? = { _ in nil }
    ) throws {
        let deliveries = Locked<[Delivery]>([])
        let logLines = Locked<[String]>([])
        self.deliveries = deliveries
        self.logLines = logLines
        transport = TCPPeerTransport(
            listenHost: "127.0.0.1", listenPort: port, nodeID: nodeID, clusterID: clusterID, keyRing: keyRing, identity: identity,
            limits: limits, log: { line in logLines.withLock { $0.append(line) } }, admission: admission)
        self.port = try transport.start { from, message in
            deliveries.withLock { $0.append(Delivery(from: from, message: message)) }
        }
    }

    var address: String { "127.0.0.1:\(port)" }

    func messages(from sender: String) -> [PeerMessage] {
        deliveries.value.filter { $0.from == sender }.map(\.message)
    }

    func hasLogged(_ fragment: String) -> Bool {
        logLines.value.contains { $0.contains(fragment) }
    }

    var log: String { logLines.value.joined(separator: "\n") }
}

/// A hand-driven peer connection that speaks frames byte by byte, so tests
/// can send exactly what a broken or hostile peer would.
final class RawPeer {
    let connection: TCPConnection
    private var decoder = FrameDecoder(maxPayloadBytes: 1 << 20)
    /// When set, every write is kept in `recorded`, to replay later.
    var isRecording = false
    private(set) var recorded: [[UInt8]] = []

    init(port: UInt16) throws {
        connection = try TCPConnection.connect(host: "127.0.0.1", port: port, timeoutMs: 10_000)
    }

    deinit {
        connection.close()
    }

    func send(_ bytes: [UInt8]) throws {
        if isRecording { recorded.append(bytes) }
        try connection.writeAll(bytes, timeoutMs: 10_000)
    }

    func send(_ message: PeerMessage) throws {
        try send(FrameEncoder.encode(PeerMessageCodec.encode(message)))
    }

    /// Sends a plaintext hello without any key (what a version-1 build or a
    /// keyless stranger sends) and returns the answer.
    func keylessHello(clusterID: String = "casestore", nodeID: String = "raw", versions: ClosedRange<UInt16> = 1...1) throws -> PeerMessage? {
        try send(.hello(Hello(clusterID: clusterID, nodeID: nodeID, minVersion: versions.lowerBound, maxVersion: versions.upperBound)))
        return try readMessage()
    }

    /// Sends the hello a member with `keyRing` would, and returns it with the answer.
    func hello(clusterID: String = "casestore", nodeID: String = "raw", keyRing: ClusterKeyRing = TestKeys.ring) throws -> (opening: PeerHandshake.Opening, answer: PeerMessage?) {
        let opening = PeerHandshake.open(clusterID: clusterID, nodeID: nodeID, keyRing: keyRing)
        try send(.hello(opening.hello))
        return (opening, try readMessage())
    }

    /// Completes the handshake as a member with `keyRing` would and returns
    /// the sealer for what it sends next; throws when refused.
    func handshake(clusterID: String = "casestore", nodeID: String = "raw", keyRing: ClusterKeyRing = TestKeys.ring) throws -> FrameSealer {
        let (hello, answer) = try hello(clusterID: clusterID, nodeID: nodeID, keyRing: keyRing)
        guard let answer else { throw PeerConnectionError.protocolViolation("no answer to hello") }
        let (session, proof) = try PeerHandshake.accept(reply: answer, to: hello, keyRing: keyRing, expectedNodeID: nil)
        try send(FrameEncoder.encode(PeerHandshake.proofFrame(proof, version: session.version)))
        return FrameSealer(key: session.keys.sendingKey(for: .opener), version: session.version)
    }

    /// Seals `message` as the next frame of `sealer` and sends it.
    func sendSealed(_ message: PeerMessage, with sealer: inout FrameSealer) throws {
        try send(sealer.seal(PeerMessageCodec.encode(message)))
    }

    /// The next message, or nil if the connection ended first.
    func readMessage(timeoutMs: Int = 10_000) throws -> PeerMessage? {
        let deadline = Deadline.after(ms: timeoutMs)
        while true {
            if let frame = try decoder.nextFrame() { return try PeerMessageCodec.decode(frame) }
            switch try connection.read(maxBytes: 65_536, timeoutMs: deadline.remainingMs) {
            case .bytes(let bytes): try decoder.append(bytes)
            case .endOfStream, .timedOut: return nil
            }
        }
    }

    /// Whether the other side closes the connection within `timeoutMs`
    /// (a reset counts as closing), discarding anything it sends first.
    func isClosedByPeer(timeoutMs: Int = 10_000) -> Bool {
        let deadline = Deadline.after(ms: timeoutMs)
        while true {
            do {
                switch try connection.read(maxBytes: 65_536, timeoutMs: deadline.remainingMs) {
                case .bytes: continue
                case .endOfStream: return true
                case .timedOut: return false
                }
            } catch {
                return error.isDisconnect
            }
        }
    }
}

/// Messages with the shapes the core sends, Vietnamese text included.
enum PeerTestMessages {
    static func ping(_ sequence: UInt64) -> PeerMessage {
        .ping(sequence: sequence, gossip: [
            MemberRecord(id: "a", peerAddress: "127.0.0.1:1", httpAddress: "127.0.0.1:2", incarnation: sequence, state: .alive),
        ])
    }

    static let eventBatch = PeerMessage.eventBatch(EventBatch(
        events: [
            ChangeEvent(
                origin: "b", sequence: 1, timestamp: HLCTimestamp(physicalMs: 1_751_333_400_000, logical: 0),
                dossierCode: "000.00.12.H56-250701-0001", kind: .filed, actor: "Lê Thị Thu Hà", centre: "b",
                payload: .object(["applicant": .object(["fullName": .string("Nguyễn Văn Đức")]),
                                  "note": .string("Hồ sơ đầy đủ, hẹn trả kết quả")])),
        ],
        senderVersionVector: VersionVector(["b": 1]), hasMore: false, isPush: true))
}
