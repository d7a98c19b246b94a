/// Where a node's API is: `http://host[:port]` or `https://host[:port]`, and nothing else (no
/// path, query, fragment or user name), so that a URL given on a command line or advertised
/// by a member cannot smuggle in a second target.
public struct HTTPBaseURL: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case http
        case https

        var defaultPort: UInt16 { self == .http ? 80 : 443 }
    }

    /// A DNS name is at most 253 characters (RFC 1035 §2.3.4); address literals are shorter.
    public static let maxHostBytes = 253

    public let scheme: Scheme
    /// A name or an address literal, without the brackets of an IPv6 literal.
    public let host: String
    public let port: UInt16

    public init(scheme: Scheme, host: String, port: UInt16) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `text`; the port defaults to the scheme's (80, 443), a trailing "/" is fine.
    public init(parsing text: String) throws(HTTPClientError) {
        let fail = { (reason: String) in HTTPClientError.invalidBaseURL(text, reason: reason) }
        let lowered = text.lowercased()
        guard let scheme = [Scheme.http, .https].first(where: { lowered.hasPrefix($0.rawValue + "://") }) else {
            throw fail("expected http://host:port or https://host[:port]")
        }
        var authority = text.dropFirst(scheme.rawValue.count + 3)
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty, !authority.contains(where: { "/?#@ ".contains($0) }) else {
            throw fail("expected \(scheme.rawValue)://host:port with no path, query or user name")
        }
        let (host, portText) = try Self.split(authority, fail: fail)
        let hostIsValid = !host.isEmpty && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:".contains($0)) }
        guard hostIsValid else { throw fail("'\(host)' is not a valid host name or address") }
        guard host.utf8.count <= Self.maxHostBytes else { throw fail("the host name is longer than \(Self.maxHostBytes) characters") }
        guard let portText else {
            self.init(scheme: scheme, host: String(host), port: scheme.defaultPort)
            return
        }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = UInt16(portText), port > 0 else {
            throw fail("port must be a number from 1 to 65535, got '\(portText)'")
        }
        self.init(scheme: scheme, host: String(host), port: port)
    }

    /// "host:port" ("[::1]:7400" for IPv6), as messages and the Host header show it.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The URL in one canonical spelling: lower-case scheme, the port always written.
    public var description: String { "\(scheme.rawValue)://\(address)" }

    /// Whether the host can only mean this machine (see ``LoopbackHost``).
    public var isLoopback: Bool { LoopbackHost.contains(host) }

    /// Host and optional port text of an authority ("[::1]:7400", "node-a:80", "node-a").
    private static func split(
        _ authority: Substring, fail: (String) -> HTTPClientError
    ) throws(HTTPClientError) -> (Substring, Substring?) {
        guard authority.hasPrefix("[") else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            return (parts[0], parts.count > 1 ? parts[1] : nil)
        }
        guard let close = authority.firstIndex(of: "]") else { throw fail("unclosed '[' in IPv6 address") }
        let host = authority[authority.index(after: authority.startIndex)..<close]
        let rest = authority[authority.index(after: close)...]
        guard rest.isEmpty || rest.hasPrefix(":") else { throw fail("expected ':port' after the IPv6 address") }
        return (host, rest.isEmpty ? nil : rest.dropFirst())
    }
}
