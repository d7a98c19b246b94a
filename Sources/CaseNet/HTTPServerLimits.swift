/// Every bound the HTTP server enforces, with the reason for each default.
public struct HTTPServerLimits: Sendable, Equatable {
    /// Connections open at once, waiting for a first byte or served (one thread each).
    /// 128 is well above what a commune centre's clerks and admin tools open, and 128
    /// mostly idle threads cost little. A newcomer beyond it closes the oldest connection
    /// that has not authenticated, if any; if none, it gets 503 and is closed.
    public var maxConnections: Int
    /// Connections that have not yet carried a request with a valid token (part of
    /// `maxConnections`; by default a quarter of it). 32 leaves 96 slots that only
    /// authenticated callers can hold, so strangers cannot lock the centre out; callers
    /// authenticate on their first request, within milliseconds, so 32 newcomers at once
    /// is a burst no centre makes. Beyond it a newcomer closes the oldest unauthenticated
    /// connection of the address holding the most of them.
    public var maxUnauthenticatedConnections: Int
    /// Connections from one client address (IPv4 address, IPv6 /64; part of
    /// `maxConnections`; by default half of it). 64: a centre's clerks behind one NAT
    /// address, each tool with a few connections, stay well within it, while no one
    /// address can hold every slot. Beyond it a newcomer closes that address's oldest
    /// unauthenticated connection, or gets 503 if all of them have authenticated. Behind
    /// a reverse proxy every connection comes from the proxy: raise it to
    /// `maxConnections` (`--http-max-connections-per-address`).
    public var maxConnectionsPerAddress: Int
    /// Time from accepting a connection to its first byte; a connection silent that long
    /// is closed without an answer, having held no thread (it waits in `ConnectionGate`).
    /// The same limit applies between requests on a connection that has not
    /// authenticated. 1 s: a client sends its request as soon as it has connected, so
    /// silence means a port scanner, a dead client or an attacker holding slots.
    public var firstByteTimeoutMs: Int
    /// Time from accepting a connection (or from the first byte of a later request) to the
    /// end of the request head, until the connection has authenticated; 408 after it.
    /// 3 s: a head is a few hundred bytes, one round trip even on a slow rural link, while
    /// a stranger dribbling bytes holds a thread at most this long.
    public var unauthenticatedHeadTimeoutMs: Int
    /// Request line plus headers. 16 KiB is 4x what browsers send (431 above).
    public var maxHeaderBytes: Int
    /// Header fields per request. 100 is more than any real client sends (431 above).
    public var maxHeaderCount: Int
    /// Request body. 1 MiB holds the largest dossier document with room to
    /// spare; bulk transfer goes through the peer protocol, not HTTP (413 above).
    public var maxBodyBytes: Int
    /// Time from a request's first byte (or from accepting the connection) to
    /// its last. 10 s is ample on a slow provincial link, yet a client that
    /// dribbles bytes to hold a thread ("slowloris") is cut off with 408.
    /// (Before a connection authenticates, its heads are also held to
    /// `unauthenticatedHeadTimeoutMs`.)
    public var requestReadTimeoutMs: Int
    /// How long a kept-alive connection that has authenticated may sit idle between
    /// requests. 30 s lets the CLI reuse a connection across a short pause without
    /// keeping abandoned connections forever.
    public var idleKeepAliveTimeoutMs: Int
    /// Time to write one response. 10 s, like reading: a client that does not
    /// read its response may not hold a thread longer.
    public var responseWriteTimeoutMs: Int
    /// Requests served on one connection before it is closed. 10,000 bounds
    /// how long one client can pin one thread while keeping reuse effective.
    public var maxRequestsPerConnection: Int

    public init(
        maxConnections: Int = 128,
        maxUnauthenticatedConnections: Int? = nil,
        maxConnectionsPerAddress: Int? = nil,
        firstByteTimeoutMs: Int = 1_000,
        unauthenticatedHeadTimeoutMs: Int = 3_000,
        maxHeaderBytes: Int = 16_384,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1_048_576,
        requestReadTimeoutMs: Int = 10_000,
        idleKeepAliveTimeoutMs: Int = 30_000,
        responseWriteTimeoutMs: Int = 10_000,
        maxRequestsPerConnection: Int = 10_000
    ) {
        // Unless given, the two parts keep their shipped proportions of maxConnections.
        let maxUnauthenticatedConnections = maxUnauthenticatedConnections ?? max(1, maxConnections / 4)
        let maxConnectionsPerAddress = maxConnectionsPerAddress ?? max(1, maxConnections / 2)
        precondition(maxConnections >= 1 && maxRequestsPerConnection >= 1 && maxUnauthenticatedConnections >= 1
                     && maxConnectionsPerAddress >= 1, "HTTPServerLimits counts must be at least 1")
        precondition(maxUnauthenticatedConnections <= maxConnections && maxConnectionsPerAddress <= maxConnections,
                     "HTTPServerLimits: the unauthenticated and per-address limits are parts of maxConnections")
        precondition([requestReadTimeoutMs, idleKeepAliveTimeoutMs, responseWriteTimeoutMs, firstByteTimeoutMs,
                      unauthenticatedHeadTimeoutMs].allSatisfy { $0 > 0 },
                     "HTTPServerLimits timeouts must be positive")
        precondition(maxHeaderBytes >= 16 && maxHeaderCount >= 1, "HTTPServerLimits head limits out of range")
        precondition(maxBodyBytes >= 0 && maxBodyBytes <= 1 << 40, "HTTPServerLimits maxBodyBytes must be within 0...1 TiB")
        self.maxConnections = maxConnections
        self.maxUnauthenticatedConnections = maxUnauthenticatedConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.firstByteTimeoutMs = firstByteTimeoutMs
        self.unauthenticatedHeadTimeoutMs = unauthenticatedHeadTimeoutMs
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.requestReadTimeoutMs = requestReadTimeoutMs
        self.idleKeepAliveTimeoutMs = idleKeepAliveTimeoutMs
        self.responseWriteTimeoutMs = responseWriteTimeoutMs
        self.maxRequestsPerConnection = maxRequestsPerConnection
    }

    /// The gate's share of these limits.
    var gate: ConnectionGate.Limits {
        ConnectionGate.Limits(
            slots: ConnectionSlots.Limits(
                maxConnections: maxConnections, maxUnauthenticated: maxUnauthenticatedConnections,
                maxPerAddress: maxConnectionsPerAddress),
            firstByteTimeoutMs: firstByteTimeoutMs)
    }
}
