import Synchronization

/// A blocking HTTP/1.1 client for the CLI and tests, bound to one server.
///
/// One connection is kept alive and reused. Before reuse it is checked; if
/// the server has closed it meanwhile (idle timeout), a new one is opened.
/// If the server closes a reused connection just as a request goes out, the
/// request is sent once more on a new connection, but only for idempotent
/// methods (GET, HEAD, PUT, DELETE, OPTIONS): repeating a POST could, say,
/// receive a dossier twice.
///
/// Calls are serialised: the client may be shared between threads, and one
/// exchange runs at a time.
public final class HTTPClient: Sendable {
    /// Largest response body accepted: 64 MiB holds the biggest listing or
    /// report an admin may ask for, while a broken or hostile server cannot
    /// make the CLI allocate without bound.
    public static let maxResponseBodyBytes = 64 << 20
    /// Largest response head accepted; 64 KiB is far above any real server's.
    static let maxResponseHeaderBytes = 64 * 1024

    public let host: String
    public let port: UInt16
    /// Time limit for each whole exchange: connect, send and receive.
    public let timeoutMs: Int
    private let connection = Mutex<TCPConnection?>(nil)

    /// `baseURL` must be `http://host:port` (port 80 if omitted; a trailing
    /// "/" is fine; see ``HTTPBaseURL``). https, paths and user info are refused
    /// with a clear error.
    public init(baseURL: String, timeoutMs: Int = 10_000) throws(HTTPClientError) {
        precondition(timeoutMs > 0, "HTTPClient timeoutMs must be positive")
        (host, port) = try Self.parseBaseURL(baseURL)
        self.timeoutMs = timeoutMs
    }

    deinit {
        close()
    }

    /// "host:port", as messages show it.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Sends one request and returns the response, whatever its status.
    /// `pathAndQuery` is an already-encoded origin-form target such as
    /// "/dossiers?q=H%E1%BB%93" (see `PercentEncoding.encodeComponent`).
    /// Host and Content-Length are added here and may not be passed in `headers`.
    public func send(
        _ method: String, _ pathAndQuery: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) throws(HTTPClientError) -> HTTPResponse {
        let request = try encodeRequest(method, pathAndQuery, headers: headers, body: body)
        let canRetry = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(method)
        return try connection.withLock { current throws(HTTPClientError) -> HTTPResponse in
            let deadline = Deadline.after(ms: timeoutMs)
            var reused = false
            if let open = current, !open.isReadableNow() {
                reused = true
            } else {
                current?.close()
                current = nil
            }
            while true {
                let open: TCPConnection
                if let existing = current {
                    open = existing
                } else {
                    open = try connect(deadline: deadline)
                    current = open
                }
                do throws(ExchangeFailure) {
                    let (response, keepAlive) = try exchange(request, on: open, expectsBody: method != "HEAD", deadline: deadline)
                    if !keepAlive {
                        open.close()
                        current = nil
                    }
                    return response
                } catch {
                    open.close()
                    current = nil
                    if case .closedBeforeResponse = error, reused, canRetry {
                        reused = false
                        continue
                    }
                    throw error.clientError(address: address)
                }
            }
        }
    }

    /// Closes the kept-alive connection, if any. The next `send` reconnects.
    public func close() {
        connection.withLock { current in
            current?.close()
            current = nil
        }
    }

    private enum ExchangeFailure: Error {
        /// Not one byte of response arrived before the connection ended.
        case closedBeforeResponse(String)
        case failed(HTTPClientError)

        func clientError(address: String) -> HTTPClientError {
            switch self {
            case .closedBeforeResponse(let reason): return .connectionLost(address: address, reason: reason)
            case .failed(let error): return error
            }
        }
    }

    private func connect(deadline: Deadline) throws(HTTPClientError) -> TCPConnection {
        do {
            return try TCPConnection.connect(host: host, port: port, timeoutMs: deadline.remainingMs)
        } catch let error as SystemError where error.isTimeout {
            throw .cannotConnect(address: address, reason: "no answer within \(timeoutMs) ms")
        } catch let error as SystemError {
            throw .cannotConnect(address: address, reason: error.reason)
        } catch {
            throw .cannotConnect(address: address, reason: "\(error)")
        }
    }

    private func exchange(
        _ request: [UInt8], on connection: TCPConnection, expectsBody: Bool, deadline: Deadline
    ) throws(ExchangeFailure) -> (HTTPResponse, keepAlive: Bool) {
        var writeFailure: SystemError?
        do {
            try connection.writeAll(request, timeoutMs: deadline.remainingMs)
        } catch {
            if error.isTimeout { throw .failed(.timedOut(address: address, timeoutMs: timeoutMs)) }
            // The server may have answered early and closed (e.g. 413 for a
            // body it will not read): look for that answer before failing.
            writeFailure = error
        }
        var parser = HTTPResponseParser(
            maxHeaderBytes: Self.maxResponseHeaderBytes, maxBodyBytes: Self.maxResponseBodyBytes, expectsBody: expectsBody)
        while true {
            if let complete = try parsed(&parser, atEndOfStream: false) { return complete }
            let result: TCPConnection.ReadResult
            do {
                result = try connection.read(maxBytes: parser.readSizeHint, timeoutMs: deadline.remainingMs)
            } catch {
                let reason = (writeFailure ?? error).reason
                throw parser.hasReceivedBytes ? .failed(.connectionLost(address: address, reason: reason)) : .closedBeforeResponse(reason)
            }
            switch result {
            case .bytes(let bytes):
                parser.append(bytes)
            case .endOfStream:
                guard parser.hasReceivedBytes else {
                    throw .closedBeforeResponse(writeFailure?.reason ?? "the server closed the connection without responding")
                }
                if let complete = try parsed(&parser, atEndOfStream: true) { return complete }
                throw .failed(.connectionLost(address: address, reason: "the server closed the connection mid-response"))
            case .timedOut:
                throw .failed(.timedOut(address: address, timeoutMs: timeoutMs))
            }
        }
    }

    private func parsed(_ parser: inout HTTPResponseParser, atEndOfStream: Bool) throws(ExchangeFailure) -> (HTTPResponse, keepAlive: Bool)? {
        do throws(HTTPParseError) {
            return try parser.response(atEndOfStream: atEndOfStream)
        } catch {
            throw .failed(.invalidResponse(address: address, reason: error.message))
        }
    }

    private func encodeRequest(
        _ method: String, _ pathAndQuery: String, headers: [(String, String)], body: [UInt8]
    ) throws(HTTPClientError) -> [UInt8] {
        try OutgoingRequest.check(method: method, pathAndQuery: pathAndQuery, headers: headers)
        var head = "\(method) \(pathAndQuery) HTTP/1.1\r\nHost: \(address)\r\n"
        for (name, value) in headers {
            head += "\(name): \(value)\r\n"
        }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    /// Splits "http://host:port" into host and port; https is for another client.
    static func parseBaseURL(_ url: String) throws(HTTPClientError) -> (host: String, port: UInt16) {
        let parsed = try HTTPBaseURL(parsing: url)
        guard parsed.scheme == .http else {
            throw .invalidBaseURL(url, reason: "this client speaks plain http only; casectl sends https through URLSession")
        }
        return (parsed.host, parsed.port)
    }
}
