import CaseCore
import CaseNet
import XCTest
@testable import CaseNode

/// 401s, 403s, the actor a step is recorded as, and the token endpoints.
final class AuthenticationTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(nodeID: "n1")
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
    }

    override func tearDown() {
        fixture?.store.close()
    }

    private func send(_ method: String, _ target: String, body: String? = nil, authorization: String?) throws -> HTTPResponse {
        var headers: HTTPHeaders = body == nil ? [:] : ["Content-Type": "application/json"]
        if let authorization { headers.add("Authorization", authorization) }
        return router.handle(try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }

    func testNoUnknownMalformedOrRevokedTokenIs401() throws {
        let clerk = try fixture.token(name: "Lê Thị Hoa", role: .clerk, centre: "n1")
        let revokedID = try XCTUnwrap(TokenSecret(parsing: clerk)?.id)
        XCTAssertEqual(try send("POST", "/v1/admin/tokens/\(revokedID)/revoke", authorization: "Bearer \(fixture.adminToken)").status, 200)
        let forged = "cst_\(revokedID)_" + String(repeating: "0", count: 64)
        let cases: [(label: String, authorization: String?, code: String, says: String)] = [
            ("none", nil, "unauthorized", "needs a token"),
            ("unknown", "Bearer \(TokenSecret.generate().text)", "invalid_token", "not known"),
            ("right id, wrong secret", "Bearer \(forged)", "invalid_token", "not known"),
            ("malformed", "Bearer hunter2", "invalid_token", "not a casestore token"),
            ("not bearer", "Basic \(fixture.adminToken)", "invalid_token", "Bearer <token>"),
            ("revoked", "Bearer \(clerk)", "invalid_token", "revoked"),
            ("huge", "Bearer " + String(repeating: "a", count: 10_000), "invalid_token", "Bearer <token>"),
        ]
        for testCase in cases {
            let response = try send("GET", "/v1/dossiers", authorization: testCase.authorization)
            XCTAssertEqual(response.status, 401, testCase.label)
            XCTAssertEqual(try response.jsonBody()["error"]?["code"]?.stringValue, testCase.code, testCase.label)
            XCTAssertTrue(response.bodyText.contains(testCase.says), "\(testCase.label): \(response.bodyText)")
            XCTAssertTrue(response.headers["WWW-Authenticate"]?.hasPrefix("Bearer") ?? false, testCase.label)
            XCTAssertFalse(response.bodyText.contains(String(clerk.suffix(64))), "never echo a secret")
        }
        XCTAssertEqual(try send("GET", "/healthz", authorization: nil).status, 200, "liveness stays open")
    }

    func testAClerkOfAnotherCentreIs403NamingItsCentre() throws {
        let other = try fixture.token(name: "Trần Văn Bình", role: .clerk, centre: "n2")
        let response = try send("POST", "/v1/dossiers", body: APIRouterTests.filingBody, authorization: "Bearer \(other)")
        XCTAssertEqual(response.status, 403)
        XCTAssertEqual(try response.jsonBody()["error"]?["code"], "wrong_centre")
        XCTAssertTrue(response.bodyText.contains("acts for centre n2"), response.bodyText)
        XCTAssertTrue(response.bodyText.contains("(n1)"), response.bodyText)
        XCTAssertEqual(try send("GET", "/v1/dossiers", authorization: "Bearer \(other)").status, 200, "reads are allowed anywhere")
    }

    func testEveryChangeIsRecordedAsTheTokensName() throws {
        let clerk = try fixture.token(name: "Nguyễn Thị Lan", role: .clerk, centre: "n1")
        let filed = try send("POST", "/v1/dossiers", body: APIRouterTests.filingBody, authorization: "Bearer \(clerk)")
        XCTAssertEqual(filed.status, 201, filed.bodyText)
        let code = try XCTUnwrap(try filed.jsonBody()["code"]?.stringValue)
        XCTAssertEqual(try filed.jsonBody()["history"]?[0]?["actor"], "Nguyễn Thị Lan")
        let admin = try send("POST", "/v1/dossiers/\(code)/actions", body: #"{"action": "start"}"#, authorization: "Bearer \(fixture.adminToken)")
        XCTAssertEqual(admin.status, 200, admin.bodyText)
        XCTAssertEqual(try admin.jsonBody()["history"]?[1]?["actor"], "admin@n1")
        let events = try fixture.store.read { try $0.events(forDossier: code) }
        XCTAssertEqual(events.map(\.actor), ["Nguyễn Thị Lan", "admin@n1"], "the event log, which replicates, holds the actor")
    }

    func testABodyThatNamesAnActorIs400AndChangesNothing() throws {
        let clerk = try fixture.token(name: "Nguyễn Thị Lan", role: .clerk, centre: "n1")
        let code = try fixture.service.file(ServiceFixture.filing()).code
        let bodies: [(String, String)] = [
            ("/v1/dossiers", #"{"procedureCode": "1.001612", "actor": "Giám đốc", "applicant": {"fullName": "A", "idNumber": "001090012345"}}"#),
            ("/v1/dossiers/\(code)/actions", #"{"action": "start", "actor": "Giám đốc"}"#),
        ]
        for (path, body) in bodies {
            let response = try send("POST", path, body: body, authorization: "Bearer \(clerk)")
            XCTAssertEqual(response.status, 400, path)
            XCTAssertEqual(try response.jsonBody()["error"]?["code"], "actor_not_accepted", path)
            XCTAssertTrue(response.bodyText.contains("'actor'"), response.bodyText)
            XCTAssertTrue(response.bodyText.contains("Nguyễn Thị Lan"), response.bodyText)
        }
        XCTAssertEqual(try fixture.store.read { try $0.eventCount() }, 1)
    }

    func testCreatingShowsTheSecretOnceAndListingNever() throws {
        let admin = "Bearer \(fixture.adminToken)"
        let created = try send("POST", "/v1/admin/tokens", body: #"{"name": "  Lê   Thị Hoa ", "role": "clerk", "centre": "n1"}"#, authorization: admin)
        XCTAssertEqual(created.status, 201, created.bodyText)
        XCTAssertEqual(created.headers["Cache-Control"], "no-store")
        let body = try created.jsonBody()
        let secret = try XCTUnwrap(body["secret"]?.stringValue)
        XCTAssertNotNil(TokenSecret(parsing: secret))
        XCTAssertEqual(body["token"]?["name"], "Lê Thị Hoa", "normalised")
        XCTAssertEqual(body["token"]?["centre"], "n1")
        XCTAssertEqual(body["token"]?["revoked"], false)
        let listed = try send("GET", "/v1/admin/tokens", authorization: admin)
        XCTAssertEqual(try listed.jsonBody()["total"], 2)
        XCTAssertFalse(listed.bodyText.contains(String(secret.suffix(64))))
        XCTAssertFalse(listed.bodyText.lowercased().contains("hash"))
        XCTAssertEqual(try send("GET", "/v1/dossiers", authorization: "Bearer \(secret)").status, 200, "the new token works at once")
    }

    func testBadCreationsAre422AndRevokingUnknownIs404() throws {
        let admin = "Bearer \(fixture.adminToken)"
        let bodies: [(String, String)] = [
            (#"{"name": "Lan", "role": "clerk"}"#, "centre"),
            (#"{"name": "Lan", "role": "monitor", "centre": "n1"}"#, "centre"),
            (#"{"name": "Lan", "role": "boss"}"#, "role"),
            (#"{"name": "", "role": "admin"}"#, "name"),
            (#"{"role": "admin"}"#, "name"),
            (#"{"name": "Lan", "role": "clerk", "centre": "Xã A"}"#, "centre"),
            (#"{"name": "Lan", "role": "admin", "secret": "x"}"#, "secret"),
        ]
        for (body, field) in bodies {
            let response = try send("POST", "/v1/admin/tokens", body: body, authorization: admin)
            XCTAssertEqual(response.status, 422, "\(body): \(response.bodyText)")
            XCTAssertTrue(response.bodyText.contains(field), "\(body): \(response.bodyText)")
        }
        XCTAssertEqual(try send("POST", "/v1/admin/tokens/00000000000000aa/revoke", authorization: admin).status, 404)
        XCTAssertEqual(try send("POST", "/v1/admin/tokens/NOT-AN-ID/revoke", authorization: admin).status, 422)
        XCTAssertEqual(fixture.tokens.all.count, 1, "nothing was created")
    }

    func testRevokingTwiceKeepsTheFirstTime() throws {
        let admin = "Bearer \(fixture.adminToken)"
        let id = try XCTUnwrap(TokenSecret(parsing: try fixture.token(name: "Lan", role: .monitor))?.id)
        let first = try send("POST", "/v1/admin/tokens/\(id)/revoke", authorization: admin)
        fixture.clock.set("2025-07-02T09:00:00+07:00")
        let second = try send("POST", "/v1/admin/tokens/\(id)/revoke", authorization: admin)
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(try second.jsonBody()["revokedAt"], try first.jsonBody()["revokedAt"])
        XCTAssertEqual(try first.jsonBody()["revoked"], true)
    }
}
