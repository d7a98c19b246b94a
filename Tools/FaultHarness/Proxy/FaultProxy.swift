import CaseNet
import Foundation
import Synchronization

/// A TCP proxy on loopback that stands in front of one casenode's peer port
/// and applies faults per directed link, changeable at run time.
///
/// Addressing: a node advertises ONE peer address, and membership gossip
/// hands that address to every other node, so there cannot be one listening
/// port per (sender, receiver) pair. Instead each receiver B gets one proxy
/// P(B) (B is started with `--advertise-peer` = P(B)'s address and the
/// others `--join` through it), and the proxy tells senders apart by the
/// hello that opens every peer connection. Since after the hello all bytes
/// on a connection flow from its opener to B, "the link A → B" is exactly
/// "connections to P(B) whose hello names A". One-way faults follow: cut
/// A → B at P(B) and leave B → A at P(A) alone.
///
/// Threads: one accepts; each proxied connection has two pump threads (one
/// per direction). All of them end on `stop`.
public final class FaultProxy: Sendable {
    /// The address senders connect to, "127.0.0.1:PORT".
    public let listenAddress: String
    public let listenPort: UInt16
    /// A name for log lines, e.g. the receiver's node id.
    public let name: String
    private let listener: TCPListener
    private let state: Mutex<State>
    private let threads = DispatchGroup()
    private let log: @Sendable (String) -> Void

    /// Most connections proxied at once. Five nodes open at most a handful of
    /// connections to each other; 256 leaves room for reconnect churn while a
    /// runaway client cannot make the proxy spawn threads without bound.
    public static let maxConnections = 256
    /// How long a new connection may take to send its hello.
    public static let helloTimeoutMs = 5_000
    /// How long connecting to the receiver may take.
    public static let upstreamConnectTimeoutMs = 2_000
    /// Pump threads wake this often to notice mode changes and `stop`.
    static let pollIntervalMs = 100
    /// Largest chunk moved per read; peer batches are bounded at 1 MiB, so
    /// 64 KiB chunks keep memory small without many more system calls.
    static let chunkBytes = 64 * 1024

    private struct State {
        var upstream: (host: String, port: UInt16)?
        var defaultMode = LinkMode.pass
        var modes: [String: LinkMode] = [:]
        var connections: [Int: ProxiedConnection] = [:]
        var nextConnectionID = 0
        var counters = FaultProxyCounters()
        var isRunning = false
        var isStopped = false
    }

    /// Binds 127.0.0.1:`listenPort` (0 for an ephemeral port). The upstream
    /// (the receiver's real peer address) may be set now or later, and moved
    /// when the receiver restarts on another port.
    public init(
        name: String, listenPort: UInt16 = 0, upstream: (host: String, port: UInt16)? = nil,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        self.name = name
        self.log = log
        listener = try TCPListener(host: "127.0.0.1", port: listenPort)
        self.listenPort = listener.boundPort
        listenAddress = listener.boundAddress
        var initial = State()
        initial.upstream = upstream
        state = Mutex(initial)
    }

    deinit {
        stop()
    }

    /// Starts accepting. Call once.
    public func start() {
        let first = state.withLock { state -> Bool in
            guard !state.isRunning, !state.isStopped else { return false }
            state.isRunning = true
            return true
        }
        precondition(first, "FaultProxy.start may be called once, before stop")
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop()
            threads.leave()
        }
        thread.name = "faultproxy-\(name)-accept"
        thread.start()
    }

    /// Where new connections are forwarded; existing ones keep their target.
    public func setUpstream(host: String, port: UInt16) {
        state.withLock { $0.upstream = (host, port) }
    }

    /// Sets the mode of the link from `sender` (a node id), or of every
    /// sender without a mode of its own when `sender` is nil. Applies at once
    /// to live connections too (except `refuse`, which only turns new ones
    /// away: combine it with `resetConnections` to cut a link outright).
    public func setMode(_ mode: LinkMode, from sender: String? = nil) {
        if case .delay(let ms) = mode {
            precondition((0...LinkMode.maxDelayMs).contains(ms), "delay \(ms) ms outside 0...\(LinkMode.maxDelayMs)")
        }
        state.withLock { state in
            if let sender { state.modes[sender] = mode } else { state.defaultMode = mode }
        }
    }

    /// Every sender back to `pass`.
    public func clearModes() {
        state.withLock { state in
            state.modes = [:]
            state.defaultMode = .pass
        }
    }

    /// The mode that applies to `sender` now.
    public func mode(from sender: String?) -> LinkMode {
        state.withLock { state in Self.mode(for: sender, in: state) }
    }

    private static func mode(for sender: String?, in state: State) -> LinkMode {
        sender.flatMap { state.modes[$0] } ?? state.defaultMode
    }

    /// Closes the live connections from `sender` (every one when nil), as a
    /// link that breaks under load does. Returns how many were closed.
    @discardableResult
    public func resetConnections(from sender: String? = nil) -> Int {
        let victims: [ProxiedConnection] = state.withLock { state in
            let chosen = state.connections.values.filter { sender == nil || $0.sender == sender }
            state.counters.connectionsReset += chosen.count
            return chosen
        }
        for connection in victims { connection.breakBoth() }
        return victims.count
    }

    /// Connections proxied now.
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    public var counters: FaultProxyCounters { state.withLock { $0.counters } }

    /// Stops accepting, closes every connection and waits (up to 5 s) for the
    /// threads. Idempotent.
    public func stop() {
        let connections: [ProxiedConnection] = state.withLock { state in
            state.isStopped = true
            return Array(state.connections.values)
        }
        listener.interrupt()
        for connection in connections { connection.breakBoth() }
        _ = threads.wait(timeout: .now() + .seconds(5))
    }

    var isStopped: Bool { state.withLock { $0.isStopped } }

    // MARK: - Accepting

    private func acceptLoop() {
        defer { listener.close() }
        while true {
            let accepted: TCPConnection?
            do {
                accepted = try listener.accept()
            } catch {
                log("faultproxy \(name): accept failed: \(error)")
                usleep(100_000)
                continue
            }
            guard let client = accepted else { return }
            let id: Int? = state.withLock { state in
                guard !state.isStopped, state.connections.count < Self.maxConnections else {
                    state.counters.connectionsRefused += 1
                    return nil
                }
                state.counters.connectionsAccepted += 1
                state.nextConnectionID += 1
                return state.nextConnectionID
            }
            guard let id else {
                client.close()
                continue
            }
            threads.enter()
            let thread = Thread { [self] in
                serve(client, id: id)
                threads.leave()
            }
            thread.name = "faultproxy-\(name)-\(id)"
            thread.start()
        }
    }

    /// Learns the sender, applies `refuse`, connects upstream and pumps.
    private func serve(_ client: TCPConnection, id: Int) {
        defer { client.close() }
        guard let (sender, opening) = HelloSniffer.sniff(client, timeoutMs: Self.helloTimeoutMs) else { return }
        let (mode, upstream) = state.withLock { state in (Self.mode(for: sender, in: state), state.upstream) }
        guard mode != .refuse, let upstream,
              let server = try? TCPConnection.connect(host: upstream.host, port: upstream.port, timeoutMs: Self.upstreamConnectTimeoutMs) else {
            state.withLock { $0.counters.connectionsRefused += 1 }
            return
        }
        defer { server.close() }
        let proxied = ProxiedConnection(sender: sender, client: client, server: server)
        let registered = state.withLock { state -> Bool in
            guard !state.isStopped else { return false }
            state.connections[id] = proxied
            return true
        }
        guard registered else { return }
        defer { _ = state.withLock { $0.connections.removeValue(forKey: id) } }
        let pending = opening
        threads.enter()
        let reverse = Thread { [self] in
            pump(from: server, to: client, connection: proxied, pending: [])
            threads.leave()
        }
        reverse.name = "faultproxy-\(name)-\(id)-back"
        reverse.start()
        pump(from: client, to: server, connection: proxied, pending: pending)
        proxied.waitForReverse()
    }

    /// Moves bytes one way until either side ends, obeying the sender's mode
    /// chunk by chunk. A connection that has lost bytes to a black hole is
    /// broken when its link heals: its byte stream has a hole in it.
    private func pump(from source: TCPConnection, to target: TCPConnection, connection: ProxiedConnection, pending: [UInt8]) {
        defer {
            connection.breakBoth()
            if source === connection.server { connection.reverseFinished() }
        }
        var chunk = pending
        while !isStopped {
            if chunk.isEmpty {
                switch try? source.read(maxBytes: Self.chunkBytes, timeoutMs: Self.pollIntervalMs) {
                case .bytes(let bytes)?: chunk = bytes
                case .timedOut?: continue
                case .endOfStream?, nil: return
                }
            }
            let mode = self.mode(from: connection.sender)
            if mode == .blackHole {
                connection.taint()
                state.withLock { $0.counters.bytesDropped += chunk.count }
                chunk = []
                continue
            }
            if case .delay(let ms) = mode { usleep(UInt32(ms) * 1_000) }
            if connection.isTainted { return }
            guard (try? target.writeAll(chunk, timeoutMs: Self.helloTimeoutMs)) != nil else { return }
            state.withLock { $0.counters.bytesForwarded += chunk.count }
            chunk = []
        }
    }
}
