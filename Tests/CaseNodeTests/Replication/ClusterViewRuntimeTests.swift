import CaseNet
import Foundation
import XCTest
@testable import CaseNode
import CaseSupport

/// `GET /v1/cluster` and `/healthz` of a running node show its display name, dossier count, clock and
/// the API address it advertises and vouches for.
final class ClusterViewRuntimeTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "casestore-clusterview-\(UUID().uuidString)"
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    func testTheClusterViewShowsNameDossierCountWhenItWasTakenAndTheVouchedAddress() throws {
        var configuration = NodeConfiguration()
        try configuration.apply(
            ["id": "n1", "name": "Xã Phước Long".decomposedStringWithCanonicalMapping, "cluster-id": "views",
             "data": directory, "http": "127.0.0.1:0", "peer": "127.0.0.1:0", "advertise-http": "HTTPS://n1.views.example"],
            source: "test")
        let runtime = try CaseNodeRuntime(
            configuration: configuration, logger: Logger(minimumLevel: .error, sink: LogSink { _ in }, clock: { 0 }))
        defer { runtime.stop() }
        let port = try runtime.start().http
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(port)", timeoutMs: 5_000)
        defer { client.close() }
        let admin = try runtime.adminAuthorization()

        let empty = try client.send("GET", "/v1/cluster", headers: [admin]).jsonBody()
        XCTAssertEqual(empty["dossierCount"], 0)
        let filing = #"{"procedureCode": "1.001193", "applicant": {"fullName": "Lê Thị Hồng", "idNumber": "001190000001"}}"#
        XCTAssertEqual(try client.send("POST", "/v1/dossiers", headers: [("Content-Type", "application/json"), admin], body: Array(filing.utf8)).status, 201)

        let cluster = try client.send("GET", "/v1/cluster", headers: [admin]).jsonBody()
        XCTAssertEqual(cluster["id"], "n1")
        XCTAssertEqual(cluster["name"], "Xã Phước Long", "in NFC")
        XCTAssertEqual(cluster["clusterId"], "views")
        XCTAssertEqual(cluster["dossierCount"], 1)
        XCTAssertEqual(cluster["eventsHeld"], 1)
        let at = try XCTUnwrap(cluster["at"]?.stringValue)
        XCTAssertNotNil(at.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00/#), at)
        XCTAssertEqual(cluster["members"]?[0]?["id"], "n1", "the node lists itself")
        XCTAssertEqual(cluster["members"]?[0]?["httpAddress"], "https://n1.views.example:443", "its TLS proxy, as configured")
        XCTAssertEqual(cluster["members"]?[0]?["apiVouched"], true, "a node vouches for its own API address")
        XCTAssertEqual(try client.send("GET", "/healthz").jsonBody()["name"], "Xã Phước Long")
    }
}
