import Foundation
import NodeLauncher
import TestSupport
import XCTest

/// Issue 6's acceptance check: capture all peer traffic of a two-node cluster
/// while a dossier is filed and replicated, and search it for the citizen's
/// identity number and name. Nothing may be found.
final class EavesdropperEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []
    private var relays: [CapturingRelay] = []

    override func tearDown() {
        nodes.forEach { $0.stop() }
        relays.forEach { $0.stop() }
    }

    /// A node whose peers reach it only through its own capturing relay.
    private func start(_ id: String, joining others: [CapturingRelay]) throws -> CasenodeProcess {
        let relay = try CapturingRelay()
        relays.append(relay)
        var arguments = ["--cluster-id", "eavesdrop", "--advertise-peer", relay.address, "--sync-interval-ms", "200"]
        if !others.isEmpty { arguments += ["--join", others.map(\.address).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, extraArguments: arguments)
        try node.start()
        relay.setUpstream(port: node.peerPort)
        nodes.append(node)
        return node
    }

    func testTheIdentityNumberAndNameOfAReplicatedDossierAreNotOnTheWire() throws {
        let identityNumber = "079203001234"
        let name = "Nguyễn Thị Ánh Tuyết"
        let n1 = try start("n1", joining: [])
        let n2 = try start("n2", joining: [relays[0]])

        let filed = try n1.client().json("POST", "/v1/dossiers", [
            "procedureCode": "1.001193", "applicant": ["fullName": .string(name), "idNumber": .string(identityNumber)],
        ])
        XCTAssertEqual(filed.status, 201)
        let code = try XCTUnwrap(filed.body["code"]?.stringValue)
        try eventually("the dossier reaches n2 through the relays") {
            let copy = try n2.client().json("GET", "/v1/dossiers/\(code)")
            return copy.status == 200 && copy.body["applicant"]?["fullName"]?.stringValue == name
        }

        let capture = relays.flatMap(\.capture)
        // The search can succeed: node ids travel readable in every hello.
        XCTAssertTrue(capture.contains(bytes: Array("n2".utf8)), "the relays captured the exchange (\(capture.count) bytes)")
        let secrets = [identityNumber, name, "Nguyen Thi Anh Tuyet", "Tuyết", "Tuyet", name.decomposedStringWithCanonicalMapping]
        for secret in secrets {
            XCTAssertFalse(capture.contains(bytes: Array(secret.utf8)), "\(secret) is readable in the captured peer traffic")
        }
    }
}
