import CaseNet
import Foundation
import NodeLauncher
import TestSupport
import XCTest
@testable import CaseCLI
import CaseSupport

/// `casectl backup` and `casectl report` against real `casenode` processes.
final class BackupAndReportCommandTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []
    private var root: String!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "casestore-casectl-admin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    }

    override func tearDown() {
        for node in nodes {
            node.stop()
            node.removeFiles()
        }
        if let root { try? FileManager.default.removeItem(atPath: root) }
    }

    private func start(_ id: String, data: String? = nil, extraArguments: [String] = []) throws -> CasenodeProcess {
        let node = CasenodeProcess.forTests(id: id, dataDirectory: data, extraArguments: extraArguments)
        nodes.append(node)
        try node.start()
        return node
    }

    /// casectl against `node` with its admin token, or `token`.
    private func casectl(_ node: CasenodeProcess, _ arguments: [String], token: String? = nil) -> CasectlTranscript {
        CasectlTranscript.run(["--node", node.baseURL] + arguments, environment: token.map { ["CASESTORE_TOKEN": $0] } ?? node.adminEnvironment)
    }

    private func json(_ run: CasectlTranscript, file: StaticString = #filePath, line: UInt = #line) throws -> JSONValue {
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, run.error, file: file, line: line)
        return try JSONParser().parse(Array(run.standard.utf8))
    }

    @discardableResult
    private func file(_ node: CasenodeProcess, name: String, competent: String? = nil, post: Bool = false) throws -> String {
        let arguments = ["--json", "file", "--procedure", "1.001193", "--name", name, "--id-number", "001090012345"]
            + (competent.map { ["--competent", $0] } ?? []) + (post ? ["--post"] : [])
        return try XCTUnwrap(try json(casectl(node, arguments))["code"]?.stringValue)
    }

    func testABackupTakenWhileServingStartsANewNodeUnderANewIdOnly() throws {
        let n1 = try start("n1")
        let first = try file(n1, name: "Nguyễn Văn Ánh")
        try file(n1, name: "Trần Thị Bình")
        try file(n1, name: "Lê Văn Cường")
        XCTAssertEqual(casectl(n1, ["act", first, "start"]).exitCode, Casectl.ExitCode.success)
        let made = n1.dataDirectory + "/backups/n1-copy.sqlite"

        let backup = try json(casectl(n1, ["--json", "backup", "n1-copy.sqlite"]))

        XCTAssertEqual(backup["path"]?.stringValue, made)
        XCTAssertEqual(backup["file"], "n1-copy.sqlite")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: made)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(backup["dossiers"], 3)
        XCTAssertEqual(backup["events"], 4)
        XCTAssertEqual(backup["sourceNode"], "n1")
        XCTAssertEqual(backup["digest"]?.stringValue?.count, 64)
        try file(n1, name: "Phạm Thị Dung")  // n1 serves on; this one is not in the snapshot
        XCTAssertEqual(try json(casectl(n1, ["--json", "find"]))["total"], 4)
        // What the summary tells the admin to do: an owner-only directory with the copy as its database.
        let data = root + "/n9"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: made, toPath: data + "/casestore.sqlite")

        XCTAssertThrowsError(try start("n1", data: data), "the old node's id is refused") { error in
            XCTAssertTrue("\(error)".contains("holds 4 events written by 'n1'"), "\(error)")
        }
        let n9 = try start("n9", data: data)
        // The copy holds the cluster's token registry, so n9 writes no admin token of its own and n1's works there.
        XCTAssertEqual(n9.adminToken, "")
        let admin = n1.adminToken
        XCTAssertEqual(try json(casectl(n9, ["--json", "find"], token: admin))["total"], 3)
        let resolved = try json(casectl(n9, ["--json", "act", first, "resolve"], token: admin))
        XCTAssertEqual(resolved["history"]?.arrayValue?.compactMap { $0["event"]?.stringValue }, ["n1/1", "n1/4", "n9/1"])
        let filed = try json(casectl(
            n9, ["--json", "file", "--procedure", "1.001193", "--name", "Võ Văn Em", "--id-number", "001090012345"], token: admin))
        XCTAssertEqual(filed["history"]?[0]?["event"], "n9/2")
        XCTAssertTrue(filed["code"]?.stringValue?.hasPrefix("N9-") ?? false, "\(filed)")
    }

    func testBackupPrintsASummaryAndRefusesClearly() throws {
        let n1 = try start("n1")
        try file(n1, name: "Nguyễn Văn Ánh")
        let path = n1.dataDirectory + "/backups/copy.sqlite"

        let made = casectl(n1, ["backup", "copy.sqlite"])
        XCTAssertEqual(made.exitCode, Casectl.ExitCode.success, made.error)
        XCTAssertTrue(made.standard.hasPrefix("Backup written to \(path) on the node's machine.\n  1 dossiers, 1 events, "), made.standard)
        XCTAssertTrue(made.standard.hasSuffix("cp \(path) NEW-DIR/casestore.sqlite && casenode --id NEW-ID --data NEW-DIR\n"), made.standard)

        let cases: [(arguments: [String], exit: Int32, says: String)] = [
            (["backup", "copy.sqlite"], Casectl.ExitCode.failure, "never overwrites a file: choose a new file name (409 backup_destination_exists)"),
            (["backup", root + "/copy.sqlite"], Casectl.ExitCode.usage, "FILE must be a file name, not a path"),
            (["backup", "../copy.sqlite"], Casectl.ExitCode.usage, "FILE must be a file name, not a path"),
            (["backup", "..copy.sqlite"], Casectl.ExitCode.usage, "FILE must not contain '..'"),
            (["backup", "bản sao.sqlite"], Casectl.ExitCode.usage, "FILE may contain only the letters"),
            (["backup"], Casectl.ExitCode.usage, "FILE"),
        ]
        for (arguments, exit, says) in cases {
            let run = casectl(n1, arguments)
            XCTAssertEqual(run.exitCode, exit, "\(arguments): \(run.error)")
            XCTAssertEqual(run.standard, "", "\(arguments)")
            XCTAssertTrue(run.error.contains(says), "\(arguments): \(run.error)")
            XCTAssertEqual(run.error.filter { $0 == "\n" }.count, 1, "one line: \(run.error)")
        }
    }

    func testReportOfARealNodeAsTableCSVAndJSON() throws {
        let n1 = try start("n1")
        // A filing for another centre (phi địa giới) names a member n1 knows.
        _ = try start("n2", extraArguments: ["--join", n1.peerAddress])
        let client = try HTTPClient(baseURL: n1.baseURL)
        try eventually("n1 knows member n2") {
            let answer = try client.send("GET", "/v1/cluster", headers: [("Authorization", "Bearer \(n1.adminToken)")], body: [])
            return try JSONParser().parse(answer.body)["members"]?.arrayValue?.contains { $0["id"] == "n2" } == true
        }
        try file(n1, name: "Nguyễn Văn Ánh")
        try file(n1, name: "Trần Thị Bình", post: true)
        try file(n1, name: "Lê Văn Cường", competent: "n2")
        // From long ago until today: the filings above, whatever the date the test runs on.
        let period = ["--from", "2025-01-01"]

        let report = try json(casectl(n1, ["--json", "report"] + period))
        XCTAssertEqual(report["node"], "n1")
        XCTAssertEqual(report["from"], "2025-01-01")
        XCTAssertEqual(report["centres"]?.arrayValue?.compactMap { $0["centre"]?.stringValue }, ["n1", "n2"])
        XCTAssertEqual(report["totals"]?["received"], 3)
        XCTAssertEqual(report["totals"]?["receivedByPost"], 1)
        XCTAssertEqual(report["totals"]?["inProgressNotYetDue"], 3)
        XCTAssertEqual(report["centres"]?[0]?["figures"]?["receivedForOtherCentres"], 1)
        XCTAssertEqual(report["centres"]?[1]?["figures"]?["received"], 1)

        let table = casectl(n1, ["report", "--by-procedure"] + period)
        XCTAssertEqual(table.exitCode, Casectl.ExitCode.success, table.error)
        let lines = table.standard.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("Report of node n1 for 2025-01-01 to "), lines[0])
        // Counter, online, post, received, carried over, total to process.
        XCTAssertTrue(lines.contains { $0.hasPrefix("n1      1.001193         1       0     1     2      0      2") }, table.standard)
        XCTAssertTrue(lines.contains { $0.hasPrefix("TOTAL   all              2       0     1     3      0      3") }, table.standard)

        let csv = casectl(n1, ["report", "--csv", "--centre", "n2"] + period)
        XCTAssertEqual(csv.exitCode, Casectl.ExitCode.success, csv.error)
        let records = csv.standard.components(separatedBy: "\r\n")
        XCTAssertEqual(records.count, 3, "header, one centre, and nothing after the last CRLF: \(csv.standard)")
        XCTAssertTrue(records[0].hasPrefix("from,to,centre,procedureCode,procedureName,procedureField,receivedAtCounter,receivedOnline,receivedByPost,received,"), records[0])
        XCTAssertTrue(records[1].hasPrefix("2025-01-01,") && records[1].contains(",n2,,,,1,0,0,1,0,1,"), records[1])
        XCTAssertEqual(records[2], "", "the output's own newline completes the last CRLF")
    }

    func testReportRefusalsAndHelp() throws {
        let n1 = try start("n1")
        let cases: [(arguments: [String], exit: Int32, says: String)] = [
            (["report", "--from", "2025-07-31", "--to", "2025-07-01"], Casectl.ExitCode.failure, "(400 bad_query)"),
            (["report", "--from", "31/07/2025"], Casectl.ExitCode.failure, "must be a date YYYY-MM-DD"),
            (["report", "--centre", "Xã A"], Casectl.ExitCode.failure, "is not a node id"),
            (["report", "--csv", "--json"], Casectl.ExitCode.usage, "choose one of --csv and --json"),
            (["report", "--by-procedure", "--by-field"], Casectl.ExitCode.usage, "choose one of --by-procedure and --by-field"),
            (["report", "--handover", "n3", "--from", "2025-07-01"], Casectl.ExitCode.usage, "it takes no --from"),
            (["report", "--handover", "n9"], Casectl.ExitCode.failure, "(404 not_found)"),
            (["report", "--centre", "n9"], Casectl.ExitCode.failure, "no centre n9 is known to this node"),
        ]
        for (arguments, exit, says) in cases {
            let run = casectl(n1, arguments)
            XCTAssertEqual(run.exitCode, exit, "\(arguments): \(run.error)")
            XCTAssertTrue(run.error.contains(says), "\(arguments): \(run.error)")
            XCTAssertEqual(run.error.filter { $0 == "\n" }.count, 1, "one line: \(run.error)")
        }
        for command in ["report", "backup"] {
            let help = CasectlTranscript.run([command, "--help"])
            XCTAssertEqual(help.exitCode, Casectl.ExitCode.success)
            XCTAssertTrue(help.standard.contains("casectl \(command)"), help.standard)
        }
        XCTAssertTrue(CasectlTranscript.run(["--help"]).standard.contains("report"))
    }
}
