import CaseCore
import CaseNet
import XCTest
@testable import CaseNode
import CaseSupport

/// Clerks in their lane at the API (issue 15): the review's own case, a clerk of centre s1
/// transferring, starting, resolving and returning a dossier centre zz handles, is 403
/// naming zz, and nothing is stored; notes, intake steps and admins go through.
final class ClerkLaneTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!
    private var clerk = ""

    override func setUpWithError() throws {
        fixture = try ServiceFixture(nodeID: "s1")
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
        clerk = try fixture.token(name: "Lê Thị Hoa", role: .clerk, centre: "s1")
    }

    override func tearDown() {
        fixture?.store.close()
    }

    private func file(for competent: String, channel: Dossier.Channel = .counter) throws -> String {
        var filing = ServiceFixture.filing()
        filing.competentCentre = competent
        filing.channel = channel
        return try fixture.service.file(filing).code
    }

    private func act(_ code: String, _ body: String, token: String) throws -> HTTPResponse {
        router.handle(try HTTPRequest(
            method: "POST", target: "/v1/dossiers/\(code)/actions", headers: fixture.authorized(["Content-Type": "application/json"], token: token),
            body: Array(body.utf8)))
    }

    private func stored(_ code: String) throws -> JSONValue {
        try fixture.service.dossier(code: code).state
    }

    func testAClerkActingOnADossierAnotherCentreHandlesIs403NamingItAndNothingIsStored() throws {
        let code = try file(for: "zz")
        let before = try stored(code)
        let eventsBefore = try fixture.service.statistics().eventCount
        let steps = [
            #"{"action": "transfer", "to": "s2"}"#, #"{"action": "start"}"#, #"{"action": "resolve"}"#, #"{"action": "return"}"#,
        ]
        for body in steps {
            let response = try act(code, body, token: clerk)
            XCTAssertEqual(response.status, 403, "\(body): \(response.bodyText)")
            XCTAssertEqual(try response.jsonBody()["error"]?["code"]?.stringValue, "not_handling_centre", body)
            XCTAssertTrue(response.bodyText.contains("handled by centre zz"), "\(body): \(response.bodyText)")
        }
        XCTAssertEqual(try fixture.service.statistics().eventCount, eventsBefore, "no event stored")
        XCTAssertEqual(try stored(code), before, "the dossier is as it was")

        let noted = try act(code, #"{"action": "note", "note": "công dân gọi hỏi"}"#, token: clerk)
        XCTAssertEqual(noted.status, 200, "a note goes anywhere the clerk can read: \(noted.bodyText)")
        let started = try act(code, #"{"action": "start"}"#, token: fixture.adminToken)
        XCTAssertEqual(started.status, 200, "an admin is not limited: \(started.bodyText)")
        XCTAssertEqual(try started.jsonBody()["status"]?.stringValue, "processing")
    }

    func testTheReceivingCentresClerkTakesTheIntakeStepOfAnOnlineFilingForAnotherCentre() throws {
        let code = try file(for: "zz", channel: .online)
        let accepted = try act(code, #"{"action": "accept"}"#, token: clerk)
        XCTAssertEqual(accepted.status, 200, accepted.bodyText)
        XCTAssertEqual(try accepted.jsonBody()["status"]?.stringValue, "received")

        for body in [#"{"action": "start"}"#, #"{"action": "refuse", "reason": "không đủ điều kiện"}"#] {
            let refused = try act(code, body, token: clerk)
            XCTAssertEqual(refused.status, 403, "\(body): \(refused.bodyText)")
            XCTAssertEqual(try refused.jsonBody()["error"]?["code"]?.stringValue, "not_handling_centre", body)
            XCTAssertTrue(refused.bodyText.contains("handled by centre zz"), "\(body): \(refused.bodyText)")
        }
        let late = try act(code, #"{"action": "request-supplement", "reason": "thiếu giấy tờ"}"#, token: clerk)
        XCTAssertTrue(late.bodyText.contains("s1 received it, so it may accept, refuse or request-supplement it only while it is submitted"), late.bodyText)
    }

    func testAClerkTakesEveryStepOnADossierItsCentreHandles() throws {
        let code = try file(for: "s1")
        for body in [#"{"action": "start"}"#, #"{"action": "resolve"}"#, #"{"action": "return"}"#] {
            XCTAssertEqual(try act(code, body, token: clerk).status, 200, body)
        }
        XCTAssertEqual(try stored(code)["status"]?.stringValue, "returned")
    }
}
