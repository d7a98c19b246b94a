/// An incremental, strict HTTP/1.1 request parser.
///
/// Feed it bytes as they arrive with `append`, then call `nextRequest`
/// until it returns nil (more bytes needed). Several pipelined requests in
/// one buffer come out one per call. The first error is final: every later
/// call throws it again, and the connection should be answered with the
/// error's status and closed, since the stream can no longer be trusted.
///
/// A server that decides on the head before reading the body (`HTTPServer`
/// checks the caller's token there) calls `nextHead` first, then `admitBody`
/// once it wants the body, then `nextRequest`; called alone, `nextRequest`
/// admits every body itself.
///
/// Limits are judged before anything is allocated for them: the head may not
/// exceed `maxHeaderBytes` (431) nor hold more than `maxHeaderCount` fields
/// (431), and a declared Content-Length above `maxBodyBytes` is refused (413)
/// when the body is admitted, before any of it is read. Bodies are framed by
/// Content-Length only; Transfer-Encoding is refused (501), and with
/// Content-Length too (400).
public struct HTTPRequestParser: Sendable {
    public let maxHeaderBytes: Int
    public let maxBodyBytes: Int
    public let maxHeaderCount: Int

    private var buffer: [UInt8] = []
    /// Index of the first byte not yet consumed.
    private var start = 0
    /// Where the search for the end of the head resumes.
    private var searchedUpTo = 0
    private var pendingHead: RequestHead?
    /// Whether the pending head's body may be read (`admitBody`).
    private var bodyAdmitted = false
    private var failure: HTTPParseError?

    /// True while a request that sent "Expect: 100-continue" waits for its
    /// body: the server should send "100 Continue" once, then call
    /// `acknowledgeContinue`.
    public private(set) var expectsContinue = false

    /// Defaults: 16 KiB of head is 4x what browsers send and far above what
    /// our API clients send; 1 MiB of body holds the largest dossier document
    /// with room to spare; 100 header fields is more than any real client.
    public init(maxHeaderBytes: Int = 16_384, maxBodyBytes: Int = 1_048_576, maxHeaderCount: Int = 100) {
        precondition(maxHeaderBytes >= 16 && maxHeaderCount >= 1, "HTTPRequestParser limits out of range")
        precondition(maxBodyBytes >= 0 && maxBodyBytes <= 1 << 40, "maxBodyBytes must be within 0...1 TiB")
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderCount = maxHeaderCount
    }

    /// Adds received bytes. Memory stays bounded as long as the caller reads
    /// at most `readSizeHint` bytes before each `nextRequest`.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            searchedUpTo -= start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Whether part of a request has arrived and the rest is awaited.
    public var hasPartialRequest: Bool {
        pendingHead != nil || start < buffer.count
    }

    /// How many bytes are worth reading next: enough to finish the head or
    /// body in progress (at least 1), so buffered data never outgrows the
    /// limits by more than one read.
    public var readSizeHint: Int {
        let cap = 64 * 1024
        if let head = pendingHead {
            precondition(bodyAdmitted, "read a body only once it is admitted (admitBody)")
            return min(cap, max(1, head.contentLength - (buffer.count - start)))
        }
        return min(cap, max(1, maxHeaderBytes + 1 - (buffer.count - start)))
    }

    /// Describes a request cut short, for the error sent when the client
    /// closes its side in the middle of one.
    var incompleteRequestDescription: String {
        if let head = pendingHead {
            return "connection closed after \(buffer.count - start) of the \(head.contentLength) body bytes declared by Content-Length"
        }
        return "connection closed in the middle of the request head"
    }

    /// Records that "100 Continue" has been sent for the pending request.
    public mutating func acknowledgeContinue() {
        expectsContinue = false
    }

    /// The head of the next request once it is complete, while its body waits
    /// to be admitted; nil if more bytes are needed or the body was admitted.
    public mutating func nextHead() throws(HTTPParseError) -> HTTPRequestHead? {
        if let failure { throw failure }
        do {
            try parsePendingHead()
        } catch {
            throw remember(error)
        }
        return bodyAdmitted ? nil : pendingHead?.head
    }

    /// Lets the pending head's body be read: refuses it (413) if it is declared
    /// larger than `maxBodyBytes`, and asks for "100 Continue" if the client waits for one.
    public mutating func admitBody() throws(HTTPParseError) {
        if let failure { throw failure }
        precondition(pendingHead != nil && !bodyAdmitted, "admitBody needs a head from nextHead whose body is not admitted yet")
        do {
            try admitPendingBody()
        } catch {
            throw remember(error)
        }
    }

    /// The next complete request, or nil if more bytes are needed. Admits the
    /// pending body itself if `admitBody` was not called.
    public mutating func nextRequest() throws(HTTPParseError) -> HTTPRequest? {
        if let failure { throw failure }
        do {
            return try parseNext()
        } catch {
            throw remember(error)
        }
    }

    /// Makes `error` final (see the type's comment) and returns it to throw.
    private mutating func remember(_ error: HTTPParseError) -> HTTPParseError {
        failure = error
        expectsContinue = false
        return error
    }

    private mutating func admitPendingBody() throws(HTTPParseError) {
        guard let head = pendingHead else { return }
        if let tooLarge = head.bodyTooLarge { throw tooLarge }
        bodyAdmitted = true
        expectsContinue = head.expectsContinue && head.contentLength > buffer.count - start
    }

    private mutating func parsePendingHead() throws(HTTPParseError) {
        guard pendingHead == nil, let head = try parseHeadIfComplete() else { return }
        pendingHead = head
        bodyAdmitted = false
    }

    private mutating func parseNext() throws(HTTPParseError) -> HTTPRequest? {
        try parsePendingHead()
        guard let head = pendingHead else { return nil }
        if !bodyAdmitted { try admitPendingBody() }
        guard buffer.count - start >= head.contentLength else { return nil }
        let body = Array(buffer[start..<start + head.contentLength])
        start += head.contentLength
        searchedUpTo = start
        pendingHead = nil
        bodyAdmitted = false
        expectsContinue = false
        return HTTPRequest(head: head.head, body: body)
    }

    private mutating func parseHeadIfComplete() throws(HTTPParseError) -> RequestHead? {
        skipEmptyLines()
        let available = buffer.count - start
        let searchEnd = start + min(available, maxHeaderBytes)
        guard let headEnd = HTTPHeadSyntax.endOfHead(in: buffer, searchFrom: max(start, searchedUpTo), end: searchEnd) else {
            if available >= maxHeaderBytes {
                throw HTTPParseError(
                    status: 431, code: "headers_too_large",
                    message: "request line and headers exceed \(maxHeaderBytes) bytes")
            }
            searchedUpTo = max(start, searchEnd - 3)
            return nil
        }
        let head = try RequestHead(
            buffer[start..<headEnd - 4], maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes)
        start = headEnd
        searchedUpTo = start
        return head
    }

    /// RFC 9112 asks servers to ignore empty lines before a request line
    /// (some clients send a stray CRLF after a body).
    private mutating func skipEmptyLines() {
        while buffer.count - start >= 2 && buffer[start] == 0x0D && buffer[start + 1] == 0x0A {
            start += 2
        }
    }
}

/// A parsed and validated request head, waiting for its body.
struct RequestHead: Sendable {
    let head: HTTPRequestHead
    let expectsContinue: Bool
    /// The 413 to send if the body is admitted: it is declared over `maxBodyBytes`. Kept
    /// rather than thrown, so that the caller's token is judged first.
    let bodyTooLarge: HTTPParseError?

    var contentLength: Int { head.contentLength }

    init(_ bytes: ArraySlice<UInt8>, maxHeaderCount: Int, maxBodyBytes: Int) throws(HTTPParseError) {
        let lines = try HTTPHeadSyntax.lines(of: bytes, errorCode: "bad_request_line")
        guard lines.count - 1 <= maxHeaderCount else {
            throw HTTPParseError(
                status: 431, code: "too_many_headers",
                message: "request has \(lines.count - 1) header fields; at most \(maxHeaderCount) are allowed")
        }
        let (method, target, version) = try Self.requestLine(lines[0])
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let field = try HTTPHeadSyntax.field(line)
            headers.add(field.name, field.value)
        }
        let decodedTarget = try RequestTarget(target)
        try Self.checkHost(headers, version: version)
        let length = try Self.contentLength(headers, maxBodyBytes: maxBodyBytes)
        expectsContinue = try Self.expectsContinue(headers)
        bodyTooLarge = length.tooLarge
        head = HTTPRequestHead(
            method: method, target: target, decodedTarget: decodedTarget, version: version, headers: headers,
            contentLength: length.bytes)
    }

    private static func requestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (String, String, HTTPVersion) {
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3,
              !parts[0].isEmpty, parts[0].allSatisfy(HTTPHeadSyntax.isTokenByte),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .badRequest(
                "bad_request_line",
                "request line must be 'METHOD /target HTTP/1.1' with single spaces, got \(HTTPHeadSyntax.preview(line))")
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let versionText = String(decoding: parts[2], as: UTF8.self)
        if let version = HTTPVersion(rawValue: versionText) {
            return (method, target, version)
        }
        let looksLikeVersion = parts[2].count == 8 && versionText.hasPrefix("HTTP/")
            && parts[2].enumerated().allSatisfy { index, byte in
                index < 5 || (index == 6 ? byte == UInt8(ascii: ".") : (byte >= 0x30 && byte <= 0x39))
            }
        if looksLikeVersion {
            throw HTTPParseError(
                status: 505, code: "http_version_not_supported",
                message: "\(versionText) is not supported; use HTTP/1.1 or HTTP/1.0")
        }
        throw .badRequest("bad_request_line", "request line must end with HTTP/1.1 or HTTP/1.0, got \(HTTPHeadSyntax.preview(parts[2]))")
    }

    private static func checkHost(_ headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) {
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 {
            throw .badRequest("bad_host", "request has \(hosts.count) Host headers; exactly one is allowed")
        }
        if hosts.isEmpty && version == .http1_1 {
            throw .badRequest("missing_host", "HTTP/1.1 requests must carry a Host header")
        }
    }

    /// The declared body length, capped at `maxBodyBytes + 1`, and the 413 for a length over the limit.
    private static func contentLength(
        _ headers: HTTPHeaders, maxBodyBytes: Int
    ) throws(HTTPParseError) -> (bytes: Int, tooLarge: HTTPParseError?) {
        let lengths = headers.values(for: "Content-Length")
        if headers.contains("Transfer-Encoding") {
            if !lengths.isEmpty {
                throw .badRequest("conflicting_length", "request has both Transfer-Encoding and Content-Length; send only Content-Length")
            }
            throw HTTPParseError(
                status: 501, code: "transfer_encoding_not_implemented",
                message: "Transfer-Encoding (chunked) is not supported; send the body with a Content-Length")
        }
        guard let text = lengths.first else { return (0, nil) }
        guard lengths.count == 1 else {
            throw .badRequest("bad_content_length", "request has \(lengths.count) Content-Length headers; exactly one is allowed")
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .badRequest("bad_content_length", "Content-Length must be a decimal number of bytes, got '\(text.prefix(40))'")
        }
        // Compare digit by digit so an absurdly long number cannot overflow.
        var length = 0
        for digit in text.utf8 {
            length = length * 10 + Int(digit - 0x30)
            if length > maxBodyBytes {
                return (maxBodyBytes + 1, HTTPParseError(
                    status: 413, code: "body_too_large",
                    message: "request body of \(text.count > 18 ? "more than \(maxBodyBytes)" : text) bytes exceeds the \(maxBodyBytes)-byte limit"))
            }
        }
        return (length, nil)
    }

    private static func expectsContinue(_ headers: HTTPHeaders) throws(HTTPParseError) -> Bool {
        guard let expectation = headers["Expect"] else { return false }
        guard HTTPHeaders.namesMatch(expectation, "100-continue") else {
            throw HTTPParseError(
                status: 417, code: "expectation_failed",
                message: "only 'Expect: 100-continue' is supported, got '\(expectation.prefix(40))'")
        }
        return true
    }
}
