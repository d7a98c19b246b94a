import XCTest
@testable import CaseNode
import CaseReplication

/// The replication settings of casenode: defaults, flags, and out-of-range values refused.
final class ReplicationSettingsTests: XCTestCase {
    func testDefaultsAreTheDocumentedOnes() {
        let configuration = NodeConfiguration()
        XCTAssertEqual(configuration.clusterID, "casestore")
        XCTAssertEqual(configuration.peerAddress.description, "127.0.0.1:7401")
        XCTAssertEqual(configuration.replication, ReplicationConfiguration())
        XCTAssertEqual(configuration.replication.probeIntervalMs, 1_000)
        XCTAssertEqual(configuration.replication.syncIntervalMs, 1_000)
        XCTAssertEqual(configuration.replication.pushFanout, 3)
        XCTAssertEqual(configuration.replication.maxBatchEvents, 500)
    }

    func testSettingsApply() throws {
        var configuration = NodeConfiguration()
        try configuration.apply([
            "cluster-id": "hanoi", "peer": "0.0.0.0:9401", "advertise-peer": "ba-dinh.example:9401",
            "join": "a.example:7401, b.example:7401", "probe-interval-ms": "2000", "sync-interval-ms": "250",
            "push-fanout": "0", "batch-events": "100",
        ], source: "--")
        XCTAssertEqual(configuration.clusterID, "hanoi")
        XCTAssertEqual(configuration.peerAddress, ListenAddress(host: "0.0.0.0", port: 9401))
        XCTAssertEqual(configuration.advertisedPeerAddress, "ba-dinh.example:9401")
        XCTAssertEqual(configuration.joinAddresses, ["a.example:7401", "b.example:7401"])
        XCTAssertEqual(configuration.replication.probeIntervalMs, 2_000)
        XCTAssertEqual(configuration.replication.probeTimeoutMs, 1_000)
        XCTAssertEqual(configuration.replication.syncIntervalMs, 250)
        XCTAssertEqual(configuration.replication.pushFanout, 0)
        XCTAssertEqual(configuration.replication.maxBatchEvents, 100)
    }

    func testOutOfRangeValuesAreRefusedNamingTheSetting() {
        let cases: [(String, String)] = [
            ("probe-interval-ms", "5"), ("sync-interval-ms", "x"), ("push-fanout", "99"), ("batch-events", "0"),
            ("join", "nowhere"), ("cluster-id", "two words"),
        ]
        for (name, value) in cases {
            var configuration = NodeConfiguration()
            XCTAssertThrowsError(try configuration.apply([name: value], source: "--"), name) { error in
                XCTAssertTrue("\(error)".contains(name), "\(error) names \(name)")
            }
        }
    }
}
