import CaseCore

/// Serves one accepted connection on its own thread: the handshake, then
/// every message to `deliver`, until the peer closes, goes idle, breaks the
/// protocol, or the transport stops. Whatever goes wrong ends this
/// connection only, with one log line.
struct InboundPeerConnection {
    let connection: TCPConnection
    let shared: PeerTransportShared
    let deliver: @Sendable (_ from: String, _ message: PeerMessage) -> Void

    /// The peer once its hello is accepted, and the version agreed with it.
    private struct Peer {
        let nodeID: String
        let version: UInt16
    }

    func run() {
        let limits = shared.limits
        var stream = PeerFrameStream(connection: connection, maxPayloadBytes: limits.maxHandshakePayloadBytes)
        var peer: Peer?
        do throws(PeerConnectionError) {
            peer = try handshake(&stream)
            guard let peer else { return }
            stream.setMaxPayloadBytes(limits.maxPayloadBytes)
            try receive(&stream, from: peer)
        } catch .idle(let ms) where peer != nil {
            if !shared.isStopping {
                shared.log("peer: closed the connection from \(describe(peer)) after \(ms) ms without a frame")
            }
        } catch {
            guard !shared.isStopping else { return }
            shared.log("peer: closed the connection from \(describe(peer)): \(error)")
            shared.count { $0.inboundConnectionsFailed += 1 }
        }
    }

    /// Reads the hello and answers it. Returns nil after a refusal (already
    /// sent, counted and logged); throws when the first frame is not a hello.
    private func handshake(_ stream: inout PeerFrameStream) throws(PeerConnectionError) -> Peer? {
        let timeoutMs = shared.limits.handshakeTimeoutMs
        guard let frame = try stream.readFrame(idleTimeoutMs: timeoutMs, frameTimeoutMs: timeoutMs) else {
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
        switch PeerHandshake.answer(hello, clusterID: shared.clusterID, nodeID: shared.nodeID, admission: shared.admission) {
        case .refuse(let reason):
            refuse(stream, reason: reason, peerNodeID: hello.nodeID)
            return nil
        case .accept(let ack, let version):
            try stream.write(.helloAck(ack), timeoutMs: timeoutMs)
            guard stream.bufferedByteCount == 0 else {
                throw .protocolViolation("\(hello.nodeID) sent \(stream.bufferedByteCount) bytes before its hello was answered")
            }
            return Peer(nodeID: hello.nodeID, version: version)
        }
    }

    /// Decodes frames into messages and delivers each, until the peer closes.
    private func receive(_ stream: inout PeerFrameStream, from peer: Peer) throws(PeerConnectionError) {
        let limits = shared.limits
        while let frame = try stream.readFrame(idleTimeoutMs: limits.inboundIdleTimeoutMs, frameTimeoutMs: limits.frameReadTimeoutMs) {
            guard frame.version == peer.version else {
                throw .protocolViolation("a frame of version \(frame.version) on a connection that agreed on version \(peer.version)")
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
                counters.bytesReceived += FrameHeader.byteCount + frame.payload.count
            }
            deliver(peer.nodeID, message)
        }
    }

    /// Logs and counts the refusal, then sends it (best effort: the peer may
    /// already be gone). The caller's return closes the connection.
    private func refuse(_ stream: PeerFrameStream, reason: String, peerNodeID: String?) {
        let who = peerNodeID.map { "\($0) at \(connection.remoteAddress)" } ?? connection.remoteAddress
        shared.log("peer: refused the hello from \(who): \(reason)")
        shared.count { $0.handshakesRefused += 1 }
        try? stream.write(PeerHandshake.refusal(reason), timeoutMs: shared.limits.handshakeTimeoutMs)
        connection.shutdown(.write)
    }

    private func describe(_ peer: Peer?) -> String {
        peer.map { "\($0.nodeID) at \(connection.remoteAddress)" } ?? connection.remoteAddress
    }
}
