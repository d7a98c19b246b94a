import CaseNet

/// The limits of the node's two ports, as the configuration sets them.
extension NodeConfiguration {
    /// All connections the HTTP port holds; the per-address setting cannot exceed it.
    static let httpMaxConnections = HTTPServerLimits().maxConnections
    /// All inbound connections the peer port holds; the per-address setting cannot exceed it.
    static let peerMaxConnections = PeerTransportLimits().maxInboundConnections

    /// The HTTP server's limits: the defaults, with `http-max-connections-per-address` if given.
    public var httpLimits: HTTPServerLimits {
        HTTPServerLimits(maxConnectionsPerAddress: httpMaxConnectionsPerAddress)
    }

    /// The peer transport's limits: the defaults, with `peer-max-connections-per-address` if given.
    public var peerLimits: PeerTransportLimits {
        PeerTransportLimits(maxConnectionsPerAddress: peerMaxConnectionsPerAddress)
    }
}
