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
        XCTAssertGreaterThanOrEqual(files.count, 6)
        var ids: Set<String> = []
        for file in files {
            var configuration = NodeConfiguration()
            try configuration.apply(try NodeConfiguration.settings(fromFile: file.path), source: "\(file.lastPathComponent): ")
            XCTAssertTrue(ids.insert(configuration.id).inserted, "\(file.lastPathComponent): node ids are unique")
        }
    }

    func testTheProvinceSampleFormsOneClusterWhoseJoinAddressesAreMembers() throws {
        let directory = sampleDirectory.appendingPathComponent("province-hanoi")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        var configurations: [NodeConfiguration] = []
        for file in files {
            var configuration = NodeConfiguration()
            try configuration.apply(try NodeConfiguration.settings(fromFile: directory.appendingPathComponent(file).path), source: "")
            configurations.append(configuration)
        }
        let advertised = Set(configurations.compactMap(\.advertisedPeerAddress))
        XCTAssertEqual(advertised.count, configurations.count)
        XCTAssertEqual(Set(configurations.map(\.clusterID)), ["hanoi"])
        for configuration in configurations {
            XCTAssertFalse(configuration.joinAddresses.isEmpty, configuration.id)
            XCTAssertTrue(Set(configuration.joinAddresses).isSubset(of: advertised), configuration.id)
            // Plain HTTP stays on the machine; admins reach the node through its TLS proxy.
            XCTAssertEqual(configuration.httpAddress.host, "127.0.0.1", configuration.id)
            XCTAssertEqual(configuration.advertisedHTTPAddress, "https://\(configuration.id).hanoi.example:443", configuration.id)
        }
    }
}
