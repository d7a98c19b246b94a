/// Reads one response from the bytes a client receives: status line,
/// headers, then a body framed by Content-Length or, lacking one, by the
/// server closing the connection. Interim 1xx responses are skipped.
/// Chunked bodies are refused: no server this client talks to sends them.
struct HTTPResponseParser {
    let maxHeaderBytes: Int
    let maxBodyBytes: Int
    /// False for HEAD: the response has headers but no body.
    let expectsBody: Bool

    private var buffer: [UInt8] = []
    private var head: ResponseHead?

    /// The response head and where its framing stands.
    struct ResponseHead {
        let version: HTTPVersion
        let status: Int
        let reason: String
        let headers: HTTPHeaders
        /// nil when the body runs until the connection closes.
        let contentLength: Int?
        let headBytes: Int
    }

    init(maxHeaderBytes: Int, maxBodyBytes: Int, expectsBody: Bool) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.expectsBody = expectsBody
    }

    /// Whether any byte of the response has arrived.
    var hasReceivedBytes: Bool { head != nil || !buffer.isEmpty }

    /// Bytes worth reading next; bounded so the buffer never outgrows the
    /// limits by more than one read.
    var readSizeHint: Int {
        let cap = 256 * 1024
        guard let head else { return min(cap, max(1, maxHeaderBytes + 1 - buffer.count)) }
        let needed = (head.contentLength ?? (maxBodyBytes + 1)) - (buffer.count - head.headBytes)
        return min(cap, max(1, needed))
    }

    mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// The response if complete; with `atEndOfStream`, a body that runs until
    /// close is complete now, and anything shorter than declared is an error.
    mutating func response(atEndOfStream: Bool) throws(HTTPParseError) -> (HTTPResponse, keepAlive: Bool)? {
        while head == nil {
            guard let headEnd = HTTPHeadSyntax.endOfHead(in: buffer, searchFrom: 0, end: min(buffer.count, maxHeaderBytes)) else {
                if buffer.count >= maxHeaderBytes {
                    throw HTTPParseError(status: 502, code: "bad_response", message: "response head exceeds \(maxHeaderBytes) bytes")
                }
                if atEndOfStream && !buffer.isEmpty {
                    throw HTTPParseError(status: 502, code: "bad_response", message: "connection closed in the middle of the response head")
                }
                return nil
            }
            let parsed = try Self.parseHead(buffer[0..<headEnd - 4], headBytes: headEnd, expectsBody: expectsBody, maxBodyBytes: maxBodyBytes)
            if (100..<200).contains(parsed.status) {
                buffer.removeSubrange(0..<headEnd)  // interim response, e.g. 100 Continue
                continue
            }
            head = parsed
        }
        return try completeResponse(atEndOfStream: atEndOfStream)
    }

    private func completeResponse(atEndOfStream: Bool) throws(HTTPParseError) -> (HTTPResponse, keepAlive: Bool)? {
        guard let head else { return nil }
        let received = buffer.count - head.headBytes
        if let length = head.contentLength {
            guard received >= length else {
                if atEndOfStream {
                    throw HTTPParseError(
                        status: 502, code: "bad_response",
                        message: "connection closed after \(received) of \(length) response body bytes")
                }
                return nil
            }
        } else {
            guard received <= maxBodyBytes else {
                throw HTTPParseError(status: 502, code: "bad_response", message: "response body exceeds \(maxBodyBytes) bytes")
            }
            guard atEndOfStream else { return nil }
        }
        let bodyEnd = head.headBytes + (head.contentLength ?? received)
        let response = HTTPResponse(
            status: head.status, reason: head.reason, headers: head.headers, body: Array(buffer[head.headBytes..<bodyEnd]))
        let keepAlive = head.contentLength != nil && bodyEnd == buffer.count && Self.allowsKeepAlive(head)
        return (response, keepAlive)
    }

    private static func allowsKeepAlive(_ head: ResponseHead) -> Bool {
        switch head.version {
        case .http1_1: return !head.headers.hasToken("close", in: "Connection")
        case .http1_0: return head.headers.hasToken("keep-alive", in: "Connection")
        }
    }

    private static func parseHead(
        _ bytes: ArraySlice<UInt8>, headBytes: Int, expectsBody: Bool, maxBodyBytes: Int
    ) throws(HTTPParseError) -> ResponseHead {
        let lines = try HTTPHeadSyntax.lines(of: bytes, errorCode: "bad_response")
        let statusLine = lines[0]
        let parts = statusLine.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2,
              let version = HTTPVersion(rawValue: String(decoding: parts[0], as: UTF8.self)),
              parts[1].count == 3, parts[1].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let status = Int(String(decoding: parts[1], as: UTF8.self)), status >= 100 else {
            throw HTTPParseError(
                status: 502, code: "bad_response",
                message: "response status line must be 'HTTP/1.1 200 OK', got \(HTTPHeadSyntax.preview(statusLine))")
        }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let field: (name: String, value: String)
            do throws(HTTPParseError) {
                field = try HTTPHeadSyntax.field(line)
            } catch {
                throw HTTPParseError(status: 502, code: "bad_response", message: error.message)
            }
            headers.add(field.name, field.value)
        }
        let reason = parts.count == 3 ? String(decoding: parts[2], as: UTF8.self) : ""
        let contentLength = try bodyLength(status: status, headers: headers, expectsBody: expectsBody, maxBodyBytes: maxBodyBytes)
        return ResponseHead(
            version: version, status: status, reason: reason, headers: headers,
            contentLength: contentLength, headBytes: headBytes)
    }

    private static func bodyLength(
        status: Int, headers: HTTPHeaders, expectsBody: Bool, maxBodyBytes: Int
    ) throws(HTTPParseError) -> Int? {
        if !expectsBody || status < 200 || status == 204 || status == 304 { return 0 }
        if headers.contains("Transfer-Encoding") {
            throw HTTPParseError(status: 502, code: "bad_response", message: "chunked (Transfer-Encoding) responses are not supported")
        }
        let lengths = headers.values(for: "Content-Length")
        guard let text = lengths.first else { return nil }
        guard lengths.count == 1, !text.isEmpty, text.count <= 18, let length = Int(text), length >= 0,
              text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw HTTPParseError(status: 502, code: "bad_response", message: "response has an invalid Content-Length '\(text.prefix(40))'")
        }
        guard length <= maxBodyBytes else {
            throw HTTPParseError(
                status: 502, code: "bad_response",
                message: "response body of \(length) bytes exceeds the \(maxBodyBytes)-byte limit")
        }
        return length
    }
}
