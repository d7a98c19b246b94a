/// Serves the requests of one connection, on that connection's thread: read a head, let
/// the handler judge it, read the body only if the handler asks for it, answer, until the
/// connection closes, a limit is hit, the gate evicts it or the server stops.
struct HTTPServerConnection {
    /// How long to keep reading (and discarding) after an error reply before
    /// closing. Closing with unread input makes the kernel send a reset, which
    /// can destroy the reply before the client reads it; 2 s and 1 MiB are
    /// enough for a client to read its error, and bound what it can cost.
    static let lingerMs = 2_000
    static let lingerMaxBytes = 1 << 20

    let connection: TCPConnection
    let ticket: ConnectionGate.Ticket
    let gate: ConnectionGate
    let limits: HTTPServerLimits
    let log: @Sendable (String) -> Void
    let refusals: RefusalLog
    let server: HTTPServer
    let handler: @Sendable (HTTPRequestHead) -> HTTPHeadDecision

    /// Where the connection stands between steps.
    private struct Exchange {
        var parser: HTTPRequestParser
        var timer: RequestTimer
        /// The handler's answer for the request whose body is being read.
        var responder: (@Sendable (HTTPRequest) -> HTTPResponse)?
        var served = 0
        var isAuthenticated = false
    }

    func run() {
        var exchange = Exchange(
            parser: HTTPRequestParser(
                maxHeaderBytes: limits.maxHeaderBytes, maxBodyBytes: limits.maxBodyBytes, maxHeaderCount: limits.maxHeaderCount),
            timer: RequestTimer(limits: limits, acceptedAt: ticket.acceptedAt))
        while advance(&exchange) {}
    }

    /// One step: judge a head, answer a request, or read more bytes; false once the
    /// connection is finished.
    private func advance(_ exchange: inout Exchange) -> Bool {
        do throws(HTTPParseError) {
            if exchange.responder == nil, let head = try exchange.parser.nextHead() {
                return try judge(head, &exchange)
            }
            if let responder = exchange.responder, let request = try exchange.parser.nextRequest() {
                exchange.responder = nil
                return reply(responder(withRemoteAddress(request)), to: request.head, &exchange)
            }
        } catch {
            refuse(error, authenticated: exchange.isAuthenticated)
            return false
        }
        return receive(&exchange)
    }

    /// Lets the handler decide on the head. An answer to a request that declared a body
    /// closes the connection, the body unread: what follows it cannot be framed.
    private func judge(_ parsed: HTTPRequestHead, _ exchange: inout Exchange) throws(HTTPParseError) -> Bool {
        var head = parsed
        head.remoteAddress = connection.remoteAddress
        head.remoteHost = connection.remoteHost
        let decision = handler(head)
        if decision.isAuthenticated && !exchange.isAuthenticated {
            exchange.isAuthenticated = true
            exchange.timer.authenticated()
            gate.authenticated(ticket)
        }
        switch decision {
        case .answer(let response, _):
            guard head.contentLength == 0 else {
                if send(response, for: head, keepAlive: false) { lingerAndClose() }
                return false
            }
            _ = try exchange.parser.nextRequest()  // takes the bodiless request off the stream
            return reply(response, to: head, &exchange)
        case .readBody(_, let respond):
            try exchange.parser.admitBody()
            exchange.timer.headAdmitted()
            exchange.responder = respond
            return true
        }
    }

    private func withRemoteAddress(_ request: HTTPRequest) -> HTTPRequest {
        var request = request
        request.remoteAddress = connection.remoteAddress
        request.remoteHost = connection.remoteHost
        return request
    }

    /// Writes the answer and says whether the connection stays open for another request.
    private func reply(_ response: HTTPResponse, to head: HTTPRequestHead, _ exchange: inout Exchange) -> Bool {
        exchange.served += 1
        // Decided after the handler ran, so a stop that began meanwhile is
        // seen and this reply says "Connection: close".
        let keepAlive = head.wantsKeepAlive && exchange.served < limits.maxRequestsPerConnection && !server.isStopping
        guard send(response, for: head, keepAlive: keepAlive) else { return false }
        guard keepAlive else {
            lingerAndClose()
            return false
        }
        exchange.timer.responseSent(nextRequestBegun: exchange.parser.hasPartialRequest)
        return true
    }

    /// Reads more bytes of the next request; false when the connection is
    /// finished (closed by the client, timed out, evicted, or failed).
    private func receive(_ exchange: inout Exchange) -> Bool {
        if exchange.parser.expectsContinue {
            guard write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return false }
            exchange.parser.acknowledgeContinue()
        }
        let result: TCPConnection.ReadResult
        do {
            result = try connection.read(maxBytes: exchange.parser.readSizeHint, timeoutMs: exchange.timer.deadline.remainingMs)
        } catch {
            if !error.isDisconnect && gate.holds(ticket) { log("http: \(error)") }
            return false
        }
        switch result {
        case .bytes(let bytes):
            exchange.timer.bytesArrived()
            exchange.parser.append(bytes)
            return true
        case .endOfStream:
            // Nobody is left to answer when the gate evicted this connection or the server stops.
            if exchange.parser.hasPartialRequest && gate.holds(ticket) && !server.isStopping {
                refuse(.badRequest("incomplete_request", exchange.parser.incompleteRequestDescription),
                       authenticated: exchange.isAuthenticated)
            }
            return false
        case .timedOut:
            if exchange.parser.hasPartialRequest {
                refuse(HTTPParseError(
                    status: 408, code: "request_timeout",
                    message: "the request was not received completely within \(exchange.timer.allowanceMs) ms"),
                       authenticated: exchange.isAuthenticated)
            }
            return false
        }
    }

    /// Writes the handler's response; false if the write failed.
    private func send(_ response: HTTPResponse, for head: HTTPRequestHead, keepAlive: Bool) -> Bool {
        if let bytes = HTTPResponseSerializer.serialize(response, keepAlive: keepAlive) {
            return write(bytes)
        }
        log("http: handler for \(head.method) \(head.path) returned a header or reason with control characters; sent 500")
        let fallback = HTTPResponse.error(
            status: 500, code: "internal_error", message: "the server produced an invalid response header")
        return write(HTTPResponseSerializer.serialize(fallback, keepAlive: keepAlive)!)
    }

    /// Answers a request that cannot be served with its JSON error, then closes. Counted
    /// always; logged at once for an authenticated caller, throttled for a stranger. The
    /// log line names the error only: the full message may quote the request.
    private func refuse(_ error: HTTPParseError, authenticated: Bool) {
        server.count { $0.requestsRefused += 1 }
        let line = "http: \(connection.remoteAddress): \(error.logDescription)"
        if authenticated { log(line) } else { refusals.refused(error.code, from: connection.remoteHost, line) }
        let response = HTTPResponse.error(status: error.status, code: error.code, message: error.message)
        if write(HTTPResponseSerializer.serialize(response, keepAlive: false)!) {
            lingerAndClose()
        }
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        do {
            try connection.writeAll(bytes, timeoutMs: limits.responseWriteTimeoutMs)
            return true
        } catch {
            if !error.isDisconnect && gate.holds(ticket) { log("http: \(error)") }
            return false
        }
    }

    /// Half-closes, then drains what the client still sends (bounded) so the
    /// last reply is not lost to a reset. The caller closes the socket.
    private func lingerAndClose() {
        connection.shutdown(.write)
        let deadline = Deadline.after(ms: Self.lingerMs)
        var drained = 0
        while drained < Self.lingerMaxBytes,
              case .bytes(let bytes)? = try? connection.read(maxBytes: 64 * 1024, timeoutMs: deadline.remainingMs) {
            drained += bytes.count
        }
    }
}

/// Which time limit applies to the read in progress. Idle between requests:
/// `idleKeepAliveTimeoutMs`, or `firstByteTimeoutMs` until the connection has
/// authenticated. Within a request, from its first byte (from accept, for the first):
/// `requestReadTimeoutMs` for all of it, and until the connection has authenticated,
/// `unauthenticatedHeadTimeoutMs` for its head.
struct RequestTimer {
    let limits: HTTPServerLimits
    private var start: Deadline
    private var isIdle = false
    private var headAdmittedYet = false
    private var isAuthenticated = false

    init(limits: HTTPServerLimits, acceptedAt: Deadline) {
        self.limits = limits
        start = acceptedAt
    }

    /// The limit that applies now, in milliseconds from `start`.
    var allowanceMs: Int {
        if isIdle { return isAuthenticated ? limits.idleKeepAliveTimeoutMs : limits.firstByteTimeoutMs }
        if isAuthenticated || headAdmittedYet { return limits.requestReadTimeoutMs }
        return min(limits.unauthenticatedHeadTimeoutMs, limits.requestReadTimeoutMs)
    }

    var deadline: Deadline { start.adding(ms: allowanceMs) }

    mutating func responseSent(nextRequestBegun: Bool) {
        start = .now
        isIdle = !nextRequestBegun
        headAdmittedYet = false
    }

    mutating func bytesArrived() {
        guard isIdle else { return }
        isIdle = false
        start = .now
    }

    mutating func headAdmitted() {
        headAdmittedYet = true
    }

    mutating func authenticated() {
        isAuthenticated = true
    }
}
