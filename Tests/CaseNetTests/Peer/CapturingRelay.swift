import Foundation
import XCTest
@testable import CaseNet

/// A TCP relay on loopback that forwards every connection to `upstream`
/// and keeps a copy of every byte in both directions: what an eavesdropper
/// on the path between two nodes would see.
final class CapturingRelay: Sendable {
    private let listener: TCPListener
    private let upstreamPort: UInt16
    private let captured = Locked<[UInt8]>([])
    private let connections = Locked<[TCPConnection]>([])

    init(upstreamPort: UInt16) throws {
        self.upstreamPort = upstreamPort
        listener = try TCPListener(host: "127.0.0.1", port: 0)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var address: String { "127.0.0.1:\(listener.boundPort)" }

    /// Every byte relayed so far, both directions interleaved.
    var capture: [UInt8] { captured.value }

    func stop() {
        listener.interrupt()
        for connection in connections.value { connection.shutdown(.both) }
    }

    private func acceptLoop() {
        defer { listener.close() }
        while let inbound = try? listener.accept() {
            guard let outbound = try? TCPConnection.connect(host: "127.0.0.1", port: upstreamPort, timeoutMs: 5_000) else {
                inbound.close()
                continue
            }
            connections.withLock { $0 += [inbound, outbound] }
            pump(from: inbound, to: outbound)
            pump(from: outbound, to: inbound)
        }
    }

    private func pump(from source: TCPConnection, to destination: TCPConnection) {
        let thread = Thread { [captured] in
            while case .bytes(let bytes)? = try? source.read(maxBytes: 65_536, timeoutMs: 60_000) {
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
        return (0...(count - needle.count)).contains { start in self[start..<start + needle.count].elementsEqual(needle) }
    }
}
