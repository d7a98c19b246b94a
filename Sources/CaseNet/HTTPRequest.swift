import CaseSupport

/// A request's head — request line and headers — as the server hands it to a handler
/// before any of the body is read, so that the caller can be refused (401, 403) without
/// the server reading, buffering or parsing a body a stranger sent.
///
/// Only origin-form targets ("/path?query") exist here; the parser refuses
/// the others. Decoded text is passed on as received: normalising
/// Vietnamese text to NFC is done by the handler through the domain layer.
public struct HTTPRequestHead: Sendable {
    /// The method token, case-sensitive as HTTP defines it ("GET", "POST").
    public let method: String
    /// The raw request target, e.g. "/dossiers?status=open&q=H%E1%BB%93".
    public let target: String
    /// The target's path, percent-decoded ("/dossiers/000.00.12.H56-250701-0042").
    public let path: String
    /// The path split on "/" before decoding, so an encoded "%2F" inside a
    /// segment stays inside it: "/a%2Fb/c" gives ["a/b", "c"].
    public let pathSegments: [String]
    /// Query items in order, names and values decoded ('+' is a space).
    public let queryItems: [(name: String, value: String)]
    public let version: HTTPVersion
    public let headers: HTTPHeaders
    /// The body's length as the head declares it (Content-Length; 0 without one). A length
    /// over the server's `maxBodyBytes` shows as `maxBodyBytes + 1`: the body is then never read.
    public let contentLength: Int
    /// The client's address ("127.0.0.1:51234"), filled in by the server for
    /// logs and audit; empty for requests built by hand.
    public internal(set) var remoteAddress = ""
    /// The client's address as the server's per-address limits count it: the IPv4 address
    /// without the port, or the IPv6 /64 (`TCPConnection.remoteHost`); empty for requests
    /// built by hand.
    public internal(set) var remoteHost = ""

    init(
        method: String, target: String, decodedTarget: RequestTarget,
        version: HTTPVersion, headers: HTTPHeaders, contentLength: Int
    ) {
        self.method = method
        self.target = target
        self.path = decodedTarget.path
        self.pathSegments = decodedTarget.pathSegments
        self.queryItems = decodedTarget.queryItems
        self.version = version
        self.headers = headers
        self.contentLength = contentLength
    }

    /// The first value of query parameter `name`, or nil if absent.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Whether the client allows the connection to stay open after this
    /// request: HTTP/1.1 unless it sent "Connection: close", HTTP/1.0 only
    /// with "Connection: keep-alive".
    public var wantsKeepAlive: Bool {
        switch version {
        case .http1_1: return !headers.hasToken("close", in: "Connection")
        case .http1_0: return headers.hasToken("keep-alive", in: "Connection")
        }
    }
}

/// A complete HTTP request, head and body, as the server hands it to a handler that
/// asked for the body (`HTTPHeadDecision.readBody`).
public struct HTTPRequest: Sendable {
    public private(set) var head: HTTPRequestHead
    public let body: [UInt8]

    /// Builds a request, decoding `target` as the parser does; throws the
    /// same 400 error the parser would for a malformed target.
    public init(
        method: String, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:], body: [UInt8] = [], remoteHost: String = ""
    ) throws(HTTPParseError) {
        var head = HTTPRequestHead(
            method: method, target: target, decodedTarget: try RequestTarget(target),
            version: version, headers: headers, contentLength: body.count)
        head.remoteHost = remoteHost
        self.init(head: head, body: body)
    }

    init(head: HTTPRequestHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    public var method: String { head.method }
    public var target: String { head.target }
    public var path: String { head.path }
    public var pathSegments: [String] { head.pathSegments }
    public var queryItems: [(name: String, value: String)] { head.queryItems }
    public var version: HTTPVersion { head.version }
    public var headers: HTTPHeaders { head.headers }
    public var wantsKeepAlive: Bool { head.wantsKeepAlive }

    /// The client's address; see `HTTPRequestHead.remoteAddress`.
    public internal(set) var remoteAddress: String {
        get { head.remoteAddress }
        set { head.remoteAddress = newValue }
    }

    /// The client's address for per-address limits; see `HTTPRequestHead.remoteHost`.
    public internal(set) var remoteHost: String {
        get { head.remoteHost }
        set { head.remoteHost = newValue }
    }

    /// The first value of query parameter `name`, or nil if absent.
    public func query(_ name: String) -> String? {
        head.query(name)
    }

    /// The body parsed as JSON.
    public func jsonBody(parser: JSONParser = JSONParser()) throws(JSONParseError) -> JSONValue {
        try parser.parse(body)
    }
}

/// The decoded parts of an origin-form request target.
struct RequestTarget: Sendable {
    let path: String
    let pathSegments: [String]
    let queryItems: [(name: String, value: String)]

    init(_ target: String) throws(HTTPParseError) {
        guard target.utf8.first == UInt8(ascii: "/") else {
            throw .badRequest("bad_request_target", "request target must start with '/' (origin form), got '\(target.prefix(100))'")
        }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts[0]
        guard let path = PercentEncoding.decode(rawPath, plusIsSpace: false) else {
            throw .badRequest("bad_request_target", "request path has a malformed %-escape or is not UTF-8")
        }
        var segments: [String] = []
        for rawSegment in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let segment = PercentEncoding.decode(rawSegment, plusIsSpace: false) else {
                throw .badRequest("bad_request_target", "request path has a malformed %-escape or is not UTF-8")
            }
            segments.append(segment)
        }
        self.path = path
        self.pathSegments = segments
        self.queryItems = parts.count > 1 ? try Self.decodeQuery(parts[1]) : []
    }

    private static func decodeQuery(_ query: Substring) throws(HTTPParseError) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let nameAndValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentEncoding.decode(nameAndValue[0], plusIsSpace: true),
                  let value = PercentEncoding.decode(nameAndValue.count > 1 ? nameAndValue[1] : "", plusIsSpace: true)
            else {
                throw .badRequest("bad_request_target", "query string has a malformed %-escape or is not UTF-8")
            }
            items.append((name: name, value: value))
        }
        return items
    }
}
