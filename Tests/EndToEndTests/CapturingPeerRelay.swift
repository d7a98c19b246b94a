import CaseNet
import Foundation
import Synchronization

/// A TCP relay in front of one node's peer port that keeps a copy of every
/// byte in both directions: what an eavesdropper on the path sees. The node
/// advertises the relay's address, so every peer reaches it through here.
final class CapturingPeerRelay: Sendable {
    private let listener: TCPListener
    private let upstreamPort = Mutex<UInt16>(0)
    private let captured = Mutex<[UInt8]>([])
    private let connections = Mutex<[TCPConnection]>([])

    init() throws {
        listener = try TCPListener(host: "127.0.0.1", port: 0)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var address: String { "127.0.0.1:\(listener.boundPort)" }

    /// Where to forward new connections: the node's real peer port, known once it started.
    func setUpstream(port: UInt16) {
        upstreamPort.withLock { $0 = port }
    }

    /// Every byte relayed so far.
    var capture: [UInt8] { captured.withLock { $0 } }

    func stop() {
        listener.interrupt()
        for connection in connections.withLock({ $0 }) { connection.shutdown(.both) }
    }

    private func acceptLoop() {
        defer { listener.close() }
        while let inbound = try? listener.accept() {
            let port = upstreamPort.withLock { $0 }
            guard port != 0, let outbound = try? TCPConnection.connect(host: "127.0.0.1", port: port, timeoutMs: 5_000) else {
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
            while case .bytes(let bytes)? = try? source.read(maxBytes: 65_536, timeoutMs: 120_000) {
                captured.withLock { $0 += bytes }
                guard (try? destination.writeAll(bytes, timeoutMs: 5_000)) != nil else { break }
            }
            destination.shutdown(.write)
        }
        thread.start()
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
