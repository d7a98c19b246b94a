/// A peer address as members advertise it: "host:port", "[v6-address]:port".
struct PeerAddress: Equatable, Sendable, CustomStringConvertible {
    let host: String
    let port: UInt16

    init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Nil for text without a host, without a port in 1...65535, or with an
    /// IPv6 address not in brackets (its colons would be ambiguous).
    init?(_ text: String) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard !hostPart.contains(":") else { return nil }
        }
        guard !hostPart.isEmpty, !portPart.isEmpty, portPart.allSatisfy({ ("0"..."9").contains($0) }),
              let port = UInt16(portPart), port != 0 else { return nil }
        host = String(hostPart)
        self.port = port
    }

    var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
