import Dispatch
import Foundation
import Synchronization

/// A small blocking HTTP/1.1 server: one thread accepts, one thread serves
/// each connection. Blocking sockets on threads of their own keep the code
/// plain and keep slow clients off Swift's cooperative thread pool.
///
/// Every bound is in `HTTPServerLimits`. A request the parser refuses gets
/// the parser's status and a JSON error, and that connection is closed;
/// other connections are unaffected.
public final class HTTPServer: Sendable {
    public let host: String
    public let port: UInt16
    public let limits: HTTPServerLimits
    private let log: @Sendable (String) -> Void
    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let state = Mutex(State())
    /// Entered by the accept thread and by every connection thread.
    private let threads = DispatchGroup()

    private enum Phase {
        case notStarted
        case running(TCPListener)
        case stopping
    }

    private struct State {
        var phase = Phase.notStarted
        var connections: [Int: TCPConnection] = [:]
        var nextConnectionID = 0
    }

    /// `handler` runs on the connection's thread, once per request, and may
    /// block; `log` receives one line per notable event (refused requests,
    /// failed writes), never per successful request.
    public init(
        host: String, port: UInt16, limits: HTTPServerLimits = .init(),
        log: @escaping @Sendable (String) -> Void = { _ in },
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.log = log
        self.handler = handler
    }

    /// Binds and starts accepting; returns the bound port (the ephemeral one
    /// if `port` was 0). Throws `AddressResolutionError` or `SystemError`
    /// when the address cannot be bound. Call at most once.
    public func start() throws -> UInt16 {
        let listener = try TCPListener(host: host, port: port, backlog: Int32(min(limits.maxConnections, 1024)))
        state.withLock { state in
            guard case .notStarted = state.phase else {
                preconditionFailure("HTTPServer.start() may be called only once")
            }
            state.phase = .running(listener)
        }
        threads.enter()
        let thread = Thread { [self] in acceptLoop(listener) }
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
        let toWake: (TCPListener, [TCPConnection])? = state.withLock { state in
            let previous = state.phase
            state.phase = .stopping  // also refuses a later start()
            guard case .running(let listener) = previous else { return nil }
            return (listener, Array(state.connections.values))
        }
        if let (listener, connections) = toWake {
            listener.interrupt()
            // Ends blocked reads with end-of-stream; writes still work, so a
            // handler that is running can still deliver its response.
            for connection in connections { connection.shutdown(.read) }
        }
        let finished = threads.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
        if !finished { log("http: stop gave up waiting after \(timeoutMs) ms; some connection threads are still running") }
        return finished
    }

    /// Connections being served right now.
    public var activeConnectionCount: Int {
        state.withLock { $0.connections.count }
    }

    var isStopping: Bool {
        state.withLock { state in
            if case .stopping = state.phase { return true }
            return false
        }
    }

    private func acceptLoop(_ listener: TCPListener) {
        defer {
            listener.close()
            threads.leave()
        }
        while true {
            let accepted: TCPConnection?
            do {
                accepted = try listener.accept()
            } catch {
                // Typically EMFILE (out of descriptors): pause instead of
                // spinning, and try again once connections have closed.
                log("http: accept failed: \(error)")
                usleep(100_000)
                continue
            }
            guard let connection = accepted else { return }
            admit(connection)
        }
    }

    private func admit(_ connection: TCPConnection) {
        let admittedID: Int? = state.withLock { state in
            guard case .running = state.phase, state.connections.count < limits.maxConnections else { return nil }
            let id = state.nextConnectionID
            state.nextConnectionID += 1
            state.connections[id] = connection
            return id
        }
        guard let id = admittedID else {
            refuseOverCapacity(connection)
            return
        }
        threads.enter()
        let thread = Thread { [self] in
            HTTPServerConnection(connection: connection, limits: limits, log: log, handler: handler) { [self] in
                isStopping
            }.run()
            _ = state.withLock { $0.connections.removeValue(forKey: id) }
            connection.close()
            threads.leave()
        }
        thread.name = "http-connection-\(id)"
        thread.start()
    }

    private func refuseOverCapacity(_ connection: TCPConnection) {
        log("http: refused \(connection.remoteAddress): \(limits.maxConnections) connections already open")
        let response = HTTPResponse.error(
            status: 503, code: "too_many_connections",
            message: "the server is already serving its limit of \(limits.maxConnections) connections; retry shortly")
        // Consume a request that has already arrived: closing with unread
        // input would reset the connection and could destroy the reply.
        _ = try? connection.read(maxBytes: 64 * 1024, timeoutMs: 0)
        // A fresh socket's send buffer is empty, so this write cannot block
        // the accept thread for long; the timeout only bounds the worst case.
        try? connection.writeAll(HTTPResponseSerializer.serialize(response, keepAlive: false)!, timeoutMs: 1_000)
        connection.shutdown(.write)
        connection.close()
    }
}
