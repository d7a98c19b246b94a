import CaseNet
import Synchronization
import XCTest
@testable import CaseCLI
import CaseSupport

/// A node that answers the admin endpoints with answers the test scripts, and records what it was asked.
final class ScriptedAdminNode: Sendable {
    private final class Script: Sendable {
        let state: Mutex<(answers: [HTTPResponse], requests: [JSONValue])>

        init(_ answers: [HTTPResponse]) {
            state = Mutex((answers, []))
        }

        func answer(_ request: HTTPRequest) -> HTTPResponse {
            let body = (try? JSONParser().parse(request.body)) ?? .null
            return state.withLock { state in
                state.requests.append(["path": .string(request.path), "body": body])
                guard !state.answers.isEmpty else { return .json(500, ["error": ["code": "script", "message": "no more answers"]]) }
                return state.answers.removeFirst()
            }
        }
    }

    private let server: HTTPServer
    private let script: Script
    let port: UInt16

    init(answers: [HTTPResponse]) throws {
        let script = Script(answers)
        self.script = script
        server = HTTPServer(host: "127.0.0.1", port: 0) { script.answer($0) }
        port = try server.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    var requests: [JSONValue] { script.state.withLock { $0.requests } }

    func stop() {
        _ = server.stop()
    }
}

final class RetireCommandTests: XCTestCase {
    /// Two batches of a handover of n3 to n2: two dossiers, then one, then n3 is retired.
    static let batches: [JSONValue] = [
        [
            "node": "n3", "successor": "n2", "moved": 2, "remaining": 1, "nodeState": "alive", "retiredNow": false,
            "counts": ["processing": 1, "received": 1],
            "items": [
                ["code": "N1-250701-0001", "status": "processing", "dueAt": "2025-07-02T09:00:00.000+07:00", "from": "n3", "to": "n2", "event": "n1/7"],
                ["code": "N1-250701-0002", "status": "received", "dueAt": "2025-07-03T16:30:00.000+07:00", "from": "n3", "to": "n2", "event": "n1/8"],
            ],
        ],
        [
            "node": "n3", "successor": "n2", "moved": 1, "remaining": 0, "nodeState": "retired", "retiredNow": true,
            "counts": ["supplement_requested": 1],
            "items": [
                ["code": "N2-250701-0001", "status": "supplement_requested", "dueAt": "2025-07-04T08:00:00.000+07:00", "from": "n3", "to": "n2", "event": "n1/9"],
            ],
        ],
    ]

    static let rerun: JSONValue = [
        "node": "n3", "successor": "n2", "moved": 0, "remaining": 0, "nodeState": "retired", "retiredNow": false,
        "counts": [:], "items": [],
    ]

    private func ledger(_ answers: [JSONValue]) throws -> HandoverLedger {
        var ledger = HandoverLedger(node: "n3", successor: "n2")
        for answer in answers { try ledger.add(answer) }
        return ledger
    }

    private func node(_ answers: [HTTPResponse]) throws -> ScriptedAdminNode {
        let node = try ScriptedAdminNode(answers: answers)
        addTeardownBlock { node.stop() }
        return node
    }

    // MARK: - Rendering (golden)

    func testTheLedgerTableListsCountsPerStatusAndEveryDossierMoved() throws {
        XCTAssertEqual(RetireCommand.render(try ledger(Self.batches)), """
            Retired n3: its unfinished dossiers are handled by n2 now.
            Moved 3 dossiers in 2 requests.

            Status                Moved
            --------------------  -----
            processing                1
            received                  1
            supplement_requested      1

            Code            Status                Due                            From  To
            --------------  --------------------  -----------------------------  ----  --
            N1-250701-0001  processing            2025-07-02T09:00:00.000+07:00  n3    n2
            N1-250701-0002  received              2025-07-03T16:30:00.000+07:00  n3    n2
            N2-250701-0001  supplement_requested  2025-07-04T08:00:00.000+07:00  n3    n2
            """)
    }

    func testARerunSaysNothingMovedAndWhereEarlierHandoversAre() throws {
        XCTAssertEqual(RetireCommand.render(try ledger([Self.rerun])), """
            n3 was already retired; its unfinished dossiers are handled by n2.
            Moved 0 dossiers: n3 handles no unfinished dossier any more (earlier handovers are in each dossier's history).
            """)
    }

    func testTheProgressLineSaysWhatMovedAndWhatIsLeft() throws {
        XCTAssertEqual(RetireCommand.progressLine(try ledger([Self.batches[0]])), "retire n3 → n2: request 1 moved 2 (2 so far), 1 left")
    }

    func testTheLedgerJSONAddsUpEveryRequest() throws {
        let json = try ledger(Self.batches).json
        let reparsed = try JSONParser().parse(Array(JSONWriter.string(json, pretty: true).utf8))
        XCTAssertEqual(reparsed["moved"], 3)
        XCTAssertEqual(reparsed["remaining"], 0)
        XCTAssertEqual(reparsed["requests"], 2)
        XCTAssertEqual(reparsed["nodeState"], "retired")
        XCTAssertEqual(reparsed["retiredNow"], true)
        XCTAssertEqual(reparsed["counts"], ["processing": 1, "received": 1, "supplement_requested": 1])
        XCTAssertEqual(reparsed["items"]?.arrayValue?.compactMap { $0["code"]?.stringValue }, ["N1-250701-0001", "N1-250701-0002", "N2-250701-0001"])
        XCTAssertEqual(reparsed["items"]?[2], [
            "code": "N2-250701-0001", "status": "supplement_requested", "dueAt": "2025-07-04T08:00:00.000+07:00", "from": "n3", "to": "n2",
        ])
        XCTAssertEqual(reparsed["itemsOmitted"], 0)
    }

    func testAnAnswerThatIsNotALedgerIsRefused() {
        let broken: [JSONValue] = [
            [:],
            ["moved": 1, "remaining": 0, "nodeState": "retired", "items": []],
            ["moved": 1, "remaining": 0, "nodeState": "retired", "items": [["code": "X"]]],
        ]
        for answer in broken {
            var ledger = HandoverLedger(node: "n3", successor: "n2")
            XCTAssertThrowsError(try ledger.add(answer), "\(answer)") { XCTAssertTrue($0 is NotALedger) }
        }
    }

    func testReadmitRendersOneLine() {
        XCTAssertEqual(
            ReadmitCommand.render(["node": "n3", "state": "alive", "incarnation": 8_589_934_592]),
            "Re-admitted n3: alive (incarnation 8589934592). Start it with --readmit to let it rejoin.")
    }

    // MARK: - Against a node

    func testRetireCallsTheNodeUntilNothingIsLeftPrintingProgressThenTheLedger() throws {
        let node = try node(Self.batches.map { .json(200, $0) })
        let run = CasectlTranscript.run(["--node", node.baseURL, "retire", "n3", "--successor", "n2", "--batch", "2", "--note", "sáp nhập"])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, run.error)
        XCTAssertEqual(run.error, """
            retire n3 → n2: request 1 moved 2 (2 so far), 1 left
            retire n3 → n2: request 2 moved 1 (3 so far), 0 left

            """)
        XCTAssertEqual(run.standard, RetireCommand.render(try ledger(Self.batches)) + "\n")
        let expected: JSONValue = ["path": "/v1/admin/retire", "body": ["node": "n3", "successor": "n2", "limit": 2, "note": "sáp nhập"]]
        XCTAssertEqual(node.requests, [expected, expected])
    }

    func testRetireWithJSONPrintsTheWholeLedgerAsValidJSON() throws {
        let node = try node(Self.batches.map { .json(200, $0) })
        let run = CasectlTranscript.run(["--node", node.baseURL, "--json", "retire", "n3", "--successor", "n2"])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, run.error)
        let printed = try JSONParser().parse(Array(run.standard.utf8))
        XCTAssertEqual(printed, try ledger(Self.batches).json)
        XCTAssertEqual(node.requests.first?["body"], ["node": "n3", "successor": "n2"], "the node's default batch")
    }

    func testRetireStopsWithAReasonWhenTheNodeMovesNothingButSomeAreLeft() throws {
        let stuck: JSONValue = [
            "node": "n3", "successor": "n2", "moved": 0, "remaining": 4, "nodeState": "alive", "retiredNow": false, "counts": [:], "items": [],
        ]
        let node = try node([.json(200, stuck)])
        let run = CasectlTranscript.run(["--node", node.baseURL, "retire", "n3", "--successor", "n2"])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.failure)
        XCTAssertEqual(run.standard, "")
        XCTAssertTrue(run.error.hasSuffix(
            "casectl retire: 4 unfinished dossiers of n3 are still not handed over (the node moved none of them, see its log; 0 moved so far): run the same command again to continue\n"),
            run.error)
    }

    func testANodeRefusalExitsOneWithItsOneLineReason() throws {
        let refusal = HTTPResponse.json(409, ["error": ["code": "successor_retired", "message": "successor n4 is itself retired; choose a member that is not retired"]])
        let node = try node([refusal])
        let run = CasectlTranscript.run(["--node", node.baseURL, "retire", "n3", "--successor", "n4"])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.failure)
        XCTAssertEqual(run.error, "casectl retire: successor n4 is itself retired; choose a member that is not retired (409 successor_retired)\n")
    }

    func testUsageErrorsExitTwoWithoutContactingTheNode() throws {
        let node = try node([])
        let cases: [(arguments: [String], says: String)] = [
            (["retire", "n3"], "casectl retire: missing --successor"),
            (["retire", "n3", "--successor", "n2", "--batch", "0"], "casectl retire: --batch: expected a whole number from 1 to 500, got '0'"),
            (["retire", "n3", "--successor", "n2", "--batch", "many"], "--batch: expected a whole number from 1 to 500, got 'many'"),
            (["retire", "--successor", "n2"], "NODE"),
            (["readmit"], "NODE"),
        ]
        for (arguments, says) in cases {
            let run = CasectlTranscript.run(["--node", node.baseURL] + arguments)
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.usage, "\(arguments): \(run.error)")
            XCTAssertTrue(run.error.contains(says), "\(arguments): \(run.error)")
        }
        XCTAssertEqual(node.requests, [])
    }

    func testReadmitPostsTheNodeAndPrintsTheAnswer() throws {
        let answer: JSONValue = ["node": "n3", "state": "alive", "incarnation": 8_589_934_592, "message": "node n3 is re-admitted"]
        let node = try node([.json(200, answer), .json(200, answer)])
        let table = CasectlTranscript.run(["--node", node.baseURL, "readmit", "n3"])
        XCTAssertEqual(table.exitCode, Casectl.ExitCode.success, table.error)
        XCTAssertEqual(table.standard, ReadmitCommand.render(answer) + "\n")
        let json = CasectlTranscript.run(["--node", node.baseURL, "--json", "readmit", "n3"])
        XCTAssertEqual(try JSONParser().parse(Array(json.standard.utf8)), answer)
        XCTAssertEqual(node.requests.map { $0["body"] }, [["node": "n3"], ["node": "n3"]])
    }

    func testHelpDescribesBothCommands() {
        let retire = CasectlTranscript.run(["retire", "--help"])
        XCTAssertEqual(retire.exitCode, Casectl.ExitCode.success)
        XCTAssertTrue(retire.standard.contains("--successor NODE") && retire.standard.contains("--batch N"), retire.standard)
        let readmit = CasectlTranscript.run(["readmit", "--help"])
        XCTAssertTrue(readmit.standard.contains("--readmit"), readmit.standard)
        let root = CasectlTranscript.run(["--help"])
        XCTAssertTrue(root.standard.contains("retire") && root.standard.contains("readmit"), root.standard)
    }
}
