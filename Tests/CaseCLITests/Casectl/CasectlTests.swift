import CaseCore
import CaseNet
import NodeLauncher
import TestSupport
import XCTest
@testable import CaseCLI
import CaseSupport

/// casectl in-process against a real node (a `casenode` child process on a free port).
final class CasectlTests: XCTestCase {
    private var startedNode: CasenodeProcess?

    override func tearDown() {
        startedNode?.stop()
        startedNode?.removeFiles()
    }

    /// The node, started on first use so that tests which need none start none.
    private func node() throws -> CasenodeProcess {
        if let startedNode { return startedNode }
        let node = CasenodeProcess.forTests()
        startedNode = node
        try node.start()
        return node
    }

    private func casectl(_ arguments: [String], environment: [String: String] = [:], files: [String: String] = [:]) throws -> CasectlTranscript {
        let node = try node()
        return CasectlTranscript.run(
            ["--node", node.baseURL] + arguments, environment: node.adminEnvironment.merging(environment) { $1 }, files: files)
    }

    static let applicant = ["--procedure", "1.001612", "--name", "Nguyễn Văn Ánh", "--id-number", "001090012345"]

    // MARK: - file

    /// A clerk token of the node's centre, created through casectl, for `CASESTORE_TOKEN`.
    private func clerkToken(named name: String) throws -> String {
        let created = try json(try casectl(["--json", "token", "create", "--name", name, "--role", "clerk", "--centre", "local"]))
        return try XCTUnwrap(created["secret"]?.stringValue)
    }

    func testFileWithOptionsSendsEveryFieldAndPrintsASummary() throws {
        let clerk = try clerkToken(named: "Lê Thị Hoa")
        let filed = try casectl([
            "file", "--procedure", "1.001612",
            "--name", "Nguyễn Văn Ánh".decomposedStringWithCanonicalMapping,  // as some keyboards send it
            "--id-number", "001090012345", "--birth-date", "1990-05-01", "--phone", "0912345678",
            "--province", "25", "--commune", "08800", "--address", "thôn Đông",
            "--document", "Tờ khai:1:0", "--document", "Giấy chứng sinh:2", "--document", "Sổ hộ khẩu",
            "--online", "--note", "nộp trực tuyến",
        ], environment: ["CASESTORE_TOKEN": clerk])
        XCTAssertEqual(filed.exitCode, Casectl.ExitCode.success, filed.error)
        XCTAssertEqual(filed.error, "")
        let lines = filed.standard.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 5, "four lines and the final newline: \(filed.standard)")
        XCTAssertNotNil(lines[0].wholeMatch(of: #/Filed LOCAL-\d{6}-0001: submitted/#), lines[0])
        XCTAssertNotNil(lines[1].wholeMatch(of: #/Due \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00/#), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("Allowed next: ") && lines[2].contains("accept"), lines[2])
        XCTAssertNotNil(lines[3].firstMatch(of: #/^Lookup PIN \d{6}: give it to the citizen/#), lines[3])

        let code = String(lines[0].dropFirst("Filed ".count).prefix { $0 != ":" })
        let shown = try json(try casectl(["--json", "show", code]))
        XCTAssertEqual(shown["channel"], "online")
        XCTAssertEqual(shown["applicant"]?["fullName"], "Nguyễn Văn Ánh", "stored in NFC")
        XCTAssertEqual(shown["applicant"]?["birthDate"], "1990-05-01")
        XCTAssertEqual(shown["applicant"]?["phone"], "0912345678")
        XCTAssertEqual(shown["applicant"]?["address"], ["provinceCode": "25", "communeCode": "08800", "detail": "thôn Đông"])
        XCTAssertEqual(shown["documents"], [
            ["name": "Tờ khai", "originals": 1, "copies": 0],
            ["name": "Giấy chứng sinh", "originals": 2, "copies": 0],
            ["name": "Sổ hộ khẩu", "originals": 1, "copies": 0],
        ])
        XCTAssertEqual(shown["history"]?[0]?["note"], "nộp trực tuyến")
        XCTAssertEqual(shown["history"]?[0]?["actor"], "Lê Thị Hoa", "recorded as the token's name")
    }

    func testFileFromJSONSendsTheBodyAsGiven() throws {
        let body = #"{"procedureCode": "2.000635", "applicant": {"fullName": "Trần Thị Bình", "idNumber": "001190012345"}}"#
        let filed = try casectl(["--json", "file", "--from-json", "filing.json"], files: ["filing.json": body])
        XCTAssertEqual(filed.exitCode, Casectl.ExitCode.success, filed.error)
        let dossier = try json(filed)
        XCTAssertEqual(dossier["procedureCode"], "2.000635")
        XCTAssertEqual(dossier["channel"], "counter")
        XCTAssertEqual(dossier["status"], "received")
    }

    func testARefusedFilingExitsOneWithTheNodesReason() throws {
        let refused = try casectl(["file", "--procedure", "9.999999", "--name", "Trần Thị Bình", "--id-number", "001190012345"])
        XCTAssertEqual(refused.exitCode, Casectl.ExitCode.failure)
        XCTAssertEqual(refused.standard, "")
        XCTAssertTrue(refused.error.hasPrefix("casectl file: procedureCode: "), refused.error)
        XCTAssertTrue(refused.error.hasSuffix("(422 validation_failed)\n"), refused.error)
    }

    // MARK: - show

    func testShowPrintsAlignedTablesWithoutTrailingSpaces() throws {
        let code = try fileDossier()
        XCTAssertEqual(try casectl(["act", code, "start", "--note", "bắt đầu xử lý"], environment: ["CASESTORE_TOKEN": try clerkToken(named: "Lê Thị Hoa")]).exitCode, 0)
        let shown = try casectl(["show", code])
        XCTAssertEqual(shown.exitCode, Casectl.ExitCode.success, shown.error)
        let lines = shown.standard.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.last, "", "ends with one newline")
        let body = lines.dropLast()
        XCTAssertFalse(body.contains { $0.hasSuffix(" ") }, "no trailing spaces:\n\(shown.standard)")
        XCTAssertEqual(body.last?.isEmpty, false, "no blank line at the end")
        XCTAssertEqual(body.filter(\.isEmpty).count, 1, "one blank line, before History")

        let history = try XCTUnwrap(body.firstIndex(of: "History"))
        let facts = Array(body[..<(history - 1)])
        XCTAssertEqual(facts[0], "Field             Value")
        XCTAssertTrue(facts.contains("Code              \(code)"), facts.joined(separator: "\n"))
        XCTAssertTrue(facts.contains("Status            processing"))
        XCTAssertTrue(facts.contains("Applicant         Nguyễn Văn Ánh (001090012345)"))
        XCTAssertTrue(facts.contains("Handling centre   local"))
        assertColumnsLineUp(facts)

        let steps = Array(body[(history + 1)...])
        XCTAssertEqual(steps.count, 4, "header, rule, filed, start")
        XCTAssertTrue(steps[0].hasPrefix("At  ") && steps[0].hasSuffix("Note"), steps[0])
        XCTAssertTrue(steps[3].contains("  local   Lê Thị Hoa   start   received  processing  bắt đầu xử lý"), steps[3])
        assertColumnsLineUp(steps)
    }

    func testShowingAnUnknownDossierExitsOne() throws {
        let shown = try casectl(["show", "LOCAL-250701-0042"])
        XCTAssertEqual(shown.exitCode, Casectl.ExitCode.failure)
        XCTAssertEqual(shown.error, "casectl show: no dossier LOCAL-250701-0042 on this node (404 not_found)\n")
    }

    // MARK: - act

    func testAnIllegalStepExitsOneWithAOneLineReason() throws {
        let code = try fileDossier()
        let refused = try casectl(["act", code, "resolve"])
        XCTAssertEqual(refused.exitCode, Casectl.ExitCode.failure)
        XCTAssertEqual(refused.standard, "")
        XCTAssertEqual(refused.error, """
            casectl act: cannot resolve: the dossier is received; allowed from received: \
            transfer, start, request-withdrawal, apologize, note (409 illegal_transition)

            """)

        let stepped = try casectl(["act", code, "start", "--note", "đủ hồ sơ"])
        XCTAssertEqual(stepped.exitCode, Casectl.ExitCode.success, stepped.error)
        XCTAssertTrue(stepped.standard.hasPrefix("Updated \(code): processing\n"), stepped.standard)
    }

    func testAnUnknownActionIsRefusedByTheNode() throws {
        let code = try fileDossier()
        let refused = try casectl(["act", code, "fly"])
        XCTAssertEqual(refused.exitCode, Casectl.ExitCode.failure)
        XCTAssertTrue(refused.error.hasPrefix(#"casectl act: action: unknown action "fly""#), refused.error)
        XCTAssertEqual(refused.error.filter { $0 == "\n" }.count, 1, "one line")
    }

    // MARK: - --json

    func testJSONFlagPrintsTheNodesAnswerAsValidJSON() throws {
        let filed = try json(try casectl(["--json", "file"] + Self.applicant))
        let code = try XCTUnwrap(filed["code"]?.stringValue)
        let cases: [(arguments: [String], key: String)] = [
            (["--json", "show", code], "history"),
            (["show", code, "--json"], "history"),
            (["act", code, "start", "--json"], "allowedActions"),
            (["--json", "find"], "items"),
            (["--json", "procedures"], "items"),
        ]
        for (arguments, key) in cases {
            let answer = try json(try casectl(arguments))
            XCTAssertNotNil(answer[key], "\(arguments): \(answer)")
        }
    }

    // MARK: - find

    func testFindWithVietnameseTextFindsTheRightDossiers() throws {
        let anh = try fileDossier(name: "Nguyễn Văn Ánh")
        let binh = try fileDossier(name: "Trần Thị Bình")
        let cases: [(arguments: [String], codes: [String])] = [
            (["find", "Nguyễn Văn"], [anh]),
            (["find", "nguyen van anh"], [anh]),
            (["find", "Trần Thị Bình".decomposedStringWithCanonicalMapping], [binh]),
            (["find", "Bình & Ánh?"], []),
            (["find", "--id-number", "001090012345"], [anh, binh]),
            (["find", "--status", "received", "--limit", "1", "--offset", "1"], [binh]),
        ]
        for (arguments, codes) in cases {
            let found = try json(try casectl(["--json"] + arguments))
            XCTAssertEqual(found["items"]?.arrayValue?.compactMap { $0["code"]?.stringValue }, codes, "\(arguments)")
        }
        let table = try casectl(["find", "Nguyễn Văn"])
        XCTAssertEqual(table.exitCode, Casectl.ExitCode.success, table.error)
        XCTAssertTrue(table.standard.contains("\(anh)  received"), table.standard)
        XCTAssertFalse(table.standard.contains(binh))
        XCTAssertTrue(table.standard.hasSuffix("\n1 shown (from 1) of 1 found\n"), table.standard)
    }

    func testABadSearchIsRefusedByTheNode() throws {
        let refused = try casectl(["find", "--status", "lost"])
        XCTAssertEqual(refused.exitCode, Casectl.ExitCode.failure)
        XCTAssertTrue(refused.error.hasPrefix("casectl find: status 'lost' is unknown"), refused.error)
        XCTAssertTrue(refused.error.hasSuffix("(400 bad_query)\n"), refused.error)
    }

    // MARK: - procedures

    func testProceduresListTheShippedCatalogue() throws {
        let listed = try casectl(["procedures"])
        XCTAssertEqual(listed.exitCode, Casectl.ExitCode.success, listed.error)
        let lines = listed.standard.split(separator: "\n").map(String.init)
        let count = try XCTUnwrap(try json(try casectl(["--json", "procedures"]))["items"]?.arrayValue?.count)
        XCTAssertGreaterThan(count, 0)
        XCTAssertEqual(lines.count, count + 2, "header, rule, one line per procedure")
        XCTAssertTrue(lines[0].hasPrefix("Code  ") && lines[0].contains(" Limit  ") && lines[0].hasSuffix("Filed at"), lines[0])
        XCTAssertTrue(lines.contains { $0.hasPrefix("1.001612  ") }, listed.standard)
        XCTAssertFalse(lines.contains { $0.hasSuffix(" ") })
        let feesEnd = try XCTUnwrap(lines[0].range(of: "Fees (VND)")).upperBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst(2) {
            let characters = Array(line)
            XCTAssertTrue(characters[feesEnd - 1] != " " && characters[feesEnd] == " ", "fees are right-aligned to their header: \(line)")
        }
        // Residence procedures are the police's, and not received at a commune centre.
        XCTAssertTrue(lines.contains { $0.hasPrefix("1.004194  ") && $0.contains("  Công an cấp xã  ") && $0.hasSuffix("  not here") }, listed.standard)
    }

    // MARK: - usage, node address, connection

    func testUsageErrorsExitTwoWithoutContactingTheNode() throws {
        let unreachable = try closedPortURL()
        let cases: [(arguments: [String], mentions: String)] = [
            ([], "missing"),
            (["frobnicate"], "frobnicate"),
            (["shwo", "LOCAL-250701-0001"], "show"),
            (["show"], "CODE"),
            (["act", "LOCAL-250701-0001"], "ACTION"),
            (["show", "A", "B"], "B"),
            (["find", "--colour", "red"], "--colour"),
            (["find", "--limit"], "limit"),
            (["file", "--name", "Nguyễn Văn Ánh"], "missing --procedure"),
            (Self.applicant.prefixedWith("file") + ["--document", "Tờ khai:một"], "--document 'Tờ khai:một': originals must be a whole number"),
            (Self.applicant.prefixedWith("file") + ["--document", ":1:0"], "expected NAME[:ORIGINALS[:COPIES]]"),
            (Self.applicant.prefixedWith("file") + ["--document", "Tờ khai:1:0:2"], "expected NAME[:ORIGINALS[:COPIES]]"),
            (Self.applicant.prefixedWith("file") + ["--online", "--post"], "--online and --post name two channels; give at most one"),
            (["file", "--from-json", "absent.json"], "--from-json: cannot read absent.json"),
            (["file", "--from-json", "broken.json"], "--from-json: broken.json is not valid JSON"),
        ]
        for (arguments, mentions) in cases {
            let run = CasectlTranscript.run(["--node", unreachable] + arguments, files: ["broken.json": "{"])
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.usage, "\(arguments): \(run.error)")
            XCTAssertEqual(run.standard, "", "\(arguments)")
            XCTAssertTrue(run.error.contains(mentions), "\(arguments): '\(run.error)' does not mention '\(mentions)'")
            XCTAssertFalse(run.error.contains("cannot connect"), "\(arguments): the node was contacted")
        }
    }

    func testAnUnusableNodeURLIsAUsageError() {
        let run = CasectlTranscript.run(["--node", "https://127.0.0.1:7400/v1", "procedures"])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.usage)
        XCTAssertTrue(run.error.hasPrefix("casectl procedures: --node https://127.0.0.1:7400/v1: "), run.error)
        XCTAssertTrue(run.error.contains("no path, query or user name"), run.error)
    }

    func testTheEnvironmentNamesTheNodeWhenNodeIsNotGiven() throws {
        let url = try node().baseURL
        let unreachable = try closedPortURL()
        let token = try node().adminToken
        let fromEnvironment = CasectlTranscript.run(["procedures"], environment: ["CASECTL_NODE": url, "CASESTORE_TOKEN": token])
        XCTAssertEqual(fromEnvironment.exitCode, Casectl.ExitCode.success, fromEnvironment.error)

        let flagWins = CasectlTranscript.run(["--node", url, "--token", token, "procedures"], environment: ["CASECTL_NODE": unreachable])
        XCTAssertEqual(flagWins.exitCode, Casectl.ExitCode.success, flagWins.error)

        let flagStillWins = CasectlTranscript.run(["--node", unreachable, "procedures"], environment: ["CASECTL_NODE": url])
        XCTAssertEqual(flagStillWins.exitCode, Casectl.ExitCode.failure)
    }

    func testAnUnreachableNodeExitsOneSayingItCannotConnect() throws {
        let unreachable = try closedPortURL()
        let run = CasectlTranscript.run(["--node", unreachable, "find", "Nguyễn"])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.failure)
        XCTAssertEqual(run.standard, "")
        let address = unreachable.dropFirst("http://".count)
        XCTAssertTrue(run.error.hasPrefix("casectl find: cannot connect to \(address)"), run.error)
        XCTAssertEqual(run.error.filter { $0 == "\n" }.count, 1, "one line")
    }

    func testHelpGoesToStandardOutputAndSucceeds() {
        let help = CasectlTranscript.run(["act", "--help"])
        XCTAssertEqual(help.exitCode, Casectl.ExitCode.success)
        XCTAssertTrue(help.standard.contains("apologize (needs --new-due-at and --reason)"), help.standard)
        XCTAssertEqual(help.error, "")
    }

    // MARK: - Helpers

    private func fileDossier(name: String = "Nguyễn Văn Ánh") throws -> String {
        let filed = try casectl(["--json", "file", "--procedure", "1.001612", "--name", name, "--id-number", "001090012345"])
        XCTAssertEqual(filed.exitCode, Casectl.ExitCode.success, filed.error)
        return try XCTUnwrap(try json(filed)["code"]?.stringValue)
    }

    private func json(_ run: CasectlTranscript, file: StaticString = #filePath, line: UInt = #line) throws -> JSONValue {
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, run.error, file: file, line: line)
        return try JSONParser().parse(Array(run.standard.utf8))
    }

    /// A URL where nothing listens: a port the kernel just handed out and that was closed again.
    private func closedPortURL() throws -> String {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        let port = listener.boundPort
        listener.close()
        return "http://127.0.0.1:\(port)"
    }

    /// Checks that every column of a rendered table starts at the same place on every line:
    /// each column start of the rule line ("-----  ----") follows two spaces on every line that reaches it.
    private func assertColumnsLineUp(_ table: [String], file: StaticString = #filePath, line: UInt = #line) {
        guard table.count > 2 else { return XCTFail("not a table: \(table)", file: file, line: line) }
        let rule = Array(table[1])
        XCTAssertTrue(rule.allSatisfy { $0 == "-" || $0 == " " }, "line 2 is the rule: \(table[1])", file: file, line: line)
        let starts = rule.indices.filter { $0 > 1 && rule[$0] == "-" && rule[$0 - 1] == " " }
        for row in table {
            let characters = Array(row)
            for start in starts where start < characters.count {
                XCTAssertEqual(String(characters[(start - 2)..<start]), "  ", "column at \(start) in: \(row)", file: file, line: line)
            }
        }
    }
}

private extension Array where Element == String {
    func prefixedWith(_ command: String) -> [String] { [command] + self }
}
