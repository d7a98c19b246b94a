import CaseCore
import CaseNet
import XCTest
@testable import CaseNode

/// The router judges a request on its head, before the server reads the body: a refused
/// token never gets a body read or parsed, and a valid one marks the connection.
final class HeadDecisionTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!
    private var metrics: NodeMetrics!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(nodeID: "n1")
        metrics = NodeMetrics()
        router = APIRouter(service: fixture.service, metrics: metrics, tokens: fixture.tokens)
    }

    override func tearDown() {
        fixture?.store.close()
    }

    /// The head of a request with `authorization`, as the server would pass it.
    private func head(_ method: String, _ target: String, authorization: String?, declaredBody: Int = 0) throws -> HTTPRequestHead {
        var headers: HTTPHeaders = declaredBody > 0 ? ["Content-Length": String(declaredBody)] : [:]
        if let authorization { headers.add("Authorization", authorization) }
        return try HTTPRequest(method: method, target: target, headers: headers).head
    }

    func testAMissingOrBadTokenIsAnsweredOnTheHeadAndCounted() throws {
        for authorization in [nil, "Bearer cst_not_a_token"] {
            let decision = router.decide(try head("POST", "/v1/dossiers/X/actions", authorization: authorization, declaredBody: 900_000_000))
            guard case .answer(let response, let authenticated) = decision else {
                return XCTFail("\(authorization ?? "no token"): the body would be read")
            }
            XCTAssertEqual(response.status, 401)
            XCTAssertFalse(authenticated, "a refused token proves nobody")
        }
        XCTAssertTrue(metrics.render().contains(#"casestore_http_requests_total{route="/v1/dossiers/{code}/actions",status="401"} 2"#),
                      metrics.render())
    }

    func testAValidTokenIsAuthenticatedEvenWhenRefusedForTheRoute() throws {
        let monitor = try fixture.token(name: "Giám sát Sở", role: .monitor)
        let refused = router.decide(try head("POST", "/v1/dossiers", authorization: "Bearer \(monitor)", declaredBody: 10))
        guard case .answer(let response, let authenticated) = refused else { return XCTFail("a monitor may not file") }
        XCTAssertEqual(response.status, 403)
        XCTAssertTrue(authenticated, "a 403 knows who asked")

        let allowed = router.decide(try head("GET", "/v1/dossiers", authorization: "Bearer \(monitor)"))
        guard case .readBody(let readerAuthenticated, _) = allowed else { return XCTFail("a monitor may read") }
        XCTAssertTrue(readerAuthenticated)
    }

    func testTheOpenRouteReadsOnButAuthenticatesNobody() throws {
        guard case .readBody(let authenticated, let respond) = router.decide(try head("GET", "/healthz", authorization: nil)) else {
            return XCTFail("/healthz is open")
        }
        XCTAssertFalse(authenticated, "liveness probes stay strangers")
        XCTAssertEqual(respond(try HTTPRequest(method: "GET", target: "/healthz")).status, 200)
    }

    func testASettleIsJudgedOnceItsBodyShowsIt() throws {
        let clerk = try fixture.token(name: "Lê Thị Hoa", role: .clerk, centre: "n1")
        let code = try fixture.service.file(ServiceFixture.filing()).code
        let target = "/v1/dossiers/\(code)/actions"
        let body = Array(#"{"action": "settle", "events": [], "note": "x"}"#.utf8)
        let request = try HTTPRequest(
            method: "POST", target: target, headers: ["Authorization": "Bearer \(clerk)"], body: body)
        guard case .readBody(true, let respond) = router.decide(request.head) else {
            return XCTFail("the head alone allows a clerk of this centre a step on the actions route")
        }
        let response = respond(request)
        XCTAssertEqual(response.status, 403, response.bodyText)
        XCTAssertEqual(try response.jsonBody()["error"]?["code"], "forbidden")
        XCTAssertTrue(response.bodyText.contains("an admin token"), response.bodyText)
    }
}
