import CaseCore
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// Drives a real casenode process over HTTP through a dossier's whole life.
final class DossierLifecycleEndToEndTests: XCTestCase {
    private var node: CasenodeProcess!
    private var client: AuthorizedClient!

    override func setUpWithError() throws {
        node = CasenodeProcess.forTests(dataDirectory: CasenodeProcess.temporaryDirectory("lifecycle"))
        try node.start()
        client = try node.client()
    }

    override func tearDown() {
        node?.stop()
    }

    static let filing: JSONValue = [
        "procedureCode": "1.001612",
        "applicant": [
            "fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345", "birthDate": "1990-05-01", "phone": "0912345678",
            "address": ["provinceCode": "25", "communeCode": "08800", "detail": "thôn Đông"],
        ],
        "competentCentre": "local",
        "documents": [["name": "Tờ khai", "originals": 1, "copies": 0]],
    ]

    func testAWholeLifeThroughHTTPWithEveryIllegalStepRefusedAndNothingChanged() throws {
        let filed = try client.json("POST", "/v1/dossiers", Self.filing)
        XCTAssertEqual(filed.status, 201)
        let code = try XCTUnwrap(filed.body["code"]?.stringValue)
        XCTAssertTrue(DossierCode.isWellFormed(code), code)
        XCTAssertEqual(filed.body["status"], "received")
        XCTAssertEqual(filed.body["receivingCentre"], "local")
        XCTAssertEqual(filed.body["competentCentre"], "local")
        XCTAssertNotNil(filed.body["dueAt"]?.stringValue)

        let path = "/v1/dossiers/\(code)/actions"
        let life: [(String, String)] = [
            ("start", "processing"), ("request-supplement", "supplement_requested"), ("supplement", "processing"),
            ("resolve", "resolved"), ("return", "returned"),
        ]
        for (action, expectedStatus) in life {
            try assertIllegalStepsAreRefused(code: code)
            let stepped = try client.json("POST", path, ["action": .string(action), "note": .string("bước \(action)"), "reason": "thiếu giấy tờ"])
            XCTAssertEqual(stepped.status, 200, "\(action): \(stepped.body)")
            XCTAssertEqual(stepped.body["status"]?.stringValue, expectedStatus, action)
        }
        try assertIllegalStepsAreRefused(code: code)

        let shown = try client.json("GET", "/v1/dossiers/\(code)")
        XCTAssertEqual(shown.status, 200)
        let history = try XCTUnwrap(shown.body["history"]?.arrayValue)
        XCTAssertEqual(history.compactMap { $0["action"]?.stringValue }, ["filed"] + life.map(\.0))
        XCTAssertEqual(history.compactMap { $0["to"]?.stringValue }, ["received"] + life.map(\.1))
        XCTAssertEqual(history.dropFirst().compactMap { $0["from"]?.stringValue }, ["received"] + life.dropLast().map(\.1))
        for step in history {
            XCTAssertEqual(step["centre"], "local")
            XCTAssertNotNil(step["at"]?.stringValue?.hasSuffix("+07:00"))
        }
    }

    /// Tries every clerk action the status machine forbids now: each gets 409 and the dossier stays as it was.
    private func assertIllegalStepsAreRefused(code: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try client.json("GET", "/v1/dossiers/\(code)").body
        let status = try XCTUnwrap(before["status"]?.stringValue.flatMap(DossierStatus.init(rawValue:)))
        let allowed = Set(StatusMachine.allowedActions(from: status))
        for action in WorkflowAction.clerkActions where !allowed.contains(action) {
            var body: [String: JSONValue] = ["action": .string(action.rawValue)]
            if action == .transfer { body["to"] = "n9" }
            if action == .apologize { body["newDueAt"] = "2099-01-01T08:00:00+07:00" }
            // A step's own fields are checked first: give each the reason its form states.
            body["reason"] = "quá tải"
            let refused = try client.json("POST", "/v1/dossiers/\(code)/actions", .object(body))
            XCTAssertEqual(refused.status, 409, "\(action.rawValue) from \(status.rawValue)", file: file, line: line)
            XCTAssertEqual(refused.body["error"]?["code"], "illegal_transition", file: file, line: line)
            let message = refused.body["error"]?["message"]?.stringValue ?? ""
            XCTAssertTrue(message.contains(status.rawValue), message, file: file, line: line)
        }
        let after = try client.json("GET", "/v1/dossiers/\(code)").body
        XCTAssertEqual(after, before, "a refused step changed the dossier", file: file, line: line)
    }

    func testSearchFoldsMarksCaseAndDAndTreatsDecomposedNamesAsTheSameName() throws {
        let decomposed = "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh"
        for name in [decomposed, "Nguyễn Văn Ánh", "Đặng Thị Hoa"] {
            var filing = Self.filing.objectValue ?? [:]
            filing["applicant"] = ["fullName": .string(name), "idNumber": "079195000123"]
            XCTAssertEqual(try client.json("POST", "/v1/dossiers", .object(filing)).status, 201)
        }
        let found = try client.json("GET", "/v1/dossiers?q=nguyen%20van%20anh").body
        let names = (found["items"]?.arrayValue ?? []).compactMap { $0["applicant"]?["fullName"]?.stringValue }
        XCTAssertEqual(names.count, 2)
        XCTAssertEqual(Set(names.map { Array($0.unicodeScalars) }).count, 1, "both spellings are stored as one NFC name")
        XCTAssertEqual(names.first, "Nguyễn Văn Ánh")

        let dang = try client.json("GET", "/v1/dossiers?q=dang").body
        XCTAssertEqual((dang["items"]?.arrayValue ?? []).compactMap { $0["applicant"]?["fullName"]?.stringValue }, ["Đặng Thị Hoa"])
        XCTAssertEqual(try client.json("GET", "/v1/dossiers?q=DANG%20THI").body["total"], 1)
    }

    func testCasectlFilesAndShowsADossier() throws {
        let filed = try runCasectl(["--node", node.baseURL, "--json", "file", "--procedure", "1.001612", "--name", "Trần Thị Bình",
                                    "--id-number", "001195000001", "--document", "Tờ khai:1:0"])
        XCTAssertEqual(filed.status, 0, filed.error)
        let code = try XCTUnwrap(try JSONParser().parse(filed.output)["code"]?.stringValue)
        let shown = try runCasectl(["show", code, "--node", node.baseURL])
        XCTAssertEqual(shown.status, 0, shown.error)
        XCTAssertTrue(shown.output.contains(code))
        XCTAssertTrue(shown.output.contains("Trần Thị Bình"))
        XCTAssertTrue(shown.output.contains("History"))

        let refused = try runCasectl(["act", code, "return", "--node", node.baseURL])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.error.contains("409"), refused.error)
        XCTAssertEqual(refused.error.split(separator: "\n").count, 1, "one line of reason")
    }

    /// Runs the real casectl with the node's admin token (CASESTORE_TOKEN).
    private func runCasectl(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let run = try CasectlProcess.run(arguments, environment: node.adminEnvironment)
        return (run.exitCode, run.standard, run.error)
    }
}
