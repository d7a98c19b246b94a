/// What a `TCPPeerTransport` has done since it was created, for metrics.
/// A snapshot: read `TCPPeerTransport.counters` again for newer values.
public struct PeerTransportCounters: Sendable, Equatable {
    /// Frames written to peers after their handshake, and their bytes (headers included).
    public var framesSent = 0
    public var bytesSent = 0
    /// Frames received and delivered after a handshake, and their bytes (headers included).
    public var framesReceived = 0
    public var bytesReceived = 0
    /// Messages that were never sent: queue full, destination backing off,
    /// connection failed with them queued, too large, too many destinations,
    /// or the transport stopped.
    public var framesDropped = 0
    /// Inbound hellos this node refused (other cluster, no common version,
    /// unknown cluster key, bad hello, a handshake proof that does not verify).
    public var handshakesRefused = 0
    /// Outbound hellos a peer refused, or answered as a node other than the one expected.
    public var handshakesRefusedByPeers = 0
    /// Handshake proofs that did not verify, on either side, and sealed frames
    /// that did not authenticate: someone without the key, or tampering.
    public var authenticationFailures = 0
    /// Inbound connections closed at once because every slot they could take
    /// (`maxInboundConnections`, `maxConnectionsPerAddress`) was held by an authenticated peer.
    public var inboundConnectionsRejected = 0
    /// Inbound connections closed before their handshake was complete to make room for a
    /// newer one (`maxUnauthenticatedConnections`, `maxConnectionsPerAddress`).
    public var inboundConnectionsEvicted = 0
    /// Inbound connections closed because no byte arrived within `firstByteTimeoutMs`.
    public var inboundConnectionsSilent = 0
    /// Inbound connections closed because of what the peer sent (garbage,
    /// bad magic, oversized or corrupt frames, undecodable messages, a frame
    /// cut short, a handshake message after the handshake) or did not send in time.
    public var inboundConnectionsFailed = 0

    public init() {}
}
