import CaseNet
import Foundation
import Synchronization

/// A TCP relay on loopback in front of a peer port that keeps a copy of every byte in
/// both directions: what an eavesdropper on the path between two nodes would see. A node
/// can advertise the relay's address, so that every peer reaches it through here.
public final class CapturingRelay: Sendable {
    /// Connecting to the upstream and writing to either side happen on loopback: seconds
    /// mean the other side is gone.
    static let connectTimeoutMs = 5_000
    static let writeTimeoutMs = 5_000
    /// Peer connections may stay quiet for as long as a test lasts; a relay thread waits that long.
    static let idleReadTimeoutMs = 120_000

    private let listener: TCPListener
    private let upstreamPort: Mutex<UInt16>
    private let captured = Mutex<[UInt8]>([])
    private let connections = Mutex<[TCPConnection]>([])

    /// A relay to `upstreamPort` on 127.0.0.1; 0 when it is known only later (a node's
    /// peer port once it started), to be given with `setUpstream`.
    public init(upstreamPort: UInt16 = 0) throws {
        self.upstreamPort = Mutex(upstreamPort)
        listener = try TCPListener(host: "127.0.0.1", port: 0)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public var address: String { "127.0.0.1:\(listener.boundPort)" }

    /// Where to forward new connections from now on.
    public func setUpstream(port: UInt16) {
        upstreamPort.withLock { $0 = port }
    }

    /// Every byte relayed so far, both directions interleaved.
    public var capture: [UInt8] { captured.withLock { $0 } }

    public func stop() {
        listener.interrupt()
        for connection in connections.withLock({ $0 }) { connection.shutdown(.both) }
    }

    private func acceptLoop() {
        defer { listener.close() }
        while let inbound = try? listener.accept() {
            let port = upstreamPort.withLock { $0 }
            guard port != 0, let outbound = try? TCPConnection.connect(host: "127.0.0.1", port: port, timeoutMs: Self.connectTimeoutMs) else {
                inbound.close()
                continue
            }
            connections.withLock { $0 += [inbound, outbound] }
            pump(from: inbound, to: outbound)
            pump(from: outbound, to: inbound)
        }
    }

    private func pump(from source: TCPConnection, to destination: TCPConnection) {
        let thread = Thread { [self] in
            while case .bytes(let bytes)? = try? source.read(maxBytes: 65_536, timeoutMs: Self.idleReadTimeoutMs) {
                captured.withLock { $0 += bytes }
                guard (try? destination.writeAll(bytes, timeoutMs: Self.writeTimeoutMs)) != nil else { break }
            }
            destination.shutdown(.write)
        }
        thread.start()
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in these bytes.
    public func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<start + needle.count].elementsEqual(needle) }
    }
}
