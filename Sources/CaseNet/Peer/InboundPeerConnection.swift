import CaseReplication
import CaseWire

/// Serves one accepted connection on its own thread: the handshake, then
/// every sealed message to `deliver`, until the peer closes, goes idle,
/// breaks the protocol, fails authentication, or the transport stops.
/// Whatever goes wrong ends this connection only, with one log line, and
/// nothing from a connection that has not authenticated is ever delivered.
///
/// The connection holds a slot of the transport's `ConnectionGate` (`ticket`);
/// `run` tells the gate once the peer has proved itself, so that its slot is
/// never given to a newcomer, and stays silent when the gate took the slot back
/// (evicted: counted and logged by the gate's side). Lines about peers that
/// have not proved themselves go through the throttled `shared.refusals`.
struct InboundPeerConnection {
    let connection: TCPConnection
    let ticket: ConnectionGate.Ticket
    let gate: ConnectionGate
    let shared: PeerTransportShared
    let deliver: @Sendable (_ from: String, _ message: PeerMessage) -> Void
    /// Told the node id of a peer as soon as it has proved itself.
    let authenticated: @Sendable (_ nodeID: String) -> Void

    /// The peer once it has proved it holds the cluster key.
    private struct Peer {
        let nodeID: String
        let version: UInt16
        var unsealer: FrameUnsealer
    }

    func run() {
        var stream = PeerFrameStream(connection: connection, maxPayloadBytes: shared.limits.maxHandshakePayloadBytes)
        let authenticated: Peer?
        do throws(PeerConnectionError) {
            authenticated = try handshake(&stream)
        } catch {
            report(error, peer: nil)
            return
        }
        guard var peer = authenticated else { return }
        gate.authenticated(ticket)
        self.authenticated(peer.nodeID)
        stream.raiseMaxPayloadBytes(to: shared.limits.maxPayloadBytes + SealedFrame.overheadByteCount)
        do throws(PeerConnectionError) {
            try receive(&stream, from: &peer)
        } catch .idle(let ms) {
            if !shared.isStopping {
                shared.log("peer: closed the connection from \(describe(peer.nodeID)) after \(ms) ms without a frame")
            }
        } catch {
            report(error, peer: peer.nodeID)
        }
    }

    /// Reads the hello, answers it, and checks the opener's proof, all within
    /// `handshakeTimeoutMs` of accept. Returns nil after a refusal (already sent,
    /// counted and logged); throws when the peer breaks the handshake.
    private func handshake(_ stream: inout PeerFrameStream) throws(PeerConnectionError) -> Peer? {
        let allowanceMs = shared.limits.handshakeTimeoutMs
        let deadline = ticket.acceptedAt.adding(ms: allowanceMs)
        guard let hello = try readHello(&stream, before: deadline) else { return nil }
        let answer = PeerHandshake.answer(
            hello, clusterID: shared.clusterID, nodeID: shared.nodeID, keyRing: shared.keyRing, identity: shared.identity,
            admission: shared.admission)
        switch answer {
        case .refuse(let reason):
            refuse(stream, reason: reason, peerNodeID: hello.nodeID)
            return nil
        case .accept(let ack, let pending):
            guard stream.bufferedByteCount == 0 else {
                throw .protocolViolation("\(hello.nodeID) sent \(stream.bufferedByteCount) bytes before its hello was answered")
            }
            try stream.write(.helloAck(ack), timeoutMs: deadline.remainingMs)
            guard let proofFrame = try stream.readHandshakeFrame(before: deadline, allowanceMs: allowanceMs) else {
                throw .protocolViolation("\(hello.nodeID) closed the connection before sending its handshake proof")
            }
            switch PeerHandshake.verifyOpenerProof(proofFrame, pending: pending, identity: shared.identity,
                                                   admission: { shared.admission($0.subject) }) {
            case .failure(let refusal):
                shared.count { $0.authenticationFailures += 1 }
                refuse(stream, reason: refusal.reason, peerNodeID: hello.nodeID)
                return nil
            case .success(let session):
                if let certificate = session.peerCertificate { shared.certified(certificate) }
                let unsealer = FrameUnsealer(key: session.keys.receivingKey(for: .acceptor), version: session.version)
                return Peer(nodeID: session.peerNodeID, version: session.version, unsealer: unsealer)
            }
        }
    }

    /// The hello that must open the connection; nil after refusing one that
    /// cannot be read.
    private func readHello(_ stream: inout PeerFrameStream, before deadline: Deadline) throws(PeerConnectionError) -> Hello? {
        guard let frame = try stream.readHandshakeFrame(before: deadline, allowanceMs: shared.limits.handshakeTimeoutMs) else {
            throw .protocolViolation("the connection closed before a hello")
        }
        let message: PeerMessage
        do {
            message = try PeerMessageCodec.decode(frame)
        } catch {
            guard frame.type == PeerMessage.Kind.hello.rawValue else { throw .message(kind: frame.type, error) }
            refuse(stream, reason: "cannot read the hello: \(error)", peerNodeID: nil)
            return nil
        }
        guard case .hello(let hello) = message else {
            throw .protocolViolation("the first frame is \(message.kind), not hello")
        }
        return hello
    }

    /// Opens each sealed frame, decodes its message and delivers it, until
    /// the peer closes. A frame that does not open ends the connection
    /// before anything of it is decoded.
    private func receive(_ stream: inout PeerFrameStream, from peer: inout Peer) throws(PeerConnectionError) {
        let limits = shared.limits
        while let sealed = try stream.readFrame(idleTimeoutMs: limits.inboundIdleTimeoutMs, frameTimeoutMs: limits.frameReadTimeoutMs) {
            let frame: Frame
            do {
                frame = try peer.unsealer.open(sealed)
            } catch {
                throw .sealed(error)
            }
            let message: PeerMessage
            do {
                message = try PeerMessageCodec.decode(frame)
            } catch {
                throw .message(kind: frame.type, error)
            }
            guard !message.kind.isHandshake else {
                throw .protocolViolation("\(message.kind) after the handshake")
            }
            shared.count { counters in
                counters.framesReceived += 1
                counters.bytesReceived += FrameHeader.byteCount + sealed.payload.count
            }
            deliver(peer.nodeID, message)
        }
    }

    /// Logs and counts a connection that ended because of the peer; `peer` is nil
    /// before the handshake is complete, and the line is then throttled.
    private func report(_ error: PeerConnectionError, peer: String?) {
        guard !shared.isStopping && gate.holds(ticket) else { return }
        let line = "peer: closed the connection from \(describe(peer)): \(error)"
        if peer == nil { shared.refusals.refused("handshake-failed", from: connection.remoteHost, line) } else { shared.log(line) }
        shared.count { counters in
            counters.inboundConnectionsFailed += 1
            if case .sealed(.authenticationFailed) = error { counters.authenticationFailures += 1 }
        }
    }

    /// Logs and counts the refusal, then sends it (best effort: the peer may
    /// already be gone). The caller's return closes the connection.
    private func refuse(_ stream: PeerFrameStream, reason: String, peerNodeID: String?) {
        shared.refusals.refused(
            "hello-refused", from: connection.remoteHost, "peer: refused the hello from \(describe(peerNodeID)): \(reason)")
        shared.count { $0.handshakesRefused += 1 }
        try? stream.write(PeerHandshake.refusal(reason), timeoutMs: shared.limits.handshakeTimeoutMs)
        connection.shutdown(.write)
    }

    private func describe(_ peerNodeID: String?) -> String {
        peerNodeID.map { "\($0) at \(connection.remoteAddress)" } ?? connection.remoteAddress
    }
}
