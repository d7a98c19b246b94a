import CaseNet
import CaseStorage
import XCTest
@testable import CaseNode
import CaseSupport

/// The API in-process: requests built by hand, answers read back as JSON. No sockets.
final class APIRouterTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
    }

    override func tearDown() {
        fixture?.store.close()
    }

    static let filingBody = #"{"procedureCode": "1.001612", "applicant": {"fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345"}}"#

    // MARK: - Routes and methods

    func testEveryRouteAnswersItsMethod() throws {
        let code = try fileDossier()
        let cases: [(method: String, target: String, body: String?, status: Int)] = [
            ("GET", "/healthz", nil, 200),
            ("GET", "/metrics", nil, 200),
            ("GET", "/v1/procedures", nil, 200),
            ("GET", "/v1/dossiers", nil, 200),
            ("POST", "/v1/dossiers", Self.filingBody, 201),
            ("GET", "/v1/dossiers/\(code)", nil, 200),
            ("POST", "/v1/dossiers/\(code)/actions", #"{"action": "start"}"#, 200),
            ("GET", "/v1/dossiers/000.00.12.H56-250701-9999", nil, 404),
        ]
        for (method, target, body, status) in cases {
            let response = try send(method, target, body: body)
            XCTAssertEqual(response.status, status, "\(method) \(target): \(response.bodyText)")
        }
    }

    func testUnknownPathsAre404WithAJSONError() throws {
        let paths = ["/", "/v1", "/v2/dossiers", "/v1/nothing", "/healthz/extra", "/v1/dossiers/X/actions/more", "/v1/dossiers/X/history"]
        for path in paths {
            let response = try send("GET", path)
            XCTAssertEqual(response.status, 404, path)
            let error = try errorBody(response)
            XCTAssertEqual(error.code, "not_found", path)
            XCTAssertTrue(error.message.contains("no such endpoint"), "\(path): \(error.message)")
            XCTAssertEqual(response.headers["Content-Type"], HTTPResponse.jsonContentType, path)
        }
    }

    func testWrongMethodIs405NamingTheAllowedMethods() throws {
        let cases: [(method: String, target: String, allowed: String)] = [
            ("DELETE", "/v1/dossiers", "allowed: GET, POST"),
            ("PUT", "/v1/dossiers/000.00.12.H56-250701-0001", "allowed: GET"),
            ("GET", "/v1/dossiers/000.00.12.H56-250701-0001/actions", "allowed: POST"),
            ("POST", "/v1/procedures", "allowed: GET"),
            ("POST", "/healthz", "allowed: GET"),
            ("POST", "/metrics", "allowed: GET"),
        ]
        for (method, target, allowed) in cases {
            let response = try send(method, target, body: "{}")
            XCTAssertEqual(response.status, 405, "\(method) \(target)")
            let error = try errorBody(response)
            XCTAssertEqual(error.code, "method_not_allowed")
            XCTAssertTrue(error.message.hasPrefix("\(method) is not allowed on "), error.message)
            XCTAssertTrue(error.message.hasSuffix(allowed), "\(method) \(target): \(error.message)")
        }
    }

    /// An encoded "/" belongs to the segment it is in: it must not turn a dossier's path into another endpoint.
    func testAnEncodedSlashDoesNotAddressAnotherEndpoint() throws {
        let code = try fileDossier()
        let response = try send("POST", "/v1/dossiers/\(code)%2Factions", body: #"{"action": "start"}"#)
        XCTAssertEqual(response.status, 405, response.bodyText)
        XCTAssertEqual(try send("GET", "/v1/dossiers/\(code)").jsonBody()["status"], "received", "nothing was applied")
        XCTAssertEqual(try send("GET", "/v1/dossiers/\(code)%2Factions").status, 404)
    }

    // MARK: - Filing

    func testFilingAnswers201WithALocationAndTheDocumentedKeys() throws {
        let response = try send("POST", "/v1/dossiers", body: Self.filingBody)
        XCTAssertEqual(response.status, 201, response.bodyText)
        let body = try response.jsonBody()
        let code = try XCTUnwrap(body["code"]?.stringValue)
        XCTAssertEqual(code, "000.00.12.H56-250701-0001")
        XCTAssertEqual(response.headers["Location"], "/v1/dossiers/\(code)")
        XCTAssertEqual(response.headers["Content-Type"], HTTPResponse.jsonContentType)

        let keys = ["code", "status", "procedureCode", "applicant", "receivingCentre", "competentCentre", "handlingCentre",
                    "receivedAt", "dueAt", "originalDueAt", "overdue", "history"]
        for key in keys {
            XCTAssertNotNil(body[key], "missing key \(key) in \(response.bodyText)")
        }
        XCTAssertEqual(body["status"], "received")
        XCTAssertEqual(body["procedureCode"], "1.001612")
        XCTAssertEqual(body["applicant"]?["fullName"], "Nguyễn Văn Ánh")
        XCTAssertEqual(body["receivingCentre"], "n1")
        XCTAssertEqual(body["competentCentre"], "n1")
        XCTAssertEqual(body["handlingCentre"], "n1")
        XCTAssertEqual(body["overdue"], false)
        XCTAssertEqual(body["receivedAt"], "2025-07-01T09:00:00.000+07:00")
        XCTAssertEqual(body["dueAt"], "2025-07-02T09:00:00.000+07:00", "one working day later")
        XCTAssertEqual(body["originalDueAt"], body["dueAt"])

        let history = try XCTUnwrap(body["history"]?.arrayValue)
        XCTAssertEqual(history.count, 1)
        XCTAssertEqual(history[0]["action"], "filed")
        XCTAssertEqual(history[0]["to"], "received")
        XCTAssertEqual(history[0]["centre"], "n1")
        XCTAssertNil(history[0]["from"], "a filing comes from no earlier status")
        try assertVietnamTime(history[0]["at"], "history[0].at")
    }

    func testAStepAddsAHistoryEntryWithEveryKeyAndVietnamTimes() throws {
        let code = try fileDossier()
        fixture.clock.set("2025-07-01T10:15:00+07:00")
        let response = try send("POST", "/v1/dossiers/\(code)/actions", body: #"{"action": "start", "note": "bắt đầu"}"#)
        XCTAssertEqual(response.status, 200, response.bodyText)
        let body = try response.jsonBody()
        XCTAssertEqual(body["status"], "processing")
        let step = try XCTUnwrap(body["history"]?[1])
        XCTAssertEqual(step["at"], "2025-07-01T10:15:00.000+07:00")
        XCTAssertEqual(step["centre"], "n1")
        XCTAssertEqual(step["action"], "start")
        XCTAssertEqual(step["from"], "received")
        XCTAssertEqual(step["to"], "processing")
        XCTAssertEqual(step["note"], "bắt đầu")
        for key in ["receivedAt", "dueAt", "originalDueAt"] {
            try assertVietnamTime(body[key], key)
        }
    }

    func testAnEmptyOrMalformedBodyIs400InvalidJSON() throws {
        let code = try fileDossier()
        let bodies = ["", "{", "not json", #"{"procedureCode": "1.001612",}"#, "[1, 2"]
        for target in ["/v1/dossiers", "/v1/dossiers/\(code)/actions"] {
            for body in bodies {
                let response = try send("POST", target, body: body)
                XCTAssertEqual(response.status, 400, "\(target) with \(body.debugDescription)")
                XCTAssertEqual(try errorBody(response).code, "invalid_json", "\(target) with \(body.debugDescription)")
            }
        }
        XCTAssertEqual(try send("POST", "/v1/dossiers", body: "").jsonBody()["error"]?["message"],
                       "the request body is empty; expected a JSON object")
        XCTAssertEqual(try fixture.service.search(DossierQuery()).total, 1, "nothing was filed")
    }

    func testWrongTypesAre422NamingTheField() throws {
        let cases: [(body: String, field: String)] = [
            (#"{"procedureCode": 1001612, "applicant": {"fullName": "A B", "idNumber": "001090012345"}}"#, "procedureCode"),
            (#"{"procedureCode": "1.001612", "applicant": "Nguyễn Văn Ánh"}"#, "applicant"),
            (#"{"procedureCode": "1.001612", "applicant": {"fullName": 7, "idNumber": "001090012345"}}"#, "applicant.fullName"),
            (#"{"procedureCode": "1.001612", "applicant": {"fullName": "A B", "idNumber": "001090012345"}, "documents": "x"}"#, "documents"),
            (#"{"procedureCode": "1.001612", "applicant": {"fullName": "A B", "idNumber": "001090012345"}, "note": true}"#, "note"),
            (#"{"procedureCode": "1.001612"}"#, "applicant"),
        ]
        for (body, field) in cases {
            let response = try send("POST", "/v1/dossiers", body: body)
            XCTAssertEqual(response.status, 422, body)
            let error = try errorBody(response)
            XCTAssertEqual(error.code, "validation_failed", body)
            XCTAssertTrue(error.message.hasPrefix("\(field):"), "expected the field \(field) first in: \(error.message)")
        }
        let code = try fileDossier()
        let action = try send("POST", "/v1/dossiers/\(code)/actions", body: #"{"action": 5}"#)
        XCTAssertEqual(action.status, 422)
        XCTAssertTrue(try errorBody(action).message.hasPrefix("action:"), action.bodyText)
        XCTAssertEqual(try fixture.service.search(DossierQuery()).total, 1, "only the good filing was stored")
    }

    // MARK: - Search

    func testBadSearchParametersAre400BadQuery() throws {
        let cases: [(query: String, mentions: String)] = [
            ("colour=red", "unknown query parameter 'colour'"),
            ("status=lost", "status 'lost' is unknown"),
            ("overdue=yes", "overdue must be true or false"),
            ("overdue=", "overdue must be true or false"),
            ("limit=0", "limit must be a whole number from 1 to 500, got '0'"),
            ("limit=501", "limit must be a whole number from 1 to 500, got '501'"),
            ("limit=x", "limit must be a whole number from 1 to 500, got 'x'"),
            ("limit=", "limit must be a whole number"),
            ("offset=-1", "offset must be a whole number from 0"),
        ]
        for (query, mentions) in cases {
            let response = try send("GET", "/v1/dossiers?\(query)")
            XCTAssertEqual(response.status, 400, query)
            let error = try errorBody(response)
            XCTAssertEqual(error.code, "bad_query", query)
            XCTAssertTrue(error.message.contains(mentions), "\(query): \(error.message)")
        }
        XCTAssertTrue(try errorBody(try send("GET", "/v1/dossiers?status=lost")).message.contains("received"), "lists the statuses")
    }

    func testPagingReportsLimitOffsetAndTotal() throws {
        for _ in 1...5 { _ = try fileDossier() }
        let cases: [(query: String, items: Int, limit: Int64, offset: Int64)] = [
            ("", 5, Int64(DossierQuery.defaultLimit), 0),
            ("?limit=2", 2, 2, 0),
            ("?limit=2&offset=2", 2, 2, 2),
            ("?limit=2&offset=4", 1, 2, 4),
            ("?offset=10", 0, Int64(DossierQuery.defaultLimit), 10),
            ("?limit=500", 5, 500, 0),
        ]
        var seen: [String] = []
        for (query, items, limit, offset) in cases {
            let body = try send("GET", "/v1/dossiers\(query)").jsonBody()
            XCTAssertEqual(body["items"]?.arrayValue?.count, items, query)
            XCTAssertEqual(body["total"], .int(5), query)
            XCTAssertEqual(body["limit"], .int(limit), query)
            XCTAssertEqual(body["offset"], .int(offset), query)
            if query.hasPrefix("?limit=2") {
                seen += body["items"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
            }
        }
        XCTAssertEqual(Set(seen).count, 5, "the pages together hold every dossier once: \(seen)")
    }

    func testOverdueFilterFollowsTheClock() throws {
        let dueTomorrow = try fileDossier()  // 1 working day: due 2025-07-02 09:00
        let dueLater = try fileDossier(procedure: "2.000635")  // 2 working days: due 2025-07-03 09:00
        XCTAssertEqual(try codes("?overdue=true"), [])
        XCTAssertEqual(try codes("?overdue=false"), [dueTomorrow, dueLater])

        fixture.clock.set("2025-07-02T10:00:00+07:00")
        XCTAssertEqual(try codes("?overdue=true"), [dueTomorrow])
        XCTAssertEqual(try codes("?overdue=false"), [dueLater])
        XCTAssertEqual(try send("GET", "/v1/dossiers/\(dueTomorrow)").jsonBody()["overdue"], true)
        XCTAssertEqual(try send("GET", "/v1/dossiers/\(dueLater)").jsonBody()["overdue"], false)

        fixture.clock.set("2025-07-03T09:30:00+07:00")
        XCTAssertEqual(try codes("?overdue=true"), [dueTomorrow, dueLater])
    }

    func testSearchFiltersByStatusAndVietnameseText() throws {
        let anh = try fileDossier(name: "Nguyễn Văn Ánh")
        let binh = try fileDossier(name: "Trần Thị Bình")
        _ = try send("POST", "/v1/dossiers/\(binh)/actions", body: #"{"action": "start"}"#)
        XCTAssertEqual(try codes("?status=processing"), [binh])
        XCTAssertEqual(try codes("?status=received"), [anh])
        // "Nguyễn" percent-encoded as UTF-8 in NFC, and "Bình" in decomposed form (as some keyboards send it).
        XCTAssertEqual(try codes("?q=Nguy%E1%BB%85n"), [anh])
        XCTAssertEqual(try codes("?q=" + PercentEncoding.encodeComponent("Bình".decomposedStringWithCanonicalMapping)), [binh])
    }

    // MARK: - Metrics and health

    func testMetricsCountRequestsAndDossiersByStatus() throws {
        let first = try fileDossier()
        _ = try fileDossier()
        _ = try fileDossier()
        _ = try send("POST", "/v1/dossiers/\(first)/actions", body: #"{"action": "start"}"#)
        _ = try send("GET", "/v1/nothing")
        let response = try send("GET", "/metrics")
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(response.headers["Content-Type"]?.hasPrefix("text/plain") ?? false)
        let lines = Set(response.bodyText.split(separator: "\n").map(String.init))
        let expected = [
            #"casestore_http_requests_total{route="/v1/dossiers",status="201"} 3"#,
            #"casestore_http_requests_total{route="/v1/dossiers/{code}/actions",status="200"} 1"#,
            #"casestore_http_requests_total{route="unknown",status="404"} 1"#,
            #"casestore_dossiers{status="received"} 2"#,
            #"casestore_dossiers{status="processing"} 1"#,
            #"casestore_dossiers{status="resolved"} 0"#,
            "casestore_dossiers_filed_total 3",
            #"casestore_workflow_actions_total{action="start"} 1"#,
            "casestore_events 4",
            // One at a time, every step is its own commit.
            #"casestore_group_commit{counter="writes"} 4"#,
            #"casestore_group_commit{counter="commits"} 4"#,
            // Four small commits leave the WAL far below the size at which the writer copies it itself.
            #"casestore_wal_checkpoints{counter="by_writer"} 0"#,
        ]
        for line in expected {
            XCTAssertTrue(lines.contains(line), "missing \(line) in:\n\(response.bodyText)")
        }
        // Copied beside the writer once it has been quiet for a second: zero or one by now, whatever the machine's pace.
        XCTAssertTrue(lines.contains { $0.hasPrefix(#"casestore_wal_checkpoints{counter="checkpoints"} "#) }, response.bodyText)
    }

    /// A node without provinces adds only the line naming its province, 00, to what it showed before provinces.
    func testMetricsOfANodeWithoutProvincesNameProvince00AndNoPerProvinceFigures() throws {
        _ = try fileDossier()
        let text = try send("GET", "/metrics").bodyText
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains(#"casestore_node_info{province="00"} 1"#), text)
        XCTAssertFalse(text.contains("casestore_province_"), text)
        XCTAssertFalse(text.contains("casestore_members_unplaced"), text)
    }

    func testHealthzNamesTheNodeAndAgency() throws {
        let response = try send("GET", "/healthz")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(try response.jsonBody(), ["status": "ok", "node": "n1", "name": "n1", "agency": "000.00.12.H56"], "the name defaults to the id")
    }

    func testProceduresListTheCatalogue() throws {
        let items = try XCTUnwrap(try send("GET", "/v1/procedures").jsonBody()["items"]?.arrayValue)
        XCTAssertEqual(items.compactMap { $0["code"]?.stringValue }, ["1.001612", "2.000635"])
        XCTAssertEqual(items[1]["fees"], [["name": "Lệ phí", "amountVND": 2_000]])
        XCTAssertEqual(items[1]["timeLimitWorkingDays"], 2)
        // The fixture's catalogue states none of these: the defaults of an older catalogue show.
        XCTAssertEqual(items[1]["competentAuthority"], "communePeoplesCommittee")
        XCTAssertEqual(items[1]["competentAuthorityLabel"], "UBND cấp xã")
        XCTAssertEqual(items[1]["locationIndependence"], "province")
        XCTAssertEqual(items[1]["receivedAtCommuneCentre"], true)
    }

    // MARK: - Helpers

    private func send(_ method: String, _ target: String, body: String? = nil) throws -> HTTPResponse {
        let headers = fixture.authorized(body == nil ? [:] : ["Content-Type": "application/json"])
        let request = try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8))
        return router.handle(request)
    }

    private func fileDossier(name: String = "Nguyễn Văn Ánh", procedure: String = "1.001612") throws -> String {
        let body: JSONValue = ["procedureCode": .string(procedure), "applicant": ["fullName": .string(name), "idNumber": "001090012345"]]
        let response = try send("POST", "/v1/dossiers", body: JSONWriter.string(body))
        XCTAssertEqual(response.status, 201, response.bodyText)
        return try XCTUnwrap(try response.jsonBody()["code"]?.stringValue)
    }

    /// The codes a search finds, in the order the node lists them.
    private func codes(_ query: String) throws -> [String] {
        let response = try send("GET", "/v1/dossiers\(query)")
        XCTAssertEqual(response.status, 200, "\(query): \(response.bodyText)")
        return try response.jsonBody()["items"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []
    }

    private func errorBody(_ response: HTTPResponse) throws -> (code: String, message: String) {
        let error = try XCTUnwrap(try response.jsonBody()["error"], response.bodyText)
        return (try XCTUnwrap(error["code"]?.stringValue), try XCTUnwrap(error["message"]?.stringValue))
    }

    private func assertVietnamTime(_ value: JSONValue?, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try XCTUnwrap(value?.stringValue, "\(name) is not a string", file: file, line: line)
        XCTAssertNotNil(text.wholeMatch(of: #/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00/#),
                        "\(name) = \(text) is not ISO 8601 in Vietnam time", file: file, line: line)
    }
}
