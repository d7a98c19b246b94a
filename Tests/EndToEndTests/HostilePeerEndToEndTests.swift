import CaseNet
import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseReplication
import CaseWire
import CaseSystem

/// Garbage, oversized frames, another cluster, a stranger's key and old or future protocol versions on a real
/// node's peer port: each is refused, and the node keeps serving and replicating.
final class HostilePeerEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []

    override func tearDown() {
        nodes.forEach { $0.stop() }
    }

    private func start(_ id: String, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        var arguments = ["--cluster-id", "hostile"]
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, extraArguments: arguments)
        try node.start()
        nodes.append(node)
        return node
    }

    /// Sends `bytes` on a fresh peer connection and returns everything the node answers before it closes.
    private func exchange(_ bytes: [UInt8], with node: CasenodeProcess) throws -> [UInt8] {
        let connection = try TCPConnection.connect(host: "127.0.0.1", port: node.peerPort, timeoutMs: 5_000)
        defer { connection.close() }
        try connection.writeAll(bytes, timeoutMs: 5_000)
        var received: [UInt8] = []
        reading: while received.count < 65_536 {
            switch try connection.read(maxBytes: 4_096, timeoutMs: 10_000) {
            case .bytes(let chunk): received += chunk
            case .endOfStream, .timedOut: break reading
            }
        }
        return received
    }

    /// The messages in `bytes` (frames the node sent before closing).
    private func messages(in bytes: [UInt8]) throws -> [PeerMessage] {
        var decoder = FrameDecoder()
        try decoder.append(bytes)
        var result: [PeerMessage] = []
        while let frame = try decoder.nextFrame() { result.append(try PeerMessageCodec.decode(frame)) }
        return result
    }

    /// A hello as a stranger would send it: from version 2 on it names a key
    /// id (here of a key of its own) and a nonce.
    private func hello(cluster: String, versions: ClosedRange<UInt16>) -> [UInt8] {
        let keyed = versions.upperBound >= 2
        let hello = Hello(
            clusterID: cluster, nodeID: "intruder", minVersion: versions.lowerBound, maxVersion: versions.upperBound,
            keyID: keyed ? ClusterKey.generate().id : nil, nonce: keyed ? SecureRandom.bytes(count: 32) : [])
        return FrameEncoder.encode(PeerMessageCodec.encode(.hello(hello)))
    }

    func testHostilePeersAreRefusedAndTheNodeKeepsServingAndReplicating() throws {
        let n1 = try start("n1", joining: [])
        let n2 = try start("n2", joining: [n1])

        XCTAssertTrue(try exchange(Array("GET / HTTP/1.1\r\n\r\n".utf8), with: n1).isEmpty, "garbage: closed without an answer")
        var oversized = FrameEncoder.encode(PeerMessageCodec.encode(.hello(Hello(clusterID: "hostile", nodeID: "x", minVersion: 1, maxVersion: 1))))
        oversized.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0xF0])  // declared payload length: ~4 GiB
        XCTAssertTrue(try exchange(oversized, with: n1).isEmpty, "oversized length: closed before any allocation")

        let otherCluster = try messages(in: exchange(hello(cluster: "elsewhere", versions: 1...1), with: n1))
        guard case .refuse(let reason)? = otherCluster.first else { return XCTFail("another cluster is refused, got \(otherCluster)") }
        XCTAssertTrue(reason.contains("elsewhere"), reason)

        let plaintextBuild = try messages(in: exchange(hello(cluster: "hostile", versions: 1...1), with: n1))
        guard case .refuse(let oldReason)? = plaintextBuild.first else { return XCTFail("version 1 is refused, got \(plaintextBuild)") }
        XCTAssertTrue(oldReason.contains("do not overlap versions 2...2"), oldReason)

        let wrongKey = try messages(in: exchange(hello(cluster: "hostile", versions: 2...2), with: n1))
        guard case .refuse(let keyReason)? = wrongKey.first else { return XCTFail("a stranger's key is refused, got \(wrongKey)") }
        XCTAssertTrue(keyReason.contains("is not in the key file of n1") && keyReason.contains("--cluster-key"), keyReason)

        let future = try messages(in: exchange(hello(cluster: "hostile", versions: 900...901), with: n1))
        guard case .refuse(let versionReason)? = future.first else { return XCTFail("an unsupported version is refused, got \(future)") }
        XCTAssertTrue(versionReason.contains("900"), versionReason)

        let filed = try n1.client().json("POST", "/v1/dossiers", [
            "procedureCode": "1.001193", "applicant": ["fullName": "Võ Văn Kiệt", "idNumber": "001090012345"],
        ])
        XCTAssertEqual(filed.status, 201, "the node keeps serving")
        let code = try XCTUnwrap(filed.body["code"]?.stringValue)
        _ = eventually { (try? n2.client().json("GET", "/v1/dossiers/\(code)").status) == 200 }
        XCTAssertEqual(try n2.client().json("GET", "/v1/dossiers/\(code)").status, 200, "and keeps replicating")
    }
}
