@testable import CaseNet
import CaseReplication
import CaseWire

/// Fuzz target "handshake": the version-2 peer handshake's decisions on
/// hostile bytes, in both roles, without sockets.
///
/// The input is read twice: as the bytes an opener sends to this node's
/// acceptor (`acceptorDecision`: a hello, then the opener's proof frame), and
/// as the answer an acceptor sends to this node's hello (`openerDecision`).
/// These two functions mirror, step by step, `InboundPeerConnection.handshake`
/// and `OutboundPeer.handshake`; when the handshake changes, repoint them and
/// keep the promises (HandshakeFuzzCheck+Promises).
///
/// Everything random in the real handshake is fixed here, so a saved input
/// replays exactly and the seeds can carry valid proofs: the acceptor's
/// nonce, this node's hello (key and nonce), and the key rings.
///
/// One step of the transport is not modelled: it refuses bytes that arrive
/// before its answer to the hello. Which bytes arrived when is timing, which
/// one byte string cannot say; here everything after the hello is read as
/// sent after the answer, as a correct opener does (it needs the acceptor's
/// nonce before it can prove anything).
enum HandshakeFuzzCheck {
    static let target = "handshake"
    static let clusterID = "fuzz-cluster"
    static let acceptorNodeID = "acceptor-1"
    /// The node whose hello `openerDecision` reads answers to.
    static let openerNodeID = "opener-1"
    /// A member whose hellos admission refuses, as a retired node's are.
    static let refusedNodeID = "retired-1"
    static let limits = PeerTransportLimits()

    /// The key the cluster opens connections with.
    static let currentKey = ClusterKey(bytes: (0..<32).map { UInt8($0) })
    /// An older key the acceptor still accepts, as during a rotation.
    static let previousKey = ClusterKey(bytes: (0..<32).map { UInt8(0x40 + $0) })
    /// A key of another cluster: named in a hello, it is refused.
    static let foreignKey = ClusterKey(bytes: (0..<32).map { UInt8(0x80 + $0) })
    static let acceptorKeyRing = ClusterKeyRing([currentKey, previousKey])
    static let openerKeyRing = ClusterKeyRing([currentKey])
    /// Fixed nonces: the real ones are `SecureRandom`; the fuzzer must be deterministic.
    static let acceptorNonce = [UInt8](repeating: 0xAC, count: HandshakeTranscript.nonceByteCount)
    static let openerNonce = [UInt8](repeating: 0x0E, count: HandshakeTranscript.nonceByteCount)

    /// The hello this node opens with, whose answers `openerDecision` reads.
    static let openerHello = PeerHandshake.open(clusterID: clusterID, nodeID: openerNodeID, keyRing: openerKeyRing, randomness: openerNonce).hello

    /// What the acceptor does with the bytes it read.
    enum AcceptorDecision: Equatable {
        /// No complete frame yet: it would keep waiting, up to its deadline.
        case waiting
        /// It closes without an answer (bad framing, not a hello).
        case close(String)
        /// It sends `refuse(reason)` and closes.
        case refuse(hello: Hello?, reason: String)
        /// It answered `hello` with `ack`; `proof` is what it did with the next frame.
        case answered(Hello, HelloAck, proof: ProofDecision)
    }

    /// What the acceptor does with the frame after its helloAck.
    enum ProofDecision: Equatable {
        case waiting
        /// Bad framing: it closes.
        case close(String)
        /// Not a valid opener proof: it sends `refuse(reason)` and closes.
        case refuse(Frame, reason: String)
        /// Authenticated: sealed frames follow, opened with the session's keys.
        case accept(Frame, session: PeerHandshake.Session)
    }

    /// What the opener does with the answer it read.
    enum OpenerDecision: Equatable {
        case waiting
        case close(String)
        /// It trusts `reply`, sends `proof` and seals every frame with `session`'s keys.
        case accept(reply: PeerMessage, session: PeerHandshake.Session, proof: [UInt8])
    }

    /// Runs every promise on `input`, in both roles.
    @discardableResult
    static func check(_ input: [UInt8]) throws(FuzzInvariantViolation) -> (AcceptorDecision, OpenerDecision) {
        let acceptor = acceptorDecision(reading: input)
        try checkAcceptor(acceptor)
        let opener = openerDecision(reading: input, hello: openerHello, keyRing: openerKeyRing, expectedNodeID: acceptorNodeID)
        try checkOpener(opener, hello: openerHello, key: currentKey)
        return (acceptor, opener)
    }

    /// The acceptor's side: the first frame must be a hello; answer it; then
    /// the next frame must be the opener's proof.
    static func acceptorDecision(reading input: [UInt8]) -> AcceptorDecision {
        var stream = FuzzFrameStream(input, maxPayloadBytes: limits.maxHandshakePayloadBytes)
        let frame: Frame
        switch stream.next() {
        case .waiting: return .waiting
        case .failed(let reason): return .close(reason)
        case .frame(let first): frame = first
        }
        let message: PeerMessage
        do {
            message = try PeerMessageCodec.decode(frame)
        } catch {
            guard frame.type == PeerMessage.Kind.hello.rawValue else { return .close("cannot decode type \(frame.type): \(error)") }
            return .refuse(hello: nil, reason: "cannot read the hello: \(error)")
        }
        guard case .hello(let hello) = message else { return .close("the first frame is \(message.kind), not hello") }
        let answer = PeerHandshake.answer(
            hello, clusterID: clusterID, nodeID: acceptorNodeID, keyRing: acceptorKeyRing, randomness: acceptorNonce, admission: admission)
        switch answer {
        case .refuse(let reason):
            return .refuse(hello: hello, reason: reason)
        case .accept(let ack, let pending):
            return .answered(hello, ack, proof: proofDecision(&stream, pending: pending))
        }
    }

    /// The acceptor after its helloAck: the next frame decides.
    static func proofDecision(_ stream: inout FuzzFrameStream, pending: PeerHandshake.PendingProof) -> ProofDecision {
        switch stream.next() {
        case .waiting:
            return .waiting
        case .failed(let reason):
            return .close(reason)
        case .frame(let frame):
            switch PeerHandshake.verifyOpenerProof(frame, pending: pending) {
            case .failure(let refusal): return .refuse(frame, reason: refusal.reason)
            case .success(let session): return .accept(frame, session: session)
            }
        }
    }

    /// The opener's side, having sent `hello`: the first frame of the answer decides.
    static func openerDecision(
        reading input: [UInt8], hello: Hello, keyRing: ClusterKeyRing, expectedNodeID: String?
    ) -> OpenerDecision {
        var stream = FuzzFrameStream(input, maxPayloadBytes: limits.maxHandshakePayloadBytes)
        let frame: Frame
        switch stream.next() {
        case .waiting: return .waiting
        case .failed(let reason): return .close(reason)
        case .frame(let first): frame = first
        }
        let reply: PeerMessage
        do {
            reply = try PeerMessageCodec.decode(frame)
        } catch {
            return .close("cannot decode the answer: \(error)")
        }
        do {
            let (session, proof) = try PeerHandshake.accept(reply: reply, to: PeerHandshake.Opening(hello: hello, ephemeralSecret: openerNonce), keyRing: keyRing, expectedNodeID: expectedNodeID)
            guard stream.remainingByteCount == 0 else { return .close("\(stream.remainingByteCount) bytes after the answer") }
            return .accept(reply: reply, session: session, proof: proof)
        } catch {
            return .close("\(error)")
        }
    }

    static func admission(_ nodeID: String) -> String? {
        nodeID == refusedNodeID ? "\(nodeID) is retired" : nil
    }
}
