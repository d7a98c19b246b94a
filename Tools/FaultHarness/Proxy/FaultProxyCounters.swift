/// What a fault proxy has done since it started, for reports and tests.
public struct FaultProxyCounters: Equatable, Sendable {
    /// Connections accepted from senders.
    public var connectionsAccepted = 0
    /// Connections closed at once because their link was in `refuse` mode,
    /// the proxy was full, or the upstream could not be reached.
    public var connectionsRefused = 0
    /// Live connections closed by `resetConnections`.
    public var connectionsReset = 0
    /// Bytes passed on, in both directions.
    public var bytesForwarded = 0
    /// Bytes read and thrown away by a black hole.
    public var bytesDropped = 0

    public init() {}
}
