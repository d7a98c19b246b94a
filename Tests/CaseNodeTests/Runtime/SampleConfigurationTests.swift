import Foundation
import XCTest
@testable import CaseNode

/// The sample configurations shipped in Cluster/sample are valid `casenode --config` files.
final class SampleConfigurationTests: XCTestCase {
    private var sampleDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Cluster/sample")
    }

    func testEverySampleConfigurationLoads() throws {
        let files = try XCTUnwrap(FileManager.default.enumerator(at: sampleDirectory, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        XCTAssertGreaterThanOrEqual(files.count, 12, "single-centre, province-hanoi and two-provinces")
        var ids: Set<String> = []
        for file in files {
            var configuration = NodeConfiguration()
            try configuration.apply(try NodeConfiguration.settings(fromFile: file.path), source: "\(file.lastPathComponent): ")
            XCTAssertTrue(ids.insert(configuration.id).inserted, "\(file.lastPathComponent): node ids are unique")
        }
    }

    func testTheProvinceSampleFormsOneClusterWhoseJoinAddressesAreMembers() throws {
        let configurations = try configurations(in: "province-hanoi")
        XCTAssertEqual(configurations.count, 5)
        checkOneCluster(configurations, clusterID: "hanoi")
        for configuration in configurations {
            XCTAssertNil(configuration.province, "\(configuration.id): one province, no province named")
            XCTAssertEqual(configuration.advertisedHTTPAddress, "https://\(configuration.id).hanoi.example:443", configuration.id)
        }
    }

    /// Two provinces in one cluster: every node names its province, and joins through
    /// members of both, so that it meets the cluster while either province's contacts are down.
    func testTheTwoProvinceSampleNamesEachProvinceAndJoinsThroughBoth() throws {
        let configurations = try configurations(in: "two-provinces")
        checkOneCluster(configurations, clusterID: "vietnam")
        let provinceOfPeer = Dictionary(uniqueKeysWithValues: configurations.map { ($0.advertisedPeerAddress ?? "", $0.province) })
        XCTAssertEqual(configurations.map { $0.province?.rawValue ?? "none" }.sorted(), ["01", "01", "01", "79", "79", "79"])
        for configuration in configurations {
            let domain = configuration.province?.rawValue == "01" ? "hanoi.example" : "hochiminh.example"
            XCTAssertEqual(configuration.advertisedHTTPAddress, "https://\(configuration.id).\(domain):443", configuration.id)
            XCTAssertEqual(Set(configuration.joinAddresses.compactMap { provinceOfPeer[$0] ?? nil }).count, 2, configuration.id)
        }
    }

    // MARK: - Helpers

    private func configurations(in sample: String) throws -> [NodeConfiguration] {
        let directory = sampleDirectory.appendingPathComponent(sample)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        return try files.map { file in
            var configuration = NodeConfiguration()
            try configuration.apply(try NodeConfiguration.settings(fromFile: directory.appendingPathComponent(file).path), source: "")
            return configuration
        }
    }

    /// One cluster id, every join address a member's advertised peer address, and plain
    /// HTTP on loopback only (admins reach each node through its TLS proxy).
    private func checkOneCluster(_ configurations: [NodeConfiguration], clusterID: String) {
        let advertised = Set(configurations.compactMap(\.advertisedPeerAddress))
        XCTAssertEqual(advertised.count, configurations.count)
        XCTAssertEqual(Set(configurations.map(\.clusterID)), [clusterID])
        for configuration in configurations {
            XCTAssertFalse(configuration.joinAddresses.isEmpty, configuration.id)
            XCTAssertTrue(Set(configuration.joinAddresses).isSubset(of: advertised), configuration.id)
            XCTAssertEqual(configuration.httpAddress.host, "127.0.0.1", configuration.id)
        }
    }
}
