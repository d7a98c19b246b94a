import CaseCore
import CaseNet
import NodeLauncher
import TestSupport
import XCTest
@testable import CaseCLI
import CaseSupport

/// `casectl verify` and `casectl conflicts` in-process: their command lines, and their answers
/// from a real node (a `casenode` child process on a free port, a cluster of one).
final class AdminVerifyCommandsTests: XCTestCase {
    private var startedNode: CasenodeProcess?

    override func tearDown() {
        startedNode?.stop()
        startedNode?.removeFiles()
    }

    private func node() throws -> CasenodeProcess {
        if let startedNode { return startedNode }
        let node = CasenodeProcess.forTests()
        startedNode = node
        try node.start()
        return node
    }

    private func casectl(_ arguments: [String]) throws -> CasectlTranscript {
        let node = try node()
        return CasectlTranscript.run(["--node", node.baseURL] + arguments, environment: node.adminEnvironment)
    }

    func testCommandLinesThatMakeNoSenseAreUsageErrorsBeforeAnyRequest() throws {
        let nowhere = try closedPortURL()
        let cases: [(arguments: [String], error: String)] = [
            (["conflicts", "bogus"], "casectl conflicts: unknown ACTION 'bogus'; expected 'settle', or nothing to list the conflicts\n"),
            (["conflicts", "settle"], "casectl conflicts: settle needs the dossier CODE\n"),
            (["conflicts", "settle", "X-1"], "casectl conflicts: settle needs --note: say what was decided and why\n"),
            (["conflicts", "--note", "x"], "casectl conflicts: --note goes with 'conflicts settle CODE'\n"),
            (["conflicts", "--event", "n1/7"], "casectl conflicts: --event goes with 'conflicts settle CODE'\n"),
            (["conflicts", "settle", "X-1", "--note", "x", "--open"], "casectl conflicts: --open goes with listing, not with settle\n"),
            (["verify", "--wait", "soon"], "casectl verify: --wait 'soon': expected a whole number of seconds from 0 to 3600\n"),
            (["verify", "--wait", "3601"], "casectl verify: --wait '3601': expected a whole number of seconds from 0 to 3600\n"),
        ]
        for (arguments, error) in cases {
            // Nothing listens there: a request would fail with exit 1, not 2.
            let run = CasectlTranscript.run(["--node", nowhere] + arguments)
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.usage, "\(arguments)")
            XCTAssertEqual(run.error, error, "\(arguments)")
            XCTAssertEqual(run.standard, "")
        }
    }

    func testHelpExplainsBothCommands() {
        let verify = CasectlTranscript.run(["verify", "--help"])
        XCTAssertEqual(verify.exitCode, Casectl.ExitCode.success)
        XCTAssertTrue(verify.standard.hasPrefix("Usage: casectl verify [options]\n"), verify.standard)
        XCTAssertTrue(verify.standard.contains("--wait SECONDS"), verify.standard)
        let conflicts = CasectlTranscript.run(["conflicts", "--help"])
        XCTAssertTrue(conflicts.standard.hasPrefix("Usage: casectl conflicts [options] [ACTION] [CODE]\n"), conflicts.standard)
        XCTAssertTrue(conflicts.standard.contains("--event ID"), conflicts.standard)
        XCTAssertTrue(CasectlTranscript.run(["--help"]).standard.contains("  verify "))
    }

    func testVerifyOnAClusterOfOneAgreesAndPrintsValidJSON() throws {
        for name in ["Nguyễn Văn Ánh", "Trần Thị Bình"] {
            let filed = try casectl(["file", "--procedure", "1.001612", "--name", name, "--id-number", "001090012345"])
            XCTAssertEqual(filed.exitCode, Casectl.ExitCode.success, filed.error)
        }
        let table = try casectl(["verify"])
        XCTAssertEqual(table.exitCode, Casectl.ExitCode.success, table.error)
        let lastLine = try XCTUnwrap(table.standard.split(separator: "\n").last)
        XCTAssertNotNil(lastLine.wholeMatch(of: #/the only member answers \(digest [0-9a-f]{16}, 2 dossiers\)/#), String(lastLine))
        XCTAssertTrue(table.standard.hasPrefix("Member  Address"), table.standard)

        let json = try casectl(["--json", "verify", "--wait", "1"])
        XCTAssertEqual(json.exitCode, Casectl.ExitCode.success, json.error)
        let report = try JSONParser().parse(Array(json.standard.utf8))
        XCTAssertEqual(report["ok"], true)
        XCTAssertEqual(report["members"]?[0]?["id"], "local")
        XCTAssertEqual(report["members"]?[0]?["count"], 2)
        XCTAssertEqual(report["members"]?[0]?["rowsMatchMaintained"], true)
        XCTAssertEqual(report["members"]?[0]?["digest"], report["members"]?[0]?["maintainedDigest"])
        XCTAssertEqual(report["differences"], [])
    }

    func testVerifyAgainstANodeThatDoesNotAnswerFailsWithOneLine() throws {
        let nowhere = try closedPortURL()
        let run = CasectlTranscript.run(["--node", nowhere, "verify"])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.failure)
        XCTAssertEqual(run.standard, "")
        XCTAssertTrue(run.error.hasPrefix("casectl verify: cannot connect to \(nowhere.dropFirst("http://".count))"), run.error)
        XCTAssertEqual(run.error.filter { $0 == "\n" }.count, 1)
    }

    func testConflictsOnANodeWithoutAnyAndSettlingNothingIsRefused() throws {
        let filed = try JSONParser().parse(Array(try casectl(["--json", "file", "--procedure", "1.001612", "--name", "Lê Văn Cường",
                                                             "--id-number", "001090012345"]).standard.utf8))
        let code = try XCTUnwrap(filed["code"]?.stringValue)
        let listing = try casectl(["conflicts"])
        XCTAssertEqual(listing.exitCode, Casectl.ExitCode.success, listing.error)
        XCTAssertEqual(listing.standard, "No conflicts recorded.\n")
        XCTAssertEqual(try casectl(["conflicts", "--open"]).standard, "No open conflicts.\n")
        let json = try JSONParser().parse(Array(try casectl(["conflicts", "--json", "--limit", "5"]).standard.utf8))
        XCTAssertEqual(json["items"], [])
        XCTAssertEqual(json["limit"], 5)

        let settle = try casectl(["conflicts", "settle", code, "--note", "không có gì"])
        XCTAssertEqual(settle.exitCode, Casectl.ExitCode.failure)
        XCTAssertEqual(settle.error, "casectl conflicts: dossier \(code) has no open conflicts to settle; it has no conflicts (409 no_open_conflicts)\n")
        let named = try casectl(["conflicts", "settle", code, "--event", "local/1", "--note", "x"])
        XCTAssertTrue(named.error.hasSuffix("(422 not_a_conflict)\n"), named.error)
    }

    /// A URL where nothing listens: a port the kernel just handed out and that was closed again.
    private func closedPortURL() throws -> String {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        let port = listener.boundPort
        listener.close()
        return "http://127.0.0.1:\(port)"
    }
}
