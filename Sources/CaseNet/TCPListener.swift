#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A listening TCP socket.
///
/// `accept` blocks until a connection arrives or `interrupt` is called from
/// another thread. Interruption goes through a pipe that accept also polls,
/// because closing a descriptor under a thread blocked on it neither wakes
/// that thread reliably on Linux nor is safe (the number may be reused).
public final class TCPListener: Sendable {
    /// Pending connections the kernel may queue before accept takes them.
    /// 128 matches the server's default connection limit: a burst of that
    /// many clients is queued rather than refused by the kernel.
    public static let defaultBacklog: Int32 = 128

    /// The port actually bound; the ephemeral one chosen when 0 was asked.
    public let boundPort: UInt16
    /// The bound address, e.g. "127.0.0.1:7400".
    public let boundAddress: String
    private let descriptor: Int32
    private let wakeReadDescriptor: Int32
    private let wakeWriteDescriptor: Int32
    private let isClosed = Mutex(false)

    /// Binds `host`:`port` (port 0 for an ephemeral port) with SO_REUSEADDR,
    /// so a restarted node can bind again while old connections linger in
    /// TIME_WAIT. Throws `AddressResolutionError` or `SystemError`.
    public init(host: String, port: UInt16, backlog: Int32 = TCPListener.defaultBacklog) throws {
        let address = try SocketAddress.resolve(host: host, port: port, passive: true)[0]
        let socketDescriptor = try SystemCall.run("socket") {
            socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        }
        var pipeEnds: [Int32] = [-1, -1]
        do {
            try Self.bindAndListen(socketDescriptor, to: address, backlog: backlog)
            _ = try SystemCall.run("pipe") { pipe(&pipeEnds) }
            for end in pipeEnds {
                try Self.setDescriptorFlags(end, status: O_NONBLOCK)
            }
            let local = try SocketAddress.local(of: socketDescriptor)
            boundPort = local.port
            boundAddress = local.description
        } catch {
            for end in [socketDescriptor] + pipeEnds where end >= 0 {
                _ = Glibc.close(end)
            }
            throw error
        }
        descriptor = socketDescriptor
        wakeReadDescriptor = pipeEnds[0]
        wakeWriteDescriptor = pipeEnds[1]
    }

    private static func bindAndListen(_ descriptor: Int32, to address: SocketAddress, backlog: Int32) throws(SystemError) {
        var enable: Int32 = 1
        _ = try SystemCall.run("setsockopt(SO_REUSEADDR)") {
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size))
        }
        _ = try address.withSockaddr { (pointer, length) throws(SystemError) in
            try SystemCall.run("bind \(address.description)") { bind(descriptor, pointer, length) }
        }
        _ = try SystemCall.run("listen on \(address.description)") { listen(descriptor, backlog) }
    }

    deinit {
        close()
    }

    /// The next connection, or nil once `interrupt` has been called (and on
    /// every call after that). Connections that vanish between the kernel's
    /// notice and accept are skipped.
    public func accept() throws(SystemError) -> TCPConnection? {
        while true {
            let outcome = try waitForActivity(alsoWatching: [], until: nil)
            if outcome.interrupted { return nil }
            if let connection = try acceptPending() { return connection }
        }
    }

    /// What `waitForActivity` saw.
    struct Activity {
        /// `interrupt` was called.
        let interrupted: Bool
        /// A connection is waiting to be accepted.
        let hasPendingConnection: Bool
        /// The `revents` of each extra descriptor, in the order given.
        let watched: [Int16]
    }

    /// Waits until a connection arrives, `interrupt` is called, one of `descriptors` is
    /// readable (or closed), or `deadline` passes; lets one thread watch the listener and
    /// connections that have not spoken yet together (`ConnectionGate`).
    func waitForActivity(alsoWatching descriptors: [Int32], until deadline: Deadline?) throws(SystemError) -> Activity {
        let events = try SystemCall.poll(
            [(wakeReadDescriptor, Int16(POLLIN)), (descriptor, Int16(POLLIN))] + descriptors.map { ($0, Int16(POLLIN)) },
            until: deadline)
        return Activity(interrupted: events[0] != 0, hasPendingConnection: events[1] != 0, watched: Array(events.dropFirst(2)))
    }

    /// A connection the kernel has already completed, or nil if none is waiting (or the
    /// one waiting vanished before it could be taken). Never blocks.
    func acceptPending() throws(SystemError) -> TCPConnection? {
        var peer = SocketAddress()
        let accepted: Int32?
        do throws(SystemError) {
            accepted = try peer.withMutableSockaddr { (pointer, length) throws(SystemError) in
                try SystemCall.runNonBlocking("accept on \(boundAddress)") {
                    Glibc.accept(descriptor, pointer, length)
                }
            }
        } catch where error.errno == ECONNABORTED {
            return nil
        }
        guard let accepted else { return nil }
        do throws(SystemError) {
            // accept4 is not visible from Swift's Glibc module; set the
            // flags straight after instead. Nothing here forks meanwhile.
            try Self.setDescriptorFlags(accepted, status: 0)
            return try TCPConnection(adopting: accepted, remote: peer)
        } catch {
            _ = Glibc.close(accepted)
            if error.isDisconnect { return nil }
            throw error
        }
    }

    /// Sets close-on-exec (so a spawned process never inherits a socket) and
    /// the given extra status flags.
    private static func setDescriptorFlags(_ descriptor: Int32, status: Int32) throws(SystemError) {
        _ = try SystemCall.run("fcntl(F_SETFD)") { fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        guard status != 0 else { return }
        let flags = try SystemCall.run("fcntl(F_GETFL)") { fcntl(descriptor, F_GETFL) }
        _ = try SystemCall.run("fcntl(F_SETFL)") { fcntl(descriptor, F_SETFL, flags | status) }
    }

    /// Makes a blocked or future `accept` return nil. Safe from any thread.
    public func interrupt() {
        isClosed.withLock { closed in
            guard !closed else { return }
            var byte: UInt8 = 1
            // A full pipe already holds a wake-up; nothing more is needed.
            _ = write(wakeWriteDescriptor, &byte, 1)
        }
    }

    /// Releases the socket. Call only after the thread using `accept` has
    /// stopped (see `interrupt`). Idempotent.
    public func close() {
        isClosed.withLock { closed in
            guard !closed else { return }
            closed = true
            _ = Glibc.close(descriptor)
            _ = Glibc.close(wakeReadDescriptor)
            _ = Glibc.close(wakeWriteDescriptor)
        }
    }
}
