import CaseCore
import CaseNet
import XCTest
@testable import CaseNode
import CaseSupport
import CaseSQLite

/// `GET /v1/digest`, `GET /v1/digest/dossiers`, `GET /v1/conflicts?open=` and an admin's
/// `settle`, in-process: requests built by hand, answers read back as JSON.
final class VerificationRoutesTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
    }

    override func tearDown() {
        fixture?.store.close()
    }

    // MARK: - Digests

    func testAnEmptyNodeHasOneEmptyPartAndTheZeroDigest() throws {
        let answer = try get("/v1/digest?parts=16")
        XCTAssertEqual(answer["count"], 0)
        XCTAssertEqual(answer["digest"], .string(StateDigest.zero.hex))
        XCTAssertEqual(answer["parts"], [["from": "", "to": "", "count": 0, "digest": .string(StateDigest.zero.hex)]])
        XCTAssertEqual(answer["recomputedMatchesMaintained"], true)
        XCTAssertEqual(answer["node"], "n1")
    }

    func testPartsSplitTheRangeAtCodesAndSumToTheWholeWhichMatchesTheMaintainedDigest() throws {
        let codes = try (1...5).map { _ in try file() }
        let answer = try get("/v1/digest?parts=2")
        XCTAssertEqual(answer["count"], 5)
        XCTAssertEqual(answer["digest"], answer["maintainedDigest"])
        XCTAssertEqual(answer["recomputedMatchesMaintained"], true)
        let parts = try XCTUnwrap(answer["parts"]?.arrayValue)
        XCTAssertEqual(parts.map { $0["count"] }, [2, 3])
        XCTAssertEqual(parts.map { $0["from"] }, ["", .string(codes[2])])
        XCTAssertEqual(parts.map { $0["to"] }, [.string(codes[2]), ""])
        let sum = try parts.reduce(StateDigest.zero) { sum, part in
            sum.adding(try XCTUnwrap(part["digest"]?.stringValue.flatMap(StateDigest.init(hex:))))
        }
        XCTAssertEqual(.string(sum.hex), answer["digest"])

        let second = try get("/v1/digest?from=\(codes[2])")
        XCTAssertEqual(second["count"], 3)
        XCTAssertEqual(second["digest"], parts[1]["digest"])
        XCTAssertNil(second["recomputedMatchesMaintained"], "only the whole table compares with the maintained digest")
    }

    func testARowEditedInSQLiteIsCaughtByTheRecomputedDigest() throws {
        let code = try file()
        let before = try get("/v1/digest/dossiers")
        try editStoredState(of: code)
        let answer = try get("/v1/digest")
        XCTAssertEqual(answer["recomputedMatchesMaintained"], false)
        XCTAssertNotEqual(answer["digest"], answer["maintainedDigest"])
        let after = try get("/v1/digest/dossiers")
        XCTAssertEqual(after["items"]?[0]?["code"], .string(code))
        XCTAssertNotEqual(after["items"]?[0]?["hash"], before["items"]?[0]?["hash"])
    }

    func testDossierHashesAreListedForAtMostAThousandDossiers() throws {
        try insertRawDossiers(1_001)
        let refused = try send("GET", "/v1/digest/dossiers")
        XCTAssertEqual(refused.status, 400)
        XCTAssertEqual(try refused.jsonBody()["error"]?["code"], "range_too_large")
        XCTAssertTrue(refused.bodyText.contains("narrow it"), refused.bodyText)
        let listed = try get("/v1/digest/dossiers?from=X-0001&to=X-1001")
        XCTAssertEqual(listed["count"], 1_000)
        XCTAssertEqual(listed["items"]?[999]?["code"], "X-1000")
        XCTAssertEqual(try get("/v1/digest?parts=64")["parts"]?.arrayValue?.count, 64)
    }

    func testBadDigestQueriesAre400BadQuery() throws {
        let cases: [(String, String)] = [
            ("/v1/digest?parts=0", "parts must be a whole number from 1 to 64"),
            ("/v1/digest?parts=65", "parts must be a whole number from 1 to 64"),
            ("/v1/digest?parts=two", "parts must be a whole number"),
            ("/v1/digest?from=B&to=A", "to: must come after from"),
            ("/v1/digest?from=" + String(repeating: "A", count: 129), "from: is 129 bytes long"),
            ("/v1/digest?limit=5", "unknown query parameter 'limit'"),
            ("/v1/digest/dossiers?parts=2", "unknown query parameter 'parts'"),
        ]
        for (target, message) in cases {
            let response = try send("GET", target)
            XCTAssertEqual(response.status, 400, target)
            XCTAssertEqual(try response.jsonBody()["error"]?["code"], "bad_query", target)
            XCTAssertTrue(response.bodyText.contains(message), "\(target): \(response.bodyText)")
        }
        XCTAssertEqual(try send("POST", "/v1/digest", body: "{}").status, 405)
        XCTAssertEqual(try send("DELETE", "/v1/digest/dossiers").status, 405)
    }

    // MARK: - Conflicts and settling

    func testSettlingMarksTheConflictKeepsTheStatusAndEmptiesTheOpenList() throws {
        let code = try conflictedDossier()
        XCTAssertEqual(try get("/v1/conflicts?open=true")["total"], 1)
        let head = try fixture.token(name: "Trưởng phòng", role: .admin)
        let settled = try send("POST", "/v1/dossiers/\(code)/actions", body: #"{"action": "settle", "note": "giữ kết quả"}"#, token: head)
        XCTAssertEqual(settled.status, 200, settled.bodyText)
        let dossier = try settled.jsonBody()
        XCTAssertEqual(dossier["status"], "resolved")
        let settleStep = try XCTUnwrap(dossier["history"]?.arrayValue?.last)
        XCTAssertEqual(settleStep["action"], "settle")
        XCTAssertEqual(settleStep["actor"], "Trưởng phòng")
        XCTAssertEqual(settleStep["details"]?["events"], ["n2/1"])
        XCTAssertEqual(dossier["conflicts"]?[0]?["settledBy"], settleStep["event"])

        let open = try get("/v1/conflicts?open=true")
        XCTAssertEqual(open["total"], 0)
        XCTAssertEqual(open["open"], true)
        let all = try get("/v1/conflicts")
        XCTAssertEqual(all["total"], 1)
        XCTAssertEqual(all["items"]?[0]?["conflicts"]?[0]?["settledBy"], settleStep["event"])
        XCTAssertTrue(try send("GET", "/metrics").bodyText.contains(#"casestore_workflow_actions_total{action="settle"} 1"#))
    }

    func testSettleRequestsThatNameNoOpenConflictAreRefusedChangingNothing() throws {
        let code = try conflictedDossier()
        let plain = try file()
        let cases: [(target: String, body: String, status: Int, code: String, message: String)] = [
            ("/v1/dossiers/\(code)/actions", #"{"action": "settle", "events": ["n1/1"], "note": "x"}"#, 422, "not_a_conflict",
             "n1/1 is not a conflict of dossier \(code); its conflicts: n2/1 (open)"),
            ("/v1/dossiers/\(code)/actions", #"{"action": "settle", "events": ["n2/1"]}"#, 422, "validation_failed", "note: is required"),
            ("/v1/dossiers/\(code)/actions", #"{"action": "settle", "events": ["n2-1"], "note": "x"}"#, 422, "validation_failed", "events[0]"),
            ("/v1/dossiers/\(plain)/actions", #"{"action": "settle", "note": "x"}"#, 409, "no_open_conflicts",
             "dossier \(plain) has no open conflicts to settle; it has no conflicts"),
            ("/v1/dossiers/000.00.12.H56-250701-9999/actions", #"{"action": "settle", "note": "x"}"#, 404, "not_found", "no dossier"),
            ("/v1/conflicts?open=yes", "", 400, "bad_query", "open must be true or false"),
            ("/v1/conflicts?status=resolved", "", 400, "bad_query", "unknown query parameter 'status'"),
        ]
        let versionBefore = try get("/v1/dossiers/\(code)")["version"]
        for (target, body, status, errorCode, message) in cases {
            let response = try send(body.isEmpty ? "GET" : "POST", target, body: body.isEmpty ? nil : body)
            XCTAssertEqual(response.status, status, "\(target) \(body): \(response.bodyText)")
            XCTAssertEqual(try response.jsonBody()["error"]?["code"], .string(errorCode), target)
            XCTAssertTrue(response.bodyText.contains(message), "\(body): \(response.bodyText)")
        }
        XCTAssertEqual(try get("/v1/dossiers/\(code)")["version"], versionBefore, "nothing was applied")

        XCTAssertEqual(try send("POST", "/v1/dossiers/\(code)/actions", body: #"{"action": "settle", "events": ["n2/1"], "note": "x"}"#).status, 200)
        let again = try send("POST", "/v1/dossiers/\(code)/actions", body: #"{"action": "settle", "events": ["n2/1"], "note": "x"}"#)
        XCTAssertEqual(again.status, 409)
        XCTAssertEqual(try again.jsonBody()["error"]?["code"], "already_settled")
        XCTAssertTrue(again.bodyText.contains("conflict n2/1 of dossier \(code) was already settled by n1/"), again.bodyText)
    }

    func testAClerksActionListDoesNotOfferSettle() throws {
        let code = try file()
        let response = try send("POST", "/v1/dossiers/\(code)/actions", body: #"{"action": "sette", "note": "x"}"#)
        XCTAssertEqual(response.status, 422)
        XCTAssertFalse(response.bodyText.contains("settle"), "an admin action is not offered to clerks: \(response.bodyText)")
        XCTAssertFalse(try get("/v1/dossiers/\(code)")["allowedActions"]?.arrayValue?.contains("settle") ?? true)
    }

    // MARK: - Helpers

    private func send(_ method: String, _ target: String, body: String? = nil, token: String? = nil) throws -> HTTPResponse {
        let headers = fixture.authorized(body == nil ? [:] : ["Content-Type": "application/json"], token: token)
        return router.handle(try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }

    private func get(_ target: String) throws -> JSONValue {
        let response = try send("GET", target)
        XCTAssertEqual(response.status, 200, "\(target): \(response.bodyText)")
        return try response.jsonBody()
    }

    private func file() throws -> String {
        try fixture.service.file(ServiceFixture.filing()).code
    }

    /// A dossier started and resolved here, then a withdrawal request from n2 that sorts after
    /// the resolution arrives by replication: conflict n2/1.
    private func conflictedDossier() throws -> String {
        let code = try file()
        _ = try fixture.service.act(on: code, ActionRequest(action: .start), by: fixture.clerk)
        _ = try fixture.service.act(on: code, ActionRequest(action: .resolve), by: fixture.clerk)
        let now = fixture.clock.nowMs()
        let withdrawal = ChangeEvent(
            origin: "n2", sequence: 1, timestamp: HLCTimestamp(physicalMs: now + 60_000, logical: 0), dossierCode: code,
            kind: .action(.requestWithdrawal), actor: "clerk", centre: "n2", payload: ["note": "công dân xin rút"])
        _ = try fixture.store.write { try $0.applyReplicated([withdrawal]) }
        fixture.service.observe(withdrawal.timestamp)
        XCTAssertEqual(try get("/v1/dossiers/\(code)")["conflicts"]?.arrayValue?.count, 1)
        return code
    }

    /// Changes a dossier's stored state through a connection of its own, as an operator with the sqlite3 shell would.
    private func editStoredState(of code: String) throws {
        let connection = try SQLiteConnection(path: fixture.path)
        defer { try? connection.close() }
        try connection.execute("UPDATE dossiers SET state = replace(state, 'Ánh', 'Anh') WHERE code = ?", [.text(code)])
    }

    /// `count` minimal dossier rows X-0001… in one statement: enough for the listing limit, in milliseconds.
    private func insertRawDossiers(_ count: Int) throws {
        let connection = try SQLiteConnection(path: fixture.path)
        defer { try? connection.close() }
        try connection.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO dossiers (code, status, procedure_code, receiving_centre, competent_centre, handling_centre,
                received_at, due_at, original_due_at, id_number, name_key, sort_key, version, conflict_count, state)
            SELECT printf('X-%04d', i), 'received', '1.001612', 'n1', 'n1', 'n1', 0, 0, 0, '001090012345', 'a', 'a', 1, 0,
                '{"code":"' || printf('X-%04d', i) || '"}'
            FROM n
            """, [.integer(Int64(count))])
    }
}
