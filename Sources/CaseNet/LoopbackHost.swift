/// Which host names and address literals can only mean this machine: `localhost`, an IPv4
/// address in 127.0.0.0/8, and the IPv6 loopback address `::1` (RFC 4291 §2.5.3) in any
/// of its spellings.
///
/// Only canonical literals count. Spellings that the resolver also reads as loopback but
/// that look like something else — the shorthand `127.1`, octal `0177.0.0.1`, hexadecimal
/// `0x7f.0.0.1`, IPv4-mapped `::ffff:127.0.0.1`, `localhost.` — are treated as remote
/// hosts: this rule decides where a secret may travel in clear, so when in doubt it says no.
public enum LoopbackHost {
    public static func contains(_ host: String) -> Bool {
        host.lowercased() == "localhost" || isIPv4Loopback(host) || isIPv6Loopback(host)
    }

    /// Four decimal octets (no leading zeros, each at most 255), the first 127.
    static func isIPv4Loopback(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        let values = octets.map { octet -> Int? in
            guard (1...3).contains(octet.count), octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                  octet == "0" || !octet.hasPrefix("0") else { return nil }
            return Int(octet).flatMap { $0 <= 255 ? $0 : nil }
        }
        return values.allSatisfy { $0 != nil } && values[0] == 127
    }

    /// Eight groups of one to four hex digits, or fewer with one "::" standing for the
    /// missing zero groups, whose value is 1.
    static func isIPv6Loopback(_ host: String) -> Bool {
        guard let groups = ipv6Groups(host) else { return false }
        return groups == [0, 0, 0, 0, 0, 0, 0, 1]
    }

    /// The eight 16-bit groups of an IPv6 literal without an embedded IPv4 part, or nil.
    private static func ipv6Groups(_ text: String) -> [UInt16]? {
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0]) else { return nil }
        guard halves.count == 2 else { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    /// "1:0:ab" → [1, 0, 0xab]; "" → [] (one side of a "::").
    private static func groups(_ text: Substring) -> [UInt16]? {
        guard !text.isEmpty else { return [] }
        var result: [UInt16] = []
        for group in text.split(separator: ":", omittingEmptySubsequences: false) {
            guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), let value = UInt16(group, radix: 16) else { return nil }
            result.append(value)
        }
        return result
    }
}
