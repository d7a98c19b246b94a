import CaseNet
import XCTest
@testable import CaseNode
import CaseSupport

/// `GET /v1/events` and the display name, in-process (no sockets).
final class AdminViewRoutesTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, nodeName: "Xã Phước Long")
    }

    override func tearDown() {
        fixture?.store.close()
    }

    func testEventsAreTheLatestOfTheLogNewestFirstWithEveryField() throws {
        let first = try file()
        fixture.clock.set("2025-07-01T09:05:00+07:00")
        let second = try file()
        let clerk = try fixture.token(name: "Lê Thị Hoa", role: .clerk, centre: "n1")
        XCTAssertEqual(try send("POST", "/v1/dossiers/\(first)/actions", body: #"{"action": "start", "note": "đủ hồ sơ"}"#, token: clerk).status, 200)

        let answer = try json(try send("GET", "/v1/events"))
        XCTAssertEqual(answer["node"], "n1")
        XCTAssertEqual(answer["limit"], 50)
        XCTAssertEqual(answer["count"], 3)
        XCTAssertEqual(answer["origin"], .null)
        let items = try XCTUnwrap(answer["items"]?.arrayValue)
        XCTAssertEqual(items.compactMap { $0["event"]?.stringValue }, ["n1/3", "n1/2", "n1/1"])
        XCTAssertEqual(items.compactMap { $0["dossier"]?.stringValue }, [first, second, first])
        let start = items[0]
        XCTAssertEqual(start["origin"], "n1")
        XCTAssertEqual(start["sequence"], 3)
        XCTAssertEqual(start["kind"], "start")
        XCTAssertEqual(start["actor"], "Lê Thị Hoa")
        XCTAssertEqual(start["centre"], "n1")
        XCTAssertEqual(start["at"], "2025-07-01T09:05:00.000+07:00")
        XCTAssertEqual(start["payload"]?["note"], "đủ hồ sơ")
        XCTAssertEqual(items[2]["kind"], "filed")
        XCTAssertEqual(items[2]["payload"]?["procedureCode"], "1.001612")
    }

    func testEventsFilterByOriginAndDossierAndHonourTheLimit() throws {
        let first = try file()
        let second = try file()
        _ = try send("POST", "/v1/dossiers/\(second)/actions", body: #"{"action": "start"}"#)
        let cases: [(query: String, events: [String])] = [
            ("?dossier=\(first)", ["n1/1"]),
            ("?dossier=\(second)", ["n1/3", "n1/2"]),
            ("?dossier=\(second)&origin=n1&limit=1", ["n1/3"]),
            ("?origin=n1", ["n1/3", "n1/2", "n1/1"]),
            ("?origin=n2", []),
            ("?limit=2", ["n1/3", "n1/2"]),
            ("?dossier=000.00.12.H56-250701-9999", []),
            ("?origin=&dossier=", ["n1/3", "n1/2", "n1/1"]),
        ]
        for (query, events) in cases {
            let response = try send("GET", "/v1/events" + query)
            XCTAssertEqual(response.status, 200, "\(query): \(response.bodyText)")
            XCTAssertEqual(try json(response)["items"]?.arrayValue?.compactMap { $0["event"]?.stringValue }, events, query)
        }
    }

    func testTheDefaultLimitIsFiftyAndTheMostIsFiveHundred() throws {
        for _ in 0..<26 {
            let code = try file()
            _ = try send("POST", "/v1/dossiers/\(code)/actions", body: #"{"action": "start"}"#)
        }
        XCTAssertEqual(try json(try send("GET", "/v1/events"))["count"], 50)
        XCTAssertEqual(try json(try send("GET", "/v1/events?limit=500"))["count"], 52)
        XCTAssertEqual(try json(try send("GET", "/v1/events?limit=500"))["items"]?[0]?["event"], "n1/52")
    }

    func testBadEventQueriesAreRefusedWithTheirReason() throws {
        let cases: [(query: String, message: String)] = [
            ("?limit=0", "limit must be a whole number from 1 to 500"),
            ("?limit=501", "limit must be a whole number from 1 to 500"),
            ("?limit=many", "limit must be a whole number from 1 to 500"),
            ("?since=yesterday", "unknown query parameter 'since'; allowed: dossier, limit, origin"),
            ("?origin=N1%21", "is not a node id"),
            ("?dossier=" + String(repeating: "X", count: 49), "at most 48 bytes"),
        ]
        for (query, message) in cases {
            let response = try send("GET", "/v1/events" + query)
            XCTAssertEqual(response.status, 400, query)
            let error = try json(response)["error"]
            XCTAssertEqual(error?["code"], "bad_query", query)
            XCTAssertTrue(error?["message"]?.stringValue?.contains(message) == true, "\(query): \(response.bodyText)")
        }
        XCTAssertEqual(try send("POST", "/v1/events", body: "{}").status, 405)
    }

    func testHealthzShowsTheDisplayName() throws {
        XCTAssertEqual(try json(try send("GET", "/healthz")), ["status": "ok", "node": "n1", "name": "Xã Phước Long", "agency": "000.00.12.H56"])
    }

    func testWithoutReplicationThereIsNoClusterView() throws {
        XCTAssertEqual(try send("GET", "/v1/cluster").status, 404)
    }

    // MARK: - Helpers

    private func send(_ method: String, _ target: String, body: String? = nil, token: String? = nil) throws -> HTTPResponse {
        let headers = fixture.authorized(body == nil ? [:] : ["Content-Type": "application/json"], token: token)
        return router.handle(try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }

    private func file() throws -> String {
        let response = try send("POST", "/v1/dossiers", body: APIRouterTests.filingBody)
        XCTAssertEqual(response.status, 201, response.bodyText)
        return try XCTUnwrap(try json(response)["code"]?.stringValue)
    }

    private func json(_ response: HTTPResponse) throws -> JSONValue {
        try response.jsonBody()
    }
}
