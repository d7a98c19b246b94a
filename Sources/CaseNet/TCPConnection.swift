#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One connected TCP socket, byte-level, used by the HTTP server and client
/// and meant to carry the binary peer protocol too.
///
/// The socket is non-blocking underneath; every read and write waits with
/// poll() under a time limit, so no peer can hold a thread forever.
///
/// Threading: one owner thread reads, writes and closes. `shutdown` may be
/// called from any other thread to wake the owner (a blocked read then sees
/// the end of the stream); it is a no-op once the owner has closed.
public final class TCPConnection: Sendable {
    /// What a read produced.
    public enum ReadResult: Equatable, Sendable {
        /// At least one byte.
        case bytes([UInt8])
        /// The peer closed its side (or this side was shut down for reading).
        case endOfStream
        /// Nothing arrived within the time limit.
        case timedOut
    }

    /// Which direction(s) `shutdown` closes.
    public enum ShutdownDirection: Sendable {
        case read, write, both
    }

    /// Largest single read. 1 MiB keeps one read's buffer bounded however
    /// large a caller's own limit is.
    public static let maxReadBytes = 1 << 20

    /// The peer's address, "127.0.0.1:51234" or "[::1]:51234", for logs.
    public let remoteAddress: String
    /// Whom the peer counts as in per-address limits and throttled logs: its IPv4
    /// address without the port, or its IPv6 /64 (`SocketAddress.clientKey`).
    public let remoteHost: String
    /// Read by the owner thread only, to poll it along with others (`ConnectionGate`).
    let descriptor: Int32
    private let isClosed = Mutex(false)

    /// Takes ownership of a connected socket; makes it non-blocking and turns
    /// off Nagle's algorithm, since requests and replies are written whole and
    /// waiting to coalesce them only adds latency.
    init(adopting descriptor: Int32, remote: SocketAddress) throws(SystemError) {
        self.descriptor = descriptor
        remoteAddress = remote.description
        remoteHost = remote.clientKey
        let flags = try SystemCall.run("fcntl(F_GETFL)") { fcntl(descriptor, F_GETFL) }
        _ = try SystemCall.run("fcntl(F_SETFL)") { fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
        var enable: Int32 = 1
        _ = try SystemCall.run("setsockopt(TCP_NODELAY)") {
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &enable, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    deinit {
        close()
    }

    /// Connects to `host`:`port`, trying each resolved address in turn until
    /// one answers or `timeoutMs` has passed overall.
    /// Throws `AddressResolutionError` or `SystemError` (operation
    /// "connect to host:port"; errno ETIMEDOUT when the time ran out).
    public static func connect(host: String, port: UInt16, timeoutMs: Int) throws -> TCPConnection {
        let deadline = Deadline.after(ms: timeoutMs)
        var lastError = SystemError(errno: ETIMEDOUT, operation: "connect to \(host):\(port)")
        for address in try SocketAddress.resolve(host: host, port: port, passive: false) {
            do {
                return try connect(to: address, deadline: deadline)
            } catch {
                lastError = error
                if deadline.hasPassed { break }
            }
        }
        throw lastError
    }

    private static func connect(to address: SocketAddress, deadline: Deadline) throws(SystemError) -> TCPConnection {
        let operation = "connect to \(address.description)"
        let descriptor = try SystemCall.run("socket") {
            socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        }
        do {
            do throws(SystemError) {
                _ = try address.withSockaddr { (pointer, length) throws(SystemError) in
                    try SystemCall.run(operation) { Glibc.connect(descriptor, pointer, length) }
                }
            } catch where error.errno == EINPROGRESS {
                // The normal case for a non-blocking socket: wait for it.
                try finishConnect(descriptor, operation: operation, deadline: deadline)
            }
            return try TCPConnection(adopting: descriptor, remote: address)
        } catch {
            _ = Glibc.close(descriptor)
            throw error
        }
    }

    /// Waits for a non-blocking connect in progress (EINPROGRESS) to finish.
    private static func finishConnect(_ descriptor: Int32, operation: String, deadline: Deadline) throws(SystemError) {
        let events = try SystemCall.poll([(descriptor, Int16(POLLOUT))], until: deadline)
        guard events[0] != 0 else { throw SystemError(errno: ETIMEDOUT, operation: operation) }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try SystemCall.run("getsockopt(SO_ERROR)") {
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
        }
        guard socketError == 0 else { throw SystemError(errno: socketError, operation: operation) }
    }

    /// Reads up to `maxBytes` (at most `maxReadBytes`), waiting at most
    /// `timeoutMs` for the first byte.
    public func read(maxBytes: Int, timeoutMs: Int) throws(SystemError) -> ReadResult {
        precondition(maxBytes > 0 && maxBytes <= Self.maxReadBytes, "read size \(maxBytes) outside 1...\(Self.maxReadBytes)")
        let deadline = Deadline.after(ms: timeoutMs)
        while true {
            var outcome: Result<Int?, SystemError> = .success(nil)
            let buffer = [UInt8](unsafeUninitializedCapacity: maxBytes) { raw, count in
                outcome = Result { () throws(SystemError) in
                    try SystemCall.runNonBlocking("recv from \(remoteAddress)") {
                        recv(descriptor, raw.baseAddress, maxBytes, 0)
                    }
                }
                count = (try? outcome.get()).flatMap { $0 } ?? 0
            }
            switch try outcome.get() {
            case .some(0): return .endOfStream
            case .some: return .bytes(buffer)
            case .none: break  // nothing waiting yet
            }
            let events = try SystemCall.poll([(descriptor, Int16(POLLIN))], until: deadline)
            if events[0] == 0 { return .timedOut }
        }
    }

    /// Writes every byte, looping over short writes, within `timeoutMs`
    /// overall. Uses MSG_NOSIGNAL so a vanished peer is an error, not SIGPIPE.
    public func writeAll(_ bytes: [UInt8], timeoutMs: Int) throws(SystemError) {
        let deadline = Deadline.after(ms: timeoutMs)
        var offset = 0
        while offset < bytes.count {
            let sent = try SystemCall.runNonBlocking("send to \(remoteAddress)") {
                bytes.withUnsafeBytes { raw in
                    send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                }
            }
            if let sent {
                offset += sent
                continue
            }
            let events = try SystemCall.poll([(descriptor, Int16(POLLOUT))], until: deadline)
            if events[0] == 0 { throw SystemError(errno: ETIMEDOUT, operation: "send to \(remoteAddress)") }
        }
    }

    /// Whether a read would return at once: bytes are waiting or the peer has
    /// closed. On a connection that should be idle (a kept-alive HTTP client
    /// connection) either means it can no longer be used for a new request.
    public func isReadableNow() -> Bool {
        let events = (try? SystemCall.poll([(descriptor, Int16(POLLIN))], until: .after(ms: 0))) ?? [Int16(POLLERR)]
        return events[0] != 0
    }

    /// Closes one or both directions without releasing the descriptor. Safe
    /// from any thread; ignored after `close`.
    public func shutdown(_ direction: ShutdownDirection) {
        isClosed.withLock { closed in
            guard !closed else { return }
            let how: Int32 = switch direction {
            case .read: Int32(SHUT_RD)
            case .write: Int32(SHUT_WR)
            case .both: Int32(SHUT_RDWR)
            }
            // ENOTCONN only says the peer already went away; nothing to do.
            _ = Glibc.shutdown(descriptor, how)
        }
    }

    /// Releases the descriptor. Idempotent.
    public func close() {
        isClosed.withLock { closed in
            guard !closed else { return }
            closed = true
            // Linux releases the descriptor even when close reports EINTR or
            // EIO, so it must not be retried: the number may be reused already.
            _ = Glibc.close(descriptor)
        }
    }
}
