/// Every bound the HTTP server enforces, with the reason for each default.
public struct HTTPServerLimits: Sendable, Equatable {
    /// Connections served at once; one thread each. 128 is well above what a
    /// commune centre's clerks and admin tools open, and 128 mostly idle
    /// threads cost little. Beyond it a client gets 503 and is closed.
    public var maxConnections: Int
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
    public var requestReadTimeoutMs: Int
    /// How long a kept-alive connection may sit idle between requests. 30 s
    /// lets the CLI reuse a connection across a short pause without keeping
    /// abandoned connections forever.
    public var idleKeepAliveTimeoutMs: Int
    /// Time to write one response. 10 s, like reading: a client that does not
    /// read its response may not hold a thread longer.
    public var responseWriteTimeoutMs: Int
    /// Requests served on one connection before it is closed. 10,000 bounds
    /// how long one client can pin one thread while keeping reuse effective.
    public var maxRequestsPerConnection: Int

    public init(
        maxConnections: Int = 128,
        maxHeaderBytes: Int = 16_384,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1_048_576,
        requestReadTimeoutMs: Int = 10_000,
        idleKeepAliveTimeoutMs: Int = 30_000,
        responseWriteTimeoutMs: Int = 10_000,
        maxRequestsPerConnection: Int = 10_000
    ) {
        precondition(maxConnections >= 1 && maxRequestsPerConnection >= 1, "HTTPServerLimits counts must be at least 1")
        precondition(requestReadTimeoutMs > 0 && idleKeepAliveTimeoutMs > 0 && responseWriteTimeoutMs > 0,
                     "HTTPServerLimits timeouts must be positive")
        precondition(maxHeaderBytes >= 16 && maxHeaderCount >= 1, "HTTPServerLimits head limits out of range")
        precondition(maxBodyBytes >= 0 && maxBodyBytes <= 1 << 40, "HTTPServerLimits maxBodyBytes must be within 0...1 TiB")
        self.maxConnections = maxConnections
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.requestReadTimeoutMs = requestReadTimeoutMs
        self.idleKeepAliveTimeoutMs = idleKeepAliveTimeoutMs
        self.responseWriteTimeoutMs = responseWriteTimeoutMs
        self.maxRequestsPerConnection = maxRequestsPerConnection
    }
}
