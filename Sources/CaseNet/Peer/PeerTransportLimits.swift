import CaseSupport

/// Every bound `TCPPeerTransport` enforces, with the reason for each default.
///
/// Sized for a province-level cluster: a province has at most a few hundred
/// communes, each a node. For larger clusters raise `maxInboundConnections`
/// and `maxOutboundPeers` together: every peer that sent to this node within
/// `outboundIdleTimeoutMs` may hold one inbound connection here.
public struct PeerTransportLimits: Sendable, Equatable {
    /// Largest message payload received or sent after the handshake (its
    /// sealed frame is `SealedFrame.overheadByteCount` bytes larger); a header
    /// declaring more closes the connection before any of it is buffered, and
    /// an outgoing message encoding to more is dropped (the peer would refuse it).
    /// Why 4 MiB: the frame layer's bound (`WireLimits.maxFramePayloadBytes`),
    /// which holds the largest event batch with room to spare.
    public var maxPayloadBytes: Int
    /// Largest frame payload accepted during the handshake, before the peer
    /// has proved anything.
    /// Why 4 KiB: a hello (cluster id ≤ 256 bytes, node id ≤ 64, key id and
    /// nonce 40), an answer (about 140 bytes), a proof (32) or a refusal
    /// (≤ 1 KiB) fits easily, and a stranger cannot make this node buffer
    /// megabytes before it has said who it is.
    public var maxHandshakePayloadBytes: Int
    /// Inbound connections open at once, waiting for a first byte or served by
    /// a reader thread each. A newcomer beyond it closes the oldest connection
    /// still in its handshake, if any; if none, the newcomer is closed at once.
    /// Why 256: every other member of a province-level cluster can hold one,
    /// and 256 mostly idle threads cost little.
    public var maxInboundConnections: Int
    /// Inbound connections that have not completed their handshake (part of
    /// `maxInboundConnections`, by default a sixteenth of it): waiting for their
    /// first byte, or in the handshake. A newcomer beyond it closes the oldest of
    /// them from the address holding the most, so strangers cannot keep a member
    /// out, and the other 240 slots are for members that have proved themselves.
    /// Why 16: a member finishes its handshake within one round trip, so even
    /// a whole province reconnecting after a restart has only a few in
    /// handshake at any moment (one closed early retries after its back-off),
    /// while strangers who never authenticate hold at most 16 threads,
    /// each for at most `handshakeTimeoutMs`.
    public var maxUnauthenticatedConnections: Int
    /// Inbound connections from one address (IPv4 address, IPv6 /64; part of
    /// `maxInboundConnections`, by default a quarter of it). A newcomer beyond it
    /// closes that address's oldest connection still in its handshake; if all have
    /// authenticated, the newcomer is closed at once.
    /// Why 64: members on one machine or behind one NAT each hold one, and
    /// `Cluster/local/up.sh` runs up to 50 nodes on one machine; a member that
    /// crashed leaves a dead connection here for `inboundIdleTimeoutMs`, so room
    /// for some is needed too. Still a quarter of all slots, so one address cannot
    /// hold them all (`--peer-max-connections-per-address`).
    public var maxConnectionsPerAddress: Int
    /// Destinations with a queue (and, while busy, a writer thread) at once;
    /// a message for a further destination is dropped unless an idle one can be forgotten.
    /// Why 256: as `maxInboundConnections`, one per other member.
    public var maxOutboundPeers: Int
    /// Frames queued for one destination; a message beyond it is dropped.
    /// Why 2,048: the core sends a peer a few frames a second (probes, syncs,
    /// pushes), so this is minutes of traffic; more means the peer is not keeping up.
    public var maxQueuedFramesPerPeer: Int
    /// Bytes queued for one destination; a message beyond it is dropped.
    /// Why 16 MiB: four of the largest frames, enough to ride out a slow moment.
    public var maxQueuedBytesPerPeer: Int
    /// Bytes queued for all destinations together.
    /// Why 64 MiB: per-peer bounds alone would allow 4 GiB across 256 peers;
    /// a commune centre's server has a few GB of memory for everything.
    public var maxQueuedBytesTotal: Int
    /// Time for the whole handshake, on either side: hello, answer and proof;
    /// accepting, from accept.
    /// Why 3 s: the handshake is one and a half round trips, well under a
    /// second on a congested rural link, and a stranger that dribbles bytes
    /// holds a thread at most this long.
    public var handshakeTimeoutMs: Int
    /// Time from accepting a connection to its first byte; a connection silent
    /// that long is closed, having held no thread (it waits in `ConnectionGate`).
    /// Why 1 s: a member sends its hello as soon as it has connected, so silence
    /// means a port scanner, a dead peer, or a stranger holding slots.
    public var firstByteTimeoutMs: Int
    /// Time an inbound connection may stay silent before it is closed.
    /// Why 5 minutes: senders close idle connections after
    /// `outboundIdleTimeoutMs` (60 s); one silent five times longer lost its
    /// peer without a close (a crash, a cable pulled).
    public var inboundIdleTimeoutMs: Int
    /// Time from a frame's first byte to its last, receiving.
    /// Why 30 s: a 4 MiB frame at 2 Mbit/s takes 17 s; a peer dribbling bytes
    /// to hold a thread is cut off.
    public var frameReadTimeoutMs: Int
    /// Time to write one batch of frames.
    /// Why 30 s: as `frameReadTimeoutMs`; a receiver that stops reading makes
    /// the sender fail, drop its queue and back off rather than wait forever.
    public var writeTimeoutMs: Int
    /// Time to connect to a peer.
    /// Why 2 s: on a LAN or VPN a connect takes milliseconds; 2 s allows one
    /// lost SYN to be retransmitted (Linux waits 1 s before the first retry).
    public var connectTimeoutMs: Int
    /// How long an outbound connection may sit with nothing to send before it
    /// is closed and its thread ends.
    /// Why 60 s: a member the core is talking to gets probes or syncs every
    /// few seconds; a minute of silence means it left this node's rotation.
    public var outboundIdleTimeoutMs: Int
    /// First wait after a failed connect or write before the destination is
    /// tried again (messages sent meanwhile are dropped).
    /// Why 100 ms: long enough not to spin on a refused port, short enough
    /// that a peer restarting is reached again at once.
    public var backoffInitialMs: Int
    /// Longest wait between tries; the wait doubles from `backoffInitialMs` up to it.
    /// Why 5 s: a dead peer costs one connect attempt per 5 s, and a peer
    /// that comes back is reached within 5 s (the periodic pull repairs what was dropped).
    public var backoffMaxMs: Int
    /// How long `stop()` waits for the transport's threads.
    /// Why 5 s: longer than `connectTimeoutMs`, the one wait `stop` cannot cut short.
    public var stopTimeoutMs: Int

    public init(
        maxPayloadBytes: Int = WireLimits.maxFramePayloadBytes,
        maxHandshakePayloadBytes: Int = 4_096,
        maxInboundConnections: Int = 256,
        maxUnauthenticatedConnections: Int? = nil,
        maxConnectionsPerAddress: Int? = nil,
        maxOutboundPeers: Int = 256,
        maxQueuedFramesPerPeer: Int = 2_048,
        maxQueuedBytesPerPeer: Int = 16 << 20,
        maxQueuedBytesTotal: Int = 64 << 20,
        handshakeTimeoutMs: Int = 3_000,
        firstByteTimeoutMs: Int = 1_000,
        inboundIdleTimeoutMs: Int = 300_000,
        frameReadTimeoutMs: Int = 30_000,
        writeTimeoutMs: Int = 30_000,
        connectTimeoutMs: Int = 2_000,
        outboundIdleTimeoutMs: Int = 60_000,
        backoffInitialMs: Int = 100,
        backoffMaxMs: Int = 5_000,
        stopTimeoutMs: Int = 5_000
    ) {
        precondition(maxPayloadBytes >= maxHandshakePayloadBytes && maxHandshakePayloadBytes >= 1_100,
                     "PeerTransportLimits: the handshake bound must hold a refusal (1,100 bytes) and be at most maxPayloadBytes")
        precondition(maxPayloadBytes <= Int(UInt32.max), "PeerTransportLimits.maxPayloadBytes must fit a frame's UInt32 length")
        // Unless given, the two parts keep their shipped proportions of maxInboundConnections.
        let maxUnauthenticatedConnections = maxUnauthenticatedConnections ?? max(1, maxInboundConnections / 16)
        let maxConnectionsPerAddress = maxConnectionsPerAddress ?? max(1, maxInboundConnections / 4)
        precondition(maxInboundConnections >= 1 && maxUnauthenticatedConnections >= 1 && maxConnectionsPerAddress >= 1
                     && maxOutboundPeers >= 1 && maxQueuedFramesPerPeer >= 1,
                     "PeerTransportLimits counts must be at least 1")
        precondition(maxUnauthenticatedConnections <= maxInboundConnections && maxConnectionsPerAddress <= maxInboundConnections,
                     "PeerTransportLimits: the unauthenticated and per-address limits are parts of maxInboundConnections")
        precondition(maxQueuedBytesPerPeer >= 1 && maxQueuedBytesTotal >= maxQueuedBytesPerPeer,
                     "PeerTransportLimits: maxQueuedBytesTotal must be at least maxQueuedBytesPerPeer")
        precondition([handshakeTimeoutMs, firstByteTimeoutMs, inboundIdleTimeoutMs, frameReadTimeoutMs, writeTimeoutMs, connectTimeoutMs,
                      outboundIdleTimeoutMs, backoffInitialMs, stopTimeoutMs].allSatisfy { $0 > 0 },
                     "PeerTransportLimits timeouts must be positive")
        precondition(backoffMaxMs >= backoffInitialMs, "PeerTransportLimits.backoffMaxMs must be at least backoffInitialMs")
        self.maxPayloadBytes = maxPayloadBytes
        self.maxHandshakePayloadBytes = maxHandshakePayloadBytes
        self.maxInboundConnections = maxInboundConnections
        self.maxUnauthenticatedConnections = maxUnauthenticatedConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.maxOutboundPeers = maxOutboundPeers
        self.maxQueuedFramesPerPeer = maxQueuedFramesPerPeer
        self.maxQueuedBytesPerPeer = maxQueuedBytesPerPeer
        self.maxQueuedBytesTotal = maxQueuedBytesTotal
        self.handshakeTimeoutMs = handshakeTimeoutMs
        self.firstByteTimeoutMs = firstByteTimeoutMs
        self.inboundIdleTimeoutMs = inboundIdleTimeoutMs
        self.frameReadTimeoutMs = frameReadTimeoutMs
        self.writeTimeoutMs = writeTimeoutMs
        self.connectTimeoutMs = connectTimeoutMs
        self.outboundIdleTimeoutMs = outboundIdleTimeoutMs
        self.backoffInitialMs = backoffInitialMs
        self.backoffMaxMs = backoffMaxMs
        self.stopTimeoutMs = stopTimeoutMs
    }

    /// The gate's share of these limits.
    var gate: ConnectionGate.Limits {
        ConnectionGate.Limits(
            slots: ConnectionSlots.Limits(
                maxConnections: maxInboundConnections, maxUnauthenticated: maxUnauthenticatedConnections,
                maxPerAddress: maxConnectionsPerAddress),
            firstByteTimeoutMs: firstByteTimeoutMs)
    }
}
