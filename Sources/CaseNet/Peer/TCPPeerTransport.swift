import CaseCore
import Dispatch
import Foundation
import Synchronization
import CaseReplication
import CaseWire

/// The peer protocol over real TCP: one thread, the `ConnectionGate`, accepts
/// and holds each inbound connection without a thread until its first byte, one
/// reader thread serves each inbound connection that has spoken, one writer
/// thread per destination sends, each only while it has work.
///
/// Inbound, strangers cannot take the slots of members: a connection that has not
/// completed its handshake within `handshakeTimeoutMs` of accept (or sent nothing
/// within `firstByteTimeoutMs`) is closed, and one that has not yet completed it is
/// closed to make room for a newcomer when the unauthenticated or per-address
/// bounds are reached (see `ConnectionSlots`). Refusals before the handshake is
/// complete are logged at the 1st, 2nd, 4th, 8th… of each kind and address.
///
/// Inbound, the first frame must be a hello from this cluster with a common
/// protocol version, naming a cluster key this node holds, from a node the
/// `admission` hook admits, and the opener must then prove it holds that key;
/// else the peer gets a `refuse` naming why and the connection closes. After
/// the handshake every frame must be sealed under the session key; each
/// message is handed to `deliver` with the sender's node id. Garbage,
/// corrupt, oversized, tampered or replayed frames and undecodable messages
/// close that connection only, with one log line. See docs/security-peers.md.
///
/// Outbound, `send` appends to a bounded per-destination queue and returns;
/// see `OutboundPeer` for connecting, back-off and dropping.
///
/// Every bound is in `PeerTransportLimits`; what happened is in `counters`.
public final class TCPPeerTransport: PeerTransport {
    public let listenHost: String
    public let listenPort: UInt16
    public var nodeID: String { shared.nodeID }
    public var clusterID: String { shared.clusterID }
    public var limits: PeerTransportLimits { shared.limits }
    private let shared: PeerTransportShared
    private let state = Mutex(State())
    /// Entered by the accept thread, every reader and every writer thread.
    private let threads = DispatchGroup()

    private enum Phase {
        case notStarted
        case running(ConnectionGate)
        case stopped
    }

    private struct State {
        var phase = Phase.notStarted
        var outbound: [PeerKey: OutboundPeer] = [:]
    }

    /// A transport that will listen on `listenHost`:`listenPort` (0 for an
    /// ephemeral port) as node `nodeID` of cluster `clusterID`, opening
    /// connections with the first key of `keyRing` and accepting peers that
    /// hold any of its keys. `log` receives
    /// one line per notable event (refused handshakes, closed connections,
    /// failed sends), never one per message.
    ///
    /// `admission` is consulted for every hello that passed the cluster and
    /// version checks, on the connection's thread: it returns why that node is
    /// refused (sent to it in the `refuse` frame and logged), or nil to admit
    /// it. A node uses it to keep members an admin retired out. It must be
    /// quick and must not block: it runs once per inbound connection. With an
    /// `identity` it is asked again with the subject of the opener's verified
    /// certificate.
    ///
    /// `identity` (node key, certificate, root key) makes the transport speak
    /// the version-3 handshake (`PeerIdentity`); without it, version 2 alone.
    /// `certified` hears each peer certificate a completed version-3 handshake
    /// proved (the node keeps them: they vouch for the peer's API address).
    public init(
        listenHost: String, listenPort: UInt16, nodeID: String, clusterID: String, keyRing: ClusterKeyRing,
        identity: PeerIdentity? = nil, limits: PeerTransportLimits = .init(), log: @escaping @Sendable (String) -> Void = { _ in },
        admission: @escaping @Sendable (_ nodeID: String) -> String? = { _ in nil },
        certified: @escaping @Sendable (Certificate) -> Void = { _ in }
    ) {
        self.listenHost = listenHost
        self.listenPort = listenPort
        shared = PeerTransportShared(
            nodeID: nodeID, clusterID: clusterID, keyRing: keyRing, identity: identity, limits: limits, log: log,
            admission: admission, certified: certified)
    }

    /// Binds and starts accepting; returns the bound port. Throws
    /// `PeerTransportConfigurationError` for a node or cluster id the
    /// protocol cannot carry, `AddressResolutionError` or `SystemError` when
    /// the address cannot be bound. Call at most once.
    public func start(deliver: @escaping @Sendable (_ from: String, _ message: PeerMessage) -> Void) throws -> UInt16 {
        try PeerTransportConfigurationError.validate(nodeID: nodeID, clusterID: clusterID)
        let listener = try TCPListener(host: listenHost, port: listenPort, backlog: ConnectionGate.listenBacklog)
        let gate = ConnectionGate(listener: listener, limits: limits.gate, handlers: gateHandlers(deliver: deliver))
        state.withLock { state in
            guard case .notStarted = state.phase else {
                preconditionFailure("TCPPeerTransport.start may be called only once, before stop")
            }
            state.phase = .running(gate)
            threads.enter()
        }
        let thread = Thread { [self] in
            gate.run()
            threads.leave()
        }
        thread.name = "peer-accept-\(listener.boundPort)"
        thread.start()
        return listener.boundPort
    }

    /// Queues the message for its destination and returns at once; see
    /// `PeerTransport.send`. Handshake messages belong to the transport:
    /// sending one is a programmer error.
    public func send(_ envelope: Envelope) {
        guard let bytes = plaintext(of: envelope.message, for: envelope.destination) else {
            shared.count { $0.framesDropped += 1 }
            return
        }
        // Written instead on a session too old for the message (a peer of an older build).
        let fallback = envelope.fallback.flatMap { plaintext(of: $0, for: envelope.destination) }
        let frame = OutboundFrame(bytes, fallback: fallback)
        let nowMs = MonotonicClock.nowMs()
        let writer: OutboundPeer? = state.withLock { state in
            guard case .running = state.phase,
                  let peer = outboundPeer(for: envelope.destination, in: &state, nowMs: nowMs) else {
                shared.count { $0.framesDropped += 1 }
                return nil
            }
            switch peer.enqueue(frame, destination: envelope.destination, nowMs: nowMs) {
            case .queued(startWriter: true):
                threads.enter()
                return peer
            case .queued(startWriter: false):
                return nil
            case .dropped:
                shared.count { $0.framesDropped += 1 }
                return nil
            }
        }
        guard let writer else { return }
        let thread = Thread {
            writer.runWriter()
            self.threads.leave()
        }
        thread.name = "peer-send-\(writer.key)"
        thread.start()
    }

    /// The message as a sealed frame's plaintext, or nil (logged) if it is over the frame bound.
    private func plaintext(of message: PeerMessage, for destination: Destination) -> [UInt8]? {
        let kind = message.kind
        precondition(!kind.isHandshake, "\(kind) belongs to the transport's handshake; the core never sends it")
        let frame = PeerMessageCodec.encode(message)
        guard frame.payload.count <= limits.maxPayloadBytes else {
            shared.log("peer: dropped a \(kind) of \(frame.payload.count) bytes for \(PeerKey(destination)): "
                       + "frames may carry at most \(limits.maxPayloadBytes)")
            return nil
        }
        return SealedFrame.plaintext(of: frame)
    }

    /// Stops with `limits.stopTimeoutMs`; see `stop(timeoutMs:)`.
    public func stop() {
        stop(timeoutMs: limits.stopTimeoutMs)
    }

    /// Closes the listener and every connection, drops what is queued, and
    /// waits up to `timeoutMs` for every thread to end. Returns whether all
    /// ended. Harmless to call again, or before `start`; a stopped transport
    /// cannot be started again.
    @discardableResult
    public func stop(timeoutMs: Int) -> Bool {
        let running: (ConnectionGate, [OutboundPeer])? = state.withLock { state in
            let previous = state.phase
            state.phase = .stopped
            shared.markStopping()
            guard case .running(let gate) = previous else { return nil }
            return (gate, Array(state.outbound.values))
        }
        if let (gate, outbound) = running {
            // Blocked reads end with end-of-stream; blocked writes fail.
            for connection in gate.stop() { connection.shutdown(.both) }
            for peer in outbound { peer.stop() }
        }
        let finished = threads.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
        if !finished { shared.log("peer: stop gave up waiting after \(timeoutMs) ms; some connection threads are still running") }
        return finished
    }

    /// What the transport has done so far.
    public var counters: PeerTransportCounters { shared.snapshot }

    /// Inbound connections open now (waiting for a first byte, handshaking or carrying messages).
    public var inboundConnectionCount: Int {
        runningGate?.connectionCount ?? 0
    }

    /// Inbound connections that have not completed their handshake.
    public var unauthenticatedConnectionCount: Int {
        runningGate?.unauthenticatedCount ?? 0
    }

    private var runningGate: ConnectionGate? {
        state.withLock { state in
            if case .running(let gate) = state.phase { return gate }
            return nil
        }
    }

    // MARK: - Outbound

    /// The destination's queue, made if new. At `maxOutboundPeers` one that
    /// is idle and not backing off is forgotten to make room; if none is, nil.
    private func outboundPeer(for destination: Destination, in state: inout State, nowMs: UInt64) -> OutboundPeer? {
        let key = PeerKey(destination)
        if let peer = state.outbound[key] { return peer }
        if state.outbound.count >= limits.maxOutboundPeers {
            guard let idle = state.outbound.first(where: { $0.value.isForgettable(nowMs: nowMs) })?.key else { return nil }
            state.outbound[idle] = nil
        }
        let peer = OutboundPeer(key: key, destination: destination, shared: shared)
        state.outbound[key] = peer
        return peer
    }

    /// A member that just connected to this node is up: if sending to it was backing off
    /// (it was down, or restarting), try again at once. Otherwise answers to a restarted
    /// node (the first batches of its catch-up) were dropped for up to `backoffMaxMs`.
    private func peerReachedUs(_ nodeID: String) {
        let peer = state.withLock { $0.outbound[.member(nodeID)] }
        peer?.retryNow()
    }

    // MARK: - Inbound

    /// Weak, so that the gate, which the transport holds, does not hold the transport.
    private func gateHandlers(deliver: @escaping @Sendable (String, PeerMessage) -> Void) -> ConnectionGate.Handlers {
        ConnectionGate.Handlers(
            serve: { [weak self] connection, ticket in
                guard let self else { return connection.close() }
                serve(connection, ticket, deliver: deliver)
            },
            refuse: { [weak self] connection, refusal in
                guard let self else { return connection.close() }
                reject(connection, because: refusal)
            },
            closed: { [weak self] host, address, closure in self?.closed(host: host, address: address, closure) },
            acceptFailed: { [weak self] error in
                self?.shared.refusals.refused("accept-failed", from: "the listener", "peer: accept failed: \(error)")
            })
    }

    /// Runs a connection that has sent its first bytes on a thread of its own.
    private func serve(
        _ connection: TCPConnection, _ ticket: ConnectionGate.Ticket, deliver: @escaping @Sendable (String, PeerMessage) -> Void
    ) {
        guard let gate = runningGate else { return connection.close() }
        threads.enter()
        let thread = Thread { [self] in
            InboundPeerConnection(
                connection: connection, ticket: ticket, gate: gate, shared: shared, deliver: deliver
            ) { [weak self] nodeID in
                self?.peerReachedUs(nodeID)
            }.run()
            gate.finished(ticket)
            connection.close()
            threads.leave()
        }
        thread.name = "peer-receive-\(ticket.id)"
        thread.start()
    }

    /// Counts and logs (throttled) a connection the gate closed itself.
    private func closed(host: String, address: String, _ closure: ConnectionGate.Closure) {
        switch closure {
        case .evicted:
            shared.count { $0.inboundConnectionsEvicted += 1 }
            shared.refusals.refused(
                "evicted", from: host, "peer: closed \(address), which had not completed a handshake, to make room for a newer connection")
        case .silent:
            shared.count { $0.inboundConnectionsSilent += 1 }
            shared.refusals.refused(
                "silent", from: host, "peer: closed \(address): no byte within \(limits.firstByteTimeoutMs) ms of connecting")
        }
    }

    /// Closes at once a connection for which every slot it could take is held by an
    /// authenticated member (after counting and logging it, so whoever sees it closed finds both).
    private func reject(_ connection: TCPConnection, because refusal: ConnectionSlots.Refusal) {
        defer { connection.close() }
        shared.count { $0.inboundConnectionsRejected += 1 }
        let reason = switch refusal {
        case .addressFull:
            "\(limits.maxConnectionsPerAddress) inbound connections from \(connection.remoteHost), all authenticated, are already open"
        case .serverFull: "\(limits.maxInboundConnections) inbound connections, all authenticated, are already open"
        }
        shared.refusals.refused(
            "too-many-connections", from: connection.remoteHost, "peer: closed a connection from \(connection.remoteAddress) at once: \(reason)")
    }
}
