#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 socket address, as getaddrinfo, accept and getsockname
/// produce it. Internal: the public API speaks in host strings and ports.
struct SocketAddress {
    private(set) var storage = sockaddr_storage()
    private(set) var length = socklen_t(MemoryLayout<sockaddr_storage>.size)

    var family: Int32 { Int32(storage.ss_family) }

    /// Every stream address for `host` and `port`, in the resolver's order.
    /// `passive` asks for addresses to bind to (an empty host means "any").
    static func resolve(host: String, port: UInt16, passive: Bool) throws(AddressResolutionError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &list)
        guard code == 0, let first = list else {
            let reason = code == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(code))
            throw AddressResolutionError(host: host, port: port, reason: reason)
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let raw = current.pointee.ai_addr {
                addresses.append(SocketAddress(copying: raw, length: current.pointee.ai_addrlen))
            }
            entry = current.pointee.ai_next
        }
        guard !addresses.isEmpty else {
            throw AddressResolutionError(host: host, port: port, reason: "no stream address found")
        }
        return addresses
    }

    /// The address a socket is bound to.
    static func local(of descriptor: Int32) throws(SystemError) -> SocketAddress {
        var address = SocketAddress()
        _ = try address.withMutableSockaddr { (pointer, length) throws(SystemError) in
            try SystemCall.run("getsockname") { getsockname(descriptor, pointer, length) }
        }
        return address
    }

    init() {}

    private init(copying raw: UnsafePointer<sockaddr>, length: socklen_t) {
        precondition(Int(length) <= MemoryLayout<sockaddr_storage>.size, "socket address longer than sockaddr_storage")
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: Int(length)))
        }
        self.length = length
    }

    /// Lets a system call write into this address (accept, getsockname).
    mutating func withMutableSockaddr<Result, Failure: Error>(
        _ body: (UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var written = socklen_t(MemoryLayout<sockaddr_storage>.size)
        defer { length = written }
        return try withUnsafeMutablePointer(to: &storage) { pointer throws(Failure) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(Failure) in
                try body(address, &written)
            }
        }
    }

    /// Calls `body` with this address as a `sockaddr` pointer (bind, connect).
    func withSockaddr<Result, Failure: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var copy = storage
        return try withUnsafePointer(to: &copy) { pointer throws(Failure) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(Failure) in
                try body(address, length)
            }
        }
    }

    /// The port in host byte order.
    var port: UInt16 {
        withUnsafeBytes(of: storage) { raw in
            switch family {
            case AF_INET: return UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port)
            case AF_INET6: return UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)
            default: return 0
            }
        }
    }

    /// "127.0.0.1:7400" or "[::1]:7400", for messages and logs.
    var description: String {
        var hostBuffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let code = withSockaddr { address, length in
            getnameinfo(address, length, &hostBuffer, socklen_t(hostBuffer.count), nil, 0, NI_NUMERICHOST)
        }
        guard code == 0 else { return "(unknown address)" }
        let host = String(decoding: hostBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return family == AF_INET6 ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whom a connection from this address counts against in the per-address limits and
    /// the refusal log: the IPv4 address ("10.0.0.7"), or for IPv6 its /64 prefix
    /// ("2001:db8:1:2::/64"), since one subscriber is handed a whole /64 and could
    /// otherwise appear as 2^64 clients. An IPv4-mapped IPv6 address counts as its IPv4 one.
    var clientKey: String {
        withUnsafeBytes(of: storage) { raw in
            switch family {
            case AF_INET:
                return Self.clientKey(addressBytes: withUnsafeBytes(of: raw.load(as: sockaddr_in.self).sin_addr) { Array($0) })
            case AF_INET6:
                return Self.clientKey(addressBytes: withUnsafeBytes(of: raw.load(as: sockaddr_in6.self).sin6_addr) { Array($0) })
            default:
                return "(unknown address)"
            }
        }
    }

    /// `clientKey` from the 4 or 16 address bytes in network order; pure, for tests.
    static func clientKey(addressBytes bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        precondition(bytes.count == 16, "an IP address has 4 or 16 bytes")
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
        if Array(bytes[0..<12]) == mappedPrefix { return clientKey(addressBytes: Array(bytes[12..<16])) }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
