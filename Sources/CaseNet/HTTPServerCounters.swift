/// What an `HTTPServer` has turned away since it started, for metrics. Requests the
/// handler answers (401 and 403 included) are the handler's to count; these are the
/// refusals the server makes itself. A snapshot: read `HTTPServer.counters` again for newer values.
public struct HTTPServerCounters: Sendable, Equatable {
    /// Connections answered 503 and closed at once: every slot they could take was held
    /// by an authenticated caller (`maxConnections` or `maxConnectionsPerAddress`).
    public var connectionsRefused = 0
    /// Unauthenticated connections closed to make room for a newer one.
    public var connectionsEvicted = 0
    /// Connections closed because no byte arrived within `firstByteTimeoutMs` of accepting them.
    public var connectionsSilent = 0
    /// Requests answered with an error by the server itself: unparseable (400, 431, 501, 505…),
    /// a body over the limit (413), or too slow (408).
    public var requestsRefused = 0

    public init() {}
}
