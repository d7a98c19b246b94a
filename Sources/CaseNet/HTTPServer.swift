import Dispatch
import Foundation
import Synchronization

/// A small blocking HTTP/1.1 server. One thread, the `ConnectionGate`, accepts every
/// connection, keeps strangers within their slots and holds each new connection without a
/// thread until its first byte; then one thread serves each connection. Blocking sockets
/// on threads of their own keep the code plain and keep slow clients off Swift's
/// cooperative thread pool.
///
/// The handler sees each request's head before its body is read and decides whether to
/// answer at once (a refused token: the body is never read) or to read the body, and
/// whether the request proved who sent it (`HTTPHeadDecision`). A connection that carried
/// such a request is an authenticated caller's: it keeps its slot whoever connects.
///
/// Every bound is in `HTTPServerLimits`. A request the parser refuses gets the parser's
/// status and a JSON error, and that connection is closed; other connections are
/// unaffected. Refusals before authentication are counted in `counters` and logged at the
/// 1st, 2nd, 4th, 8th… of each kind and client address (`RefusalLog`).
public final class HTTPServer: Sendable {
    public let host: String
    public let port: UInt16
    public let limits: HTTPServerLimits
    private let log: @Sendable (String) -> Void
    private let refusals: RefusalLog
    private let handler: @Sendable (HTTPRequestHead) -> HTTPHeadDecision
    private let state = Mutex(Phase.notStarted)
    private let tallies = Mutex(HTTPServerCounters())
    /// Entered by the gate's thread and by every connection thread.
    private let threads = DispatchGroup()

    private enum Phase {
        case notStarted
        case running(ConnectionGate)
        /// The gate, if the server had started, so its remaining connections can be counted.
        case stopping(ConnectionGate?)
    }

    /// `handler` runs on the connection's thread, once per request head, and may block, as
    /// may the `respond` it returns; `log` receives one line per notable event (refused
    /// requests, failed writes), never per successful request.
    public init(
        host: String, port: UInt16, limits: HTTPServerLimits = .init(),
        log: @escaping @Sendable (String) -> Void = { _ in },
        handler: @escaping @Sendable (HTTPRequestHead) -> HTTPHeadDecision
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.log = log
        self.refusals = RefusalLog(log: log)
        self.handler = handler
    }

    /// A server that reads every body and hands whole requests to `handler`, and so never
    /// learns who its callers are: every connection stays a stranger's, held to the limits
    /// for those. For tools and tests; a node's API decides on the head (see the other init).
    public convenience init(
        host: String, port: UInt16, limits: HTTPServerLimits = .init(),
        log: @escaping @Sendable (String) -> Void = { _ in },
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) {
        self.init(host: host, port: port, limits: limits, log: log) { _ in
            .readBody(authenticated: false, respond: handler)
        }
    }

    /// Binds and starts accepting; returns the bound port (the ephemeral one
    /// if `port` was 0). Throws `AddressResolutionError` or `SystemError`
    /// when the address cannot be bound. Call at most once.
    public func start() throws -> UInt16 {
        let listener = try TCPListener(host: host, port: port, backlog: ConnectionGate.listenBacklog)
        let gate = ConnectionGate(listener: listener, limits: limits.gate, handlers: gateHandlers())
        state.withLock { phase in
            guard case .notStarted = phase else {
                preconditionFailure("HTTPServer.start() may be called only once")
            }
            phase = .running(gate)
        }
        threads.enter()
        let thread = Thread { [self] in
            gate.run()
            threads.leave()
        }
        thread.name = "http-accept-\(listener.boundPort)"
        thread.start()
        return listener.boundPort
    }

    /// Stops accepting, lets requests being handled finish (their responses
    /// say "Connection: close"), closes idle connections, and waits up to
    /// `timeoutMs` for every thread to end. Returns whether all ended.
    /// Calling it again, or before `start`, is harmless; a stopped server
    /// cannot be started again.
    @discardableResult
    public func stop(timeoutMs: Int = 5_000) -> Bool {
        let gate: ConnectionGate? = state.withLock { phase in
            switch phase {
            case .running(let gate):
                phase = .stopping(gate)  // also refuses a later start()
                return gate
            case .notStarted:
                phase = .stopping(nil)
                return nil
            case .stopping:
                return nil
            }
        }
        // Ends blocked reads with end-of-stream; writes still work, so a
        // handler that is running can still deliver its response.
        for connection in gate?.stop() ?? [] { connection.shutdown(.read) }
        let finished = threads.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
        if !finished { log("http: stop gave up waiting after \(timeoutMs) ms; some connection threads are still running") }
        return finished
    }

    /// Connections open right now: waiting for their first byte, or being served (also
    /// while stopping, until their threads end).
    public var activeConnectionCount: Int {
        state.withLock { phase in
            switch phase {
            case .running(let gate), .stopping(let gate?): return gate.connectionCount
            case .notStarted, .stopping(nil): return 0
            }
        }
    }

    /// Connections open right now that have not carried a request the handler authenticated.
    public var unauthenticatedConnectionCount: Int {
        runningGate?.unauthenticatedCount ?? 0
    }

    /// What the server has turned away so far.
    public var counters: HTTPServerCounters { tallies.withLock { $0 } }

    var isStopping: Bool {
        state.withLock { phase in
            if case .stopping = phase { return true }
            return false
        }
    }

    private var runningGate: ConnectionGate? {
        state.withLock { phase in
            if case .running(let gate) = phase { return gate }
            return nil
        }
    }

    func count(_ update: (inout HTTPServerCounters) -> Void) {
        tallies.withLock { update(&$0) }
    }

    // MARK: - The gate's work

    /// Weak, because the gate is the server's: the server keeps it after stopping, to count its last connections.
    private func gateHandlers() -> ConnectionGate.Handlers {
        ConnectionGate.Handlers(
            serve: { [weak self] connection, ticket in
                guard let self else { return connection.close() }
                serve(connection, ticket)
            },
            refuse: { [weak self] connection, refusal in
                guard let self else { return connection.close() }
                refuse(connection, refusal)
            },
            closed: { [weak self] host, address, closure in self?.closed(host: host, address: address, closure) },
            acceptFailed: { [weak self] error in
                self?.refusals.refused("accept-failed", from: "the listener", "http: accept failed: \(error)")
            })
    }

    private func serve(_ connection: TCPConnection, _ ticket: ConnectionGate.Ticket) {
        guard let gate = runningGate else {
            connection.close()
            return
        }
        threads.enter()
        let thread = Thread { [self] in
            HTTPServerConnection(
                connection: connection, ticket: ticket, gate: gate, limits: limits, log: log, refusals: refusals,
                server: self, handler: handler
            ).run()
            gate.finished(ticket)
            connection.close()
            threads.leave()
        }
        thread.name = "http-connection-\(ticket.id)"
        thread.start()
    }

    private func closed(host: String, address: String, _ closure: ConnectionGate.Closure) {
        count { counters in
            switch closure {
            case .evicted: counters.connectionsEvicted += 1
            case .silent: counters.connectionsSilent += 1
            }
        }
        switch closure {
        case .evicted:
            refusals.refused("evicted", from: host, "http: closed \(address), which had not authenticated, to make room for a newer connection")
        case .silent:
            refusals.refused("silent", from: host, "http: closed \(address): no byte within \(limits.firstByteTimeoutMs) ms of connecting")
        }
    }

    private func refuse(_ connection: TCPConnection, _ refusal: ConnectionSlots.Refusal) {
        count { $0.connectionsRefused += 1 }
        let reason = switch refusal {
        case .addressFull: "\(limits.maxConnectionsPerAddress) connections from \(connection.remoteHost), all authenticated, are already open"
        case .serverFull: "\(limits.maxConnections) connections, all authenticated, are already open"
        }
        refusals.refused("too-many-connections", from: connection.remoteHost, "http: refused \(connection.remoteAddress): \(reason)")
        let response = HTTPResponse.error(
            status: 503, code: "too_many_connections", message: "the server is busy: \(reason); retry shortly")
        // Consume a request that has already arrived: closing with unread
        // input would reset the connection and could destroy the reply.
        _ = try? connection.read(maxBytes: 64 * 1024, timeoutMs: 0)
        // A fresh socket's send buffer is empty, so this write cannot block
        // the gate's thread for long; the timeout only bounds the worst case.
        try? connection.writeAll(HTTPResponseSerializer.serialize(response, keepAlive: false)!, timeoutMs: 1_000)
        connection.shutdown(.write)
        connection.close()
    }
}
