import CaseCore
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// Clerks in their lane over a real socket (issue 15's acceptance): a clerk of centre A
/// acting on a dossier handled by centre B gets 403 naming B, and the dossier is unchanged.
final class ClerkLaneEndToEndTests: XCTestCase {
    private var node: CasenodeProcess!
    /// Centre B: a member s1 knows, so a filing may name it competent.
    private var other: CasenodeProcess!

    override func setUpWithError() throws {
        node = CasenodeProcess.forTests(id: "s1", dataDirectory: CasenodeProcess.temporaryDirectory("lane"))
        try node.start()
        other = CasenodeProcess.forTests(id: "zz", dataDirectory: CasenodeProcess.temporaryDirectory("lane-b"), extraArguments: ["--join", node.peerAddress])
        try other.start()
        try eventually("s1 knows member zz") { try node.cluster()["members"]?.arrayValue?.contains { $0["id"] == "zz" } == true }
    }

    override func tearDown() {
        other?.stop()
        node?.stop()
    }

    func testAClerkOfAActingOnADossierHandledByBGets403AndNothingIsStored() throws {
        let admin = try node.client()
        let created = try admin.json("POST", "/v1/admin/tokens", ["name": "Lê Thị Hoa", "role": "clerk", "centre": "s1"])
        XCTAssertEqual(created.status, 201, "\(created.body)")
        let clerk = try AuthorizedClient(baseURL: node.baseURL, token: try XCTUnwrap(created.body["secret"]?.stringValue))

        let filing: JSONValue = [
            "procedureCode": "1.001612", "applicant": ["fullName": "Đỗ Thị Lan", "idNumber": "001190000001"], "competentCentre": "zz",
        ]
        let filed = try clerk.json("POST", "/v1/dossiers", filing)
        XCTAssertEqual(filed.status, 201, "a clerk files at its own node for any centre: \(filed.body)")
        let code = try XCTUnwrap(filed.body["code"]?.stringValue)
        XCTAssertEqual(filed.body["handlingCentre"], "zz")

        let refused = try clerk.json("POST", "/v1/dossiers/\(code)/actions", ["action": "start"])
        XCTAssertEqual(refused.status, 403, "\(refused.body)")
        XCTAssertEqual(refused.body["error"]?["code"], "not_handling_centre")
        XCTAssertTrue(refused.body["error"]?["message"]?.stringValue?.contains("handled by centre zz") == true, "\(refused.body)")

        let shown = try clerk.json("GET", "/v1/dossiers/\(code)")
        XCTAssertEqual(shown.status, 200, "reads stay open")
        XCTAssertEqual(shown.body["version"], filed.body["version"], "nothing stored")
        XCTAssertEqual(shown.body["status"], "received")
        XCTAssertEqual(try admin.json("POST", "/v1/dossiers/\(code)/actions", ["action": "start"]).status, 200, "an admin is not limited")
    }
}
