@testable import CaseNet
import CaseCore

/// Fuzz target "handshake": the peer handshake's decisions on hostile bytes,
/// in both roles, without sockets.
///
/// The input is read twice: as the bytes an opener sends to this node's
/// acceptor (`acceptorDecision`), and as the answer an acceptor sends to this
/// node's hello (`openerDecision`). These two functions mirror, step by step,
/// `InboundPeerConnection.handshake` and `OutboundPeer.handshake` of protocol
/// version 1 (hello, then helloAck or refuse). When the handshake changes,
/// repoint these two functions and keep `check`.
///
/// Promises checked beyond "never traps":
/// - an accepted hello is from this cluster, not from a refused node, and
///   gets the highest version both sides speak;
/// - a refusal has a reason (one of cluster, versions, admission);
/// - the answer the acceptor would send fits the handshake frame bound, and
///   the opener reading it reaches the same conclusion (same peer, same
///   version, or the same refusal);
/// - an opener only ever accepts a helloAck from the node it expected, in a
///   version it offered.
enum HandshakeFuzzCheck {
    static let target = "handshake"
    static let clusterID = "fuzz-cluster"
    static let acceptorNodeID = "acceptor-1"
    /// A member whose hellos admission refuses, as a retired node's are.
    static let refusedNodeID = "retired-1"
    static let limits = PeerTransportLimits()

    /// What the acceptor does with the bytes it read.
    enum AcceptorDecision: Equatable {
        /// No complete frame yet: it would keep waiting, up to its deadline.
        case waiting
        /// It closes without an answer (bad framing, not a hello, data before the answer).
        case close(String)
        /// It sends `refuse(reason)` and closes.
        case refuse(hello: Hello?, reason: String)
        /// It sends `helloAck` and carries messages in `version`.
        case accept(Hello, version: UInt16)
    }

    /// What the opener does with the answer it read.
    enum OpenerDecision: Equatable {
        case waiting
        case close(String)
        case accept(nodeID: String, version: UInt16)
    }

    /// Runs every promise on `input`, in both roles.
    @discardableResult
    static func check(_ input: [UInt8]) throws(FuzzInvariantViolation) -> (AcceptorDecision, OpenerDecision) {
        let acceptor = acceptorDecision(reading: input)
        try checkAcceptor(acceptor)
        let opener = openerDecision(reading: input, expectedNodeID: acceptorNodeID, offered: PeerProtocol.supportedVersions)
        if case .accept(let nodeID, let version) = opener {
            try FuzzInvariantViolation.require(
                nodeID == acceptorNodeID && PeerProtocol.supportedVersions.contains(version), target,
                "the opener accepted \(nodeID) in version \(version); it expected \(acceptorNodeID) in \(PeerProtocol.supportedVersions)")
        }
        return (acceptor, opener)
    }

    /// The acceptor's side: first frame must be a hello; answer it.
    static func acceptorDecision(reading input: [UInt8]) -> AcceptorDecision {
        let frame: Frame
        let leftover: Int
        switch firstFrame(of: input) {
        case .waiting: return .waiting
        case .failed(let reason): return .close(reason)
        case .frame(let first, let after):
            frame = first
            leftover = after
        }
        let message: PeerMessage
        do {
            message = try PeerMessageCodec.decode(frame)
        } catch {
            guard frame.type == PeerMessage.Kind.hello.rawValue else { return .close("cannot decode type \(frame.type): \(error)") }
            return .refuse(hello: nil, reason: "cannot read the hello: \(error)")
        }
        guard case .hello(let hello) = message else { return .close("the first frame is \(message.kind), not hello") }
        switch PeerHandshake.answer(hello, clusterID: clusterID, nodeID: acceptorNodeID, admission: admission) {
        case .refuse(let reason):
            return .refuse(hello: hello, reason: reason)
        case .accept(_, let version):
            guard leftover == 0 else { return .close("\(leftover) bytes before the hello was answered") }
            return .accept(hello, version: version)
        }
    }

    /// The opener's side: the first frame of the answer decides.
    static func openerDecision(
        reading input: [UInt8], expectedNodeID: String?, offered: ClosedRange<UInt16>
    ) -> OpenerDecision {
        let frame: Frame
        let leftover: Int
        switch firstFrame(of: input) {
        case .waiting: return .waiting
        case .failed(let reason): return .close(reason)
        case .frame(let first, let after):
            frame = first
            leftover = after
        }
        let reply: PeerMessage
        do {
            reply = try PeerMessageCodec.decode(frame)
        } catch {
            return .close("cannot decode the answer: \(error)")
        }
        do {
            let (nodeID, version) = try PeerHandshake.accept(reply: reply, expectedNodeID: expectedNodeID, supported: offered)
            guard leftover == 0 else { return .close("\(leftover) bytes after the answer") }
            return .accept(nodeID: nodeID, version: version)
        } catch {
            return .close("\(error)")
        }
    }

    private static func admission(_ nodeID: String) -> String? {
        nodeID == refusedNodeID ? "\(nodeID) is retired" : nil
    }

    // MARK: - Promises

    private static func checkAcceptor(_ decision: AcceptorDecision) throws(FuzzInvariantViolation) {
        switch decision {
        case .waiting, .close:
            return
        case .accept(let hello, let version):
            let offered = hello.minVersion...hello.maxVersion
            try FuzzInvariantViolation.require(hello.clusterID == clusterID, target, "accepted a hello from cluster \(hello.clusterID)")
            try FuzzInvariantViolation.require(hello.nodeID != refusedNodeID, target, "accepted \(hello.nodeID), whom admission refuses")
            try FuzzInvariantViolation.require(
                version == min(offered.upperBound, PeerProtocol.currentVersion) && offered.contains(version)
                    && PeerProtocol.supportedVersions.contains(version), target,
                "accepted version \(version) for an offer of \(offered)")
            try checkAnswerReachesOpener(.helloAck(HelloAck(nodeID: acceptorNodeID, version: version)), hello: hello,
                                         expected: .accept(nodeID: acceptorNodeID, version: version))
        case .refuse(let hello, let reason):
            try FuzzInvariantViolation.require(!reason.isEmpty, target, "a refusal without a reason")
            if let hello {
                let overlaps = PeerProtocol.supportedVersions.overlaps(hello.minVersion...hello.maxVersion)
                try FuzzInvariantViolation.require(
                    hello.clusterID != clusterID || !overlaps || hello.nodeID == refusedNodeID, target,
                    "refused a hello with no reason to: \(hello) (\(reason))")
            }
            let refusal = PeerHandshake.refusal(reason)
            guard case .refuse(let sentReason) = refusal else {
                throw FuzzInvariantViolation(target: target, message: "refusal(_:) built \(refusal.kind)")
            }
            let opener = hello ?? Hello(clusterID: clusterID, nodeID: "opener-1", minVersion: 1, maxVersion: 1)
            try checkAnswerReachesOpener(refusal, hello: opener, expected: .close("\(PeerConnectionError.refused(sentReason))"))
        }
    }

    /// The acceptor's answer, through the real encoder, read by the opener
    /// that sent `hello`, must lead the opener to `expected`.
    private static func checkAnswerReachesOpener(
        _ answer: PeerMessage, hello: Hello, expected: OpenerDecision
    ) throws(FuzzInvariantViolation) {
        let frame = PeerMessageCodec.encode(answer)
        try FuzzInvariantViolation.require(
            frame.payload.count <= limits.maxHandshakePayloadBytes, target,
            "the \(answer.kind) answer is \(frame.payload.count) bytes; the opener accepts \(limits.maxHandshakePayloadBytes)")
        let decision = openerDecision(
            reading: FrameEncoder.encode(frame), expectedNodeID: acceptorNodeID, offered: hello.minVersion...hello.maxVersion)
        try FuzzInvariantViolation.require(
            decision == expected, target, "the opener read the acceptor's \(answer.kind) as \(decision), expected \(expected)")
    }

    // MARK: - Framing

    private enum FirstFrame {
        case waiting
        case failed(String)
        /// The frame, and how many bytes followed it.
        case frame(Frame, leftover: Int)
    }

    /// The first frame under the handshake bound, read as the transport
    /// reads (never more than the free capacity at once).
    private static func firstFrame(of input: [UInt8]) -> FirstFrame {
        var decoder = FrameDecoder(maxPayloadBytes: limits.maxHandshakePayloadBytes)
        var offset = 0
        do {
            while offset < input.count {
                let count = min(decoder.freeCapacity, input.count - offset)
                try decoder.append(input[offset..<offset + count])
                offset += count
                if let frame = try decoder.nextFrame() {
                    return .frame(frame, leftover: decoder.bufferedByteCount + input.count - offset)
                }
            }
            return .waiting
        } catch {
            return .failed("\(error)")
        }
    }
}
