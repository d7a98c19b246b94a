#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Client addresses written as text (a setting, a proxy's `X-Forwarded-For`), turned into the
/// key the per-address limits count by (`SocketAddress.clientKey`: the IPv4 address, or the
/// IPv6 /64), so a client behind a proxy counts as it would have without one.
public enum ClientAddress {
    /// Longer than any IPv6 literal (45 characters); anything longer is not an address.
    static let maxLiteralLength = 64

    /// The key of an IPv4 or IPv6 address literal ("10.0.0.7", "2001:db8::1", in brackets or
    /// not); nil when `text` is not one (a host name, a port, garbage).
    public static func key(ofLiteral text: String) -> String? {
        var literal = Substring(text)
        guard literal.utf8.count <= maxLiteralLength else { return nil }
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(literal), &v4) == 1 {
            return SocketAddress.clientKey(addressBytes: withUnsafeBytes(of: &v4) { Array($0) })
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, String(literal), &v6) == 1 {
            return SocketAddress.clientKey(addressBytes: withUnsafeBytes(of: &v6) { Array($0) })
        }
        return nil
    }

    /// The key of the client a proxy says it served: the last entry of the last
    /// `X-Forwarded-For` header, the one the proxy itself added (earlier entries are whatever
    /// the client claimed). Nil when there is none or it is not an address literal.
    public static func forwardedKey(_ headers: HTTPHeaders) -> String? {
        guard let header = headers.values(for: "X-Forwarded-For").last,
              let last = header.split(separator: ",", omittingEmptySubsequences: false).last else { return nil }
        return key(ofLiteral: last.trimmingCharacters(in: " \t"))
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
