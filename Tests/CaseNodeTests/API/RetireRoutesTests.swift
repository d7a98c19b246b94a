import CaseCore
import CaseNet
import CaseStorage
import Foundation
import Synchronization
import TestSupport
import XCTest
@testable import CaseNode
import CaseSupport
import CaseReplication

/// A transport that sends nowhere: the test hands the runtime messages as if peers had sent them.
final class ScriptedPeerTransport: PeerTransport, Sendable {
    private let deliver = Mutex<StoredClosure<@Sendable (String, PeerMessage) -> Void>?>(nil)
    let sent = Mutex<[Envelope]>([])

    func start(deliver: @escaping @Sendable (String, PeerMessage) -> Void) throws -> UInt16 {
        self.deliver.withLock { $0 = StoredClosure { deliver } }
        return 7411
    }

    func send(_ envelope: Envelope) {
        sent.withLock { $0.append(envelope) }
    }

    func stop() {}

    var counters: PeerTransportCounters { PeerTransportCounters() }

    func receive(from sender: String, _ message: PeerMessage) {
        deliver.withLock { $0 }?.call()(sender, message)
    }
}

/// `POST /v1/admin/retire` and `/v1/admin/readmit` on node n1, whose
/// membership knows n2 and n3 alive and n4 retired.
final class RetireRoutesTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var replication: ReplicationRuntime!
    private var router: APIRouter!

    private static func record(_ id: String, incarnation: UInt64 = 1, state: MemberState = .alive) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "127.0.0.1:\(id.dropFirst())1", httpAddress: "127.0.0.1:\(id.dropFirst())0", incarnation: incarnation, state: state)
    }

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00", nodeID: "n1")
        let transport = ScriptedPeerTransport()
        let log = SQLiteReplicaLog(store: fixture.store)
        replication = ReplicationRuntime(
            transport: transport, log: log, clock: fixture.clock, joinAddresses: [], logger: Logger(sink: .discard, clock: { 0 })
        ) { holding, _, _, _ in
            ReplicationNode(self: Self.record("n1"), configuration: ReplicationConfiguration(), holding: holding, seed: 1, nowMs: 0)
        }
        _ = try replication.start(httpPort: 7410)
        let members = [Self.record("n2"), Self.record("n3"), Self.record("n4", incarnation: 1 << 32, state: .retired)]
        transport.receive(from: "n2", .membership(members: members, isReply: true))
        _ = eventually { (try? replication.member("n4")) != nil }
        XCTAssertEqual(try replication.member("n4")?.state, .retired, "the setup")
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, replication: replication, clusterID: "test")
    }

    override func tearDown() {
        replication?.stop()
        fixture?.store.close()
    }

    private func post(_ path: String, _ body: String, query: String = "") throws -> HTTPResponse {
        let request = try HTTPRequest(
            method: "POST", target: path + query, headers: fixture.authorized(["Content-Type": "application/json"]), body: Array(body.utf8))
        return router.handle(request)
    }

    private func file(competent: String) throws -> String {
        var filing = ServiceFixture.filing()
        filing.competentCentre = competent
        return try fixture.service.file(filing).code
    }

    func testRetireIsRefusedClearlyWhenItCannotMakeSense() throws {
        let cases: [(body: String, query: String, status: Int, code: String, says: String)] = [
            (#"{"node": "n3", "successor": "n9"}"#, "", 422, "unknown_successor", "successor n9 is not a member of this cluster as n1 knows it; known members: n1, n2, n3, n4"),
            (#"{"node": "n3", "successor": "n4"}"#, "", 409, "successor_retired", "successor n4 is itself retired"),
            (#"{"node": "n3", "successor": "n3"}"#, "", 422, "validation_failed", "successor: must be another centre than the one retired (n3)"),
            (#"{"node": "n1", "successor": "n2"}"#, "", 409, "cannot_retire_self", "send the retire request to another member, for example the successor n2"),
            (#"{"node": "n9", "successor": "n2"}"#, "", 422, "unknown_node", "node n9 is not a member"),
            (#"{"node": "n3"}"#, "", 422, "validation_failed", "successor: is required"),
            (#"{"node": "n3", "successor": "n2", "limit": 0}"#, "", 422, "validation_failed", "limit: must be between 1 and 500"),
            (#"{"node": "n3", "successor": "n2", "limit": 501}"#, "", 422, "validation_failed", "limit: must be between 1 and 500"),
            (#"{"node": "n3", "successor": "n2", "dryRun": true}"#, "", 422, "validation_failed", "dryRun: unknown field"),
            (#"{"node": "N 3", "successor": "n2"}"#, "", 422, "validation_failed", "node:"),
            (#"{"node": "n3", "successor": "n2"}"#, "?limit=5", 400, "bad_query", "unknown query parameter 'limit'"),
            ("not json", "", 400, "invalid_json", "invalid JSON"),
        ]
        _ = try file(competent: "n3")
        for testCase in cases {
            let response = try post("/v1/admin/retire", testCase.body, query: testCase.query)
            XCTAssertEqual(response.status, testCase.status, "\(testCase.body): \(response.bodyText)")
            let error = try response.jsonBody()["error"]
            XCTAssertEqual(error?["code"]?.stringValue, testCase.code, testCase.body)
            XCTAssertTrue(error?["message"]?.stringValue?.contains(testCase.says) == true, "\(testCase.body): \(response.bodyText)")
        }
        XCTAssertEqual(try fixture.service.awaitingHandoverCount(handledBy: "n3"), 1, "nothing moved")
        XCTAssertEqual(try replication.member("n3")?.state, .alive, "nothing retired")
        XCTAssertEqual(router.handle(try HTTPRequest(method: "GET", target: "/v1/admin/retire", headers: fixture.authorized())).status, 405)
    }

    func testRetireMovesBatchByBatchThenRetiresTheNodeAndARerunChangesNothing() throws {
        let codes = try (0..<3).map { _ in try file(competent: "n3") }.sorted()
        _ = try fixture.service.act(on: codes[0], ActionRequest(action: .start), by: .admin)
        let dueDates = try codes.map { try fixture.service.dossier(code: $0).state["dueAt"] }
        let body = #"{"node": "n3", "successor": "n2", "limit": 2, "note": "sáp nhập xã"}"#

        let first = try post("/v1/admin/retire", body)
        XCTAssertEqual(first.status, 200, first.bodyText)
        let firstLedger = try first.jsonBody()
        XCTAssertEqual(firstLedger["moved"], 2)
        XCTAssertEqual(firstLedger["remaining"], 1)
        XCTAssertEqual(firstLedger["nodeState"], "alive", "retired only once nothing is left")
        XCTAssertEqual(firstLedger["retiredNow"], false)
        XCTAssertEqual(firstLedger["counts"], ["processing": 1, "received": 1])
        let item = try XCTUnwrap(firstLedger["items"]?[0])
        XCTAssertEqual(item["code"]?.stringValue, codes[0])
        XCTAssertEqual(item["status"], "processing")
        XCTAssertEqual(item["dueAt"], dueDates[0])
        XCTAssertEqual(item["from"], "n3")
        XCTAssertEqual(item["to"], "n2")
        XCTAssertNotNil(item["event"]?.stringValue?.wholeMatch(of: #/n1/\d+/#))

        let second = try post("/v1/admin/retire", body).jsonBody()
        XCTAssertEqual(second["moved"], 1)
        XCTAssertEqual(second["remaining"], 0)
        XCTAssertEqual(second["nodeState"], "retired")
        XCTAssertEqual(second["retiredNow"], true)
        let retired = try XCTUnwrap(try replication.member("n3"))
        XCTAssertEqual(retired.state, .retired)
        XCTAssertEqual(retired.incarnation, 1 << 32)

        let rerun = try post("/v1/admin/retire", body)
        XCTAssertEqual(rerun.status, 200, rerun.bodyText)
        XCTAssertEqual(try rerun.jsonBody(), [
            "node": "n3", "successor": "n2", "moved": 0, "remaining": 0, "nodeState": "retired", "retiredNow": false,
            "counts": [:], "items": [],
        ])
        for (code, due) in zip(codes, dueDates) {
            let state = try fixture.service.dossier(code: code).state
            XCTAssertEqual(state["handlingCentre"], "n2", code)
            XCTAssertEqual(state["dueAt"], due, code)
            XCTAssertEqual(state["history"]?.arrayValue?.filter { $0["action"] == "handover" }.count, 1, code)
        }
    }

    func testReadmitBringsARetiredMemberBackAndRefusesWhatMakesNoSense() throws {
        let retire = try post("/v1/admin/retire", #"{"node": "n3", "successor": "n2"}"#)
        XCTAssertEqual(try retire.jsonBody()["nodeState"], "retired", retire.bodyText)

        let readmitted = try post("/v1/admin/readmit", #"{"node": "n3"}"#)
        XCTAssertEqual(readmitted.status, 200, readmitted.bodyText)
        let answer = try readmitted.jsonBody()
        XCTAssertEqual(answer["state"], "alive")
        XCTAssertEqual(answer["incarnation"], .int(2 << 32))
        XCTAssertTrue(answer["message"]?.stringValue?.contains("--readmit") == true)
        XCTAssertEqual(try replication.member("n3")?.state, .alive)

        let cases: [(body: String, status: Int, code: String)] = [
            (#"{"node": "n3"}"#, 409, "not_retired"),
            (#"{"node": "n1"}"#, 409, "cannot_readmit_self"),
            (#"{"node": "n9"}"#, 422, "unknown_node"),
            (#"{"node": "n3", "successor": "n2"}"#, 422, "validation_failed"),
            (#"{}"#, 422, "validation_failed"),
        ]
        for testCase in cases {
            let response = try post("/v1/admin/readmit", testCase.body)
            XCTAssertEqual(response.status, testCase.status, "\(testCase.body): \(response.bodyText)")
            XCTAssertEqual(try response.jsonBody()["error"]?["code"]?.stringValue, testCase.code, testCase.body)
        }
    }

    func testWithoutReplicationTheAdminEndpointsDoNotExist() throws {
        let single = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
        for path in ["/v1/admin/retire", "/v1/admin/readmit"] {
            let request = try HTTPRequest(method: "POST", target: path, headers: fixture.authorized(), body: Array(#"{"node": "n3", "successor": "n2"}"#.utf8))
            XCTAssertEqual(single.handle(request).status, 404, path)
        }
    }
}
