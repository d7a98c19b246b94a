import CaseNet
import Foundation
import Synchronization
import XCTest
import CaseReplication
import CaseWire

/// A stand-in receiver for proxy tests: accepts connections on loopback,
/// keeps every byte received per connection, and echoes them back.
final class LoopbackUpstream: Sendable {
    let listener: TCPListener
    private let received = Mutex<[[UInt8]]>([])

    init() throws {
        listener = try TCPListener(host: "127.0.0.1", port: 0)
        let thread = Thread { [self] in
            while let connection = try? listener.accept() {
                let index = received.withLock { all in
                    all.append([])
                    return all.count - 1
                }
                let reader = Thread { [self] in
                    while case .bytes(let bytes)? = try? connection.read(maxBytes: 65_536, timeoutMs: 10_000) {
                        received.withLock { $0[index] += bytes }
                        try? connection.writeAll(bytes, timeoutMs: 1_000)
                    }
                    connection.close()
                }
                reader.start()
            }
        }
        thread.start()
    }

    deinit { listener.interrupt() }

    var port: UInt16 { listener.boundPort }

    /// Bytes received on each connection so far, in accept order.
    var connections: [[UInt8]] { received.withLock { $0 } }
}

/// A sender: connects to the proxy and opens with a casenode hello.
struct FakeSender {
    let connection: TCPConnection

    /// A version-2 hello as casenode sends it (key id and nonce fixed, so
    /// tests can compare bytes): the proxy must still read the node id.
    static func hello(from nodeID: String) -> [UInt8] {
        let hello = Hello(clusterID: "test", nodeID: nodeID, minVersion: 2, maxVersion: 2,
                          keyID: ClusterKeyID(bytes: Array(repeating: 0x1D, count: 8)), nonce: Array(repeating: 0x0C, count: 32))
        return FrameEncoder.encode(PeerMessageCodec.encode(.hello(hello)))
    }

    init(nodeID: String, proxyPort: UInt16) throws {
        connection = try TCPConnection.connect(host: "127.0.0.1", port: proxyPort, timeoutMs: 2_000)
        try connection.writeAll(Self.hello(from: nodeID), timeoutMs: 2_000)
    }

    func send(_ text: String) throws {
        try connection.writeAll(Array(text.utf8), timeoutMs: 2_000)
    }

    /// Reads until the peer closes or `count` bytes have come back.
    func readBack(count: Int, timeoutMs: Int = 10_000) -> (bytes: [UInt8], closed: Bool) {
        var bytes: [UInt8] = []
        let clock = MonotonicMillisecondsForTests()
        while bytes.count < count, clock.elapsedMs < timeoutMs {
            switch try? connection.read(maxBytes: 65_536, timeoutMs: 200) {
            case .bytes(let more)?: bytes += more
            case .timedOut?: continue
            case .endOfStream?, nil: return (bytes, true)
            }
        }
        return (bytes, false)
    }
}

struct MonotonicMillisecondsForTests {
    private let start = Date()
    var elapsedMs: Int { Int(Date().timeIntervalSince(start) * 1_000) }
}
