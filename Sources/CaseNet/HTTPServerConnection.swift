/// Serves the requests of one connection, on that connection's thread:
/// read, parse, call the handler, write, until the connection closes, a
/// limit is hit, or the server stops.
struct HTTPServerConnection {
    /// How long to keep reading (and discarding) after an error reply before
    /// closing. Closing with unread input makes the kernel send a reset, which
    /// can destroy the reply before the client reads it; 2 s and 1 MiB are
    /// enough for a client to read its error, and bound what it can cost.
    static let lingerMs = 2_000
    static let lingerMaxBytes = 1 << 20

    let connection: TCPConnection
    let limits: HTTPServerLimits
    let log: @Sendable (String) -> Void
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let isStopping: () -> Bool

    func run() {
        var parser = HTTPRequestParser(
            maxHeaderBytes: limits.maxHeaderBytes, maxBodyBytes: limits.maxBodyBytes, maxHeaderCount: limits.maxHeaderCount)
        var timer = RequestTimer(limits: limits)
        var served = 0
        while true {
            let parsed: HTTPRequest?
            do {
                parsed = try parser.nextRequest()
            } catch {
                refuse(error)
                return
            }
            if let request = parsed {
                served += 1
                guard serve(request, isLast: served >= limits.maxRequestsPerConnection) else { return }
                timer.responseSent(nextRequestBegun: parser.hasPartialRequest)
            } else {
                guard receive(into: &parser, timer: &timer) else { return }
            }
        }
    }

    /// Which time limit applies: the idle one between requests, the request
    /// one from a request's first byte (and from accept, for the first).
    private struct RequestTimer {
        let limits: HTTPServerLimits
        private(set) var deadline: Deadline
        private var isIdle = false

        init(limits: HTTPServerLimits) {
            self.limits = limits
            deadline = .after(ms: limits.requestReadTimeoutMs)
        }

        mutating func responseSent(nextRequestBegun: Bool) {
            isIdle = !nextRequestBegun
            deadline = .after(ms: isIdle ? limits.idleKeepAliveTimeoutMs : limits.requestReadTimeoutMs)
        }

        mutating func bytesArrived() {
            guard isIdle else { return }
            isIdle = false
            deadline = .after(ms: limits.requestReadTimeoutMs)
        }
    }

    /// Runs the handler and answers; false when the connection is finished.
    private func serve(_ parsed: HTTPRequest, isLast: Bool) -> Bool {
        var request = parsed
        request.remoteAddress = connection.remoteAddress
        let response = handler(request)
        // Decided after the handler ran, so a stop that began meanwhile is
        // seen and this reply says "Connection: close".
        let keepAlive = request.wantsKeepAlive && !isLast && !isStopping()
        guard send(response, for: request, keepAlive: keepAlive) else { return false }
        if !keepAlive { lingerAndClose() }
        return keepAlive
    }

    /// Reads more bytes of the next request; false when the connection is
    /// finished (closed by the client, timed out, or failed).
    private func receive(into parser: inout HTTPRequestParser, timer: inout RequestTimer) -> Bool {
        if parser.expectsContinue {
            guard write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return false }
            parser.acknowledgeContinue()
        }
        let result: TCPConnection.ReadResult
        do {
            result = try connection.read(maxBytes: parser.readSizeHint, timeoutMs: timer.deadline.remainingMs)
        } catch {
            if !error.isDisconnect { log("http: \(error)") }
            return false
        }
        switch result {
        case .bytes(let bytes):
            timer.bytesArrived()
            parser.append(bytes)
            return true
        case .endOfStream:
            if parser.hasPartialRequest && !isStopping() {
                refuse(.badRequest("incomplete_request", parser.incompleteRequestDescription))
            }
            return false
        case .timedOut:
            if parser.hasPartialRequest {
                refuse(HTTPParseError(
                    status: 408, code: "request_timeout",
                    message: "the request was not received completely within \(limits.requestReadTimeoutMs) ms"))
            }
            return false
        }
    }

    /// Writes the handler's response; false if the write failed.
    private func send(_ response: HTTPResponse, for request: HTTPRequest, keepAlive: Bool) -> Bool {
        if let bytes = HTTPResponseSerializer.serialize(response, keepAlive: keepAlive) {
            return write(bytes)
        }
        log("http: handler for \(request.method) \(request.path) returned a header or reason with control characters; sent 500")
        let fallback = HTTPResponse.error(
            status: 500, code: "internal_error", message: "the server produced an invalid response header")
        return write(HTTPResponseSerializer.serialize(fallback, keepAlive: keepAlive)!)
    }

    /// Answers a request that cannot be served with its JSON error, then closes.
    private func refuse(_ error: HTTPParseError) {
        log("http: \(connection.remoteAddress): \(error.logDescription)")
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
            if !error.isDisconnect { log("http: \(error)") }
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
