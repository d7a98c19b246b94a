import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport
import CaseSQLite

/// `casectl verify` and `casectl conflicts` against three real casenode processes replicating over TCP.
final class AdminVerifyEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []
    private var directories: [String] = []
    /// Until node certificates let a node vouch for its peers' API addresses, verify asks the
    /// other members only at the addresses they advertise (as the local cluster's docs say).
    private let trust = ["--trust-advertised-addresses"]

    override func tearDown() {
        nodes.forEach { $0.stop() }
        for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Fresh data directories, removed after the test.
    private func dataDirectories(_ ids: [String]) -> [String] {
        let made = ids.map(CasenodeProcess.temporaryDirectory)
        directories += made
        return made
    }

    @discardableResult
    private func startNode(_ id: String, data: String, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        var arguments = ["--cluster-id", "e2e-verify"]
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, dataDirectory: data, extraArguments: arguments)
        try node.start()
        nodes.append(node)
        return node
    }


    private func aliveMembers(of node: CasenodeProcess) throws -> Set<String> {
        let members = try node.client().json("GET", "/v1/cluster").body["members"]?.arrayValue ?? []
        return Set(members.filter { $0["state"] == "alive" }.compactMap { $0["id"]?.stringValue })
    }

    private func file(at node: CasenodeProcess, name: String) throws -> String {
        let body: JSONValue = ["procedureCode": "1.001193", "applicant": ["fullName": .string(name), "idNumber": "001190000001"]]
        let filed = try node.client().json("POST", "/v1/dossiers", body)
        XCTAssertEqual(filed.status, 201)
        return try XCTUnwrap(filed.body["code"]?.stringValue)
    }

    func testVerifyAgreesOnAHealthyClusterAndNamesTheOneDossierEditedInSQLite() throws {
        let directories = dataDirectories(["n1", "n2", "n3"])
        let n1 = try startNode("n1", data: directories[0], joining: [])
        let n2 = try startNode("n2", data: directories[1], joining: [n1])
        var n3 = try startNode("n3", data: directories[2], joining: [n1, n2])
        try eventually("all three see three alive members") { try [n1, n2, n3].allSatisfy { try aliveMembers(of: $0).count == 3 } }
        try waitForTokens([n1, n2, n3])
        var codes: [String] = []
        for index in 0..<30 { codes.append(try file(at: [n1, n2, n3][index % 3], name: "Phạm Văn \(index)")) }

        let healthy = try CasectlProcess.run(["--node", n1.baseURL, "verify", "--wait", "60"] + trust, environment: n1.adminEnvironment)
        XCTAssertEqual(healthy.exitCode, 0, healthy.standard + healthy.error)
        XCTAssertNotNil(
            healthy.standard.firstMatch(of: #/\nall 3 members agree \(digest [0-9a-f]{16}, 30 dossiers\)\n$/#), healthy.standard)
        let unvouched = try CasectlProcess.run(["--node", n1.baseURL, "verify"], environment: n1.adminEnvironment)
        XCTAssertEqual(unvouched.exitCode, 1, "members not asked are no agreement")
        XCTAssertEqual(unvouched.error, "casectl verify: the only member asked answers (digest \(try XCTUnwrap(healthy.standard.firstMatch(of: #/digest ([0-9a-f]{16})/#)?.1)), 30 dossiers); 2 skipped (address not vouched or insecure): n2, n3\n")

        // Change one dossier's stored state behind n3's back while it is stopped.
        let altered = codes[16]
        n3.stop()
        let connection = try SQLiteConnection(path: directories[2] + "/casestore.sqlite")
        try connection.execute(
            "UPDATE dossiers SET state = replace(state, 'Phạm Văn 16', 'Pham Van 16') WHERE code = ?", [.text(altered)])
        XCTAssertEqual(try connection.scalarInt64("SELECT count(*) FROM dossiers WHERE state LIKE '%Pham Van 16%'"), 1)
        try connection.close()
        n3 = try startNode("n3", data: directories[2], joining: [n1, n2])
        try eventually("the restarted n3 sees the others alive") { try aliveMembers(of: n3) == ["n1", "n2", "n3"] }

        let differing = try CasectlProcess.run(["--node", n3.baseURL, "--json", "verify"] + trust, environment: n3.adminEnvironment)
        XCTAssertEqual(differing.exitCode, 1, differing.standard + differing.error)
        XCTAssertEqual(differing.error, "casectl verify: members disagree on 1 dossier (\(altered))\n")
        let report = try JSONParser().parse(Array(differing.standard.utf8))
        XCTAssertEqual(report["ok"], false)
        XCTAssertEqual(report["differences"]?.arrayValue?.compactMap { $0["code"]?.stringValue }, [altered])
        let hashes = try XCTUnwrap(report["differences"]?[0]?["hashes"])
        XCTAssertEqual(hashes["n1"], hashes["n2"])
        XCTAssertNotEqual(hashes["n3"], hashes["n1"])
        XCTAssertNotEqual(hashes["n3"], .null)
        let n3Report = try XCTUnwrap(report["members"]?.arrayValue?.first { $0["id"] == "n3" })
        XCTAssertEqual(n3Report["rowsMatchMaintained"], false, "its rows no longer add up to what it maintained")
        XCTAssertEqual(n3Report["count"], 30)

        let table = try CasectlProcess.run(["--node", n3.baseURL, "verify"] + trust, environment: n3.adminEnvironment)
        XCTAssertEqual(table.exitCode, 1)
        XCTAssertTrue(table.standard.contains("Differing dossiers:\n"), table.standard)
        XCTAssertNotNil(table.standard.firstMatch(of: try Regex("\\n\(NSRegularExpression.escapedPattern(for: altered))  [0-9a-f]{16}  n1, n2\\n")), table.standard)
    }

    func testAConflictFromAnIsolatedCentreIsListedWithBothSidesAndSettledEverywhere() throws {
        let directories = dataDirectories(["n1", "n2"])
        let n1 = try startNode("n1", data: directories[0], joining: [])
        var n2 = try startNode("n2", data: directories[1], joining: [n1])
        try eventually("both see each other") { try aliveMembers(of: n1).count == 2 && aliveMembers(of: n2).count == 2 }
        try waitForTokens([n1, n2])
        let code = try file(at: n1, name: "Đỗ Thị Lan")
        try eventually("n2 holds \(code)") { try n2.client().json("GET", "/v1/dossiers/\(code)").status == 200 }

        // n2 goes away; n1 processes the dossier to the end.
        n2.stop()
        for action in ["start", "resolve"] {
            XCTAssertEqual(try n1.client().json("POST", "/v1/dossiers/\(code)/actions", ["action": .string(action)]).status, 200)
        }
        // n2 comes back alone (on a new peer port, joining no one) and takes a step the resolution makes impossible.
        n2 = try startNode("n2", data: directories[1], joining: [])
        XCTAssertEqual(try n2.client().json("POST", "/v1/dossiers/\(code)/actions", ["action": "request-withdrawal"]).status, 200)
        n2.stop()
        n2 = try startNode("n2", data: directories[1], joining: [n1])
        try eventually("both hold all four events of \(code)") {
            try [n1, n2].allSatisfy { try $0.client().json("GET", "/v1/dossiers/\(code)").body["version"] == 4 }
        }

        let listed = try CasectlProcess.run(["--node", n1.baseURL, "conflicts", "--json"], environment: n1.adminEnvironment)
        XCTAssertEqual(listed.exitCode, 0, listed.error)
        let conflict = try XCTUnwrap(try JSONParser().parse(Array(listed.standard.utf8))["items"]?[0]?["conflicts"]?[0])
        XCTAssertEqual(conflict["notApplied"]?["action"], "request-withdrawal")
        XCTAssertEqual(conflict["notApplied"]?["centre"], "n2")
        XCTAssertEqual(conflict["winningStep"]?["action"], "resolve")
        XCTAssertEqual(conflict["winningStep"]?["centre"], "n1")
        XCTAssertEqual(conflict["outcome"], "resolved")
        let table = try CasectlProcess.run(["--node", n2.baseURL, "conflicts", "--open"], environment: n2.adminEnvironment)
        XCTAssertTrue(table.standard.contains(" request-withdrawal at n2, "), table.standard)
        XCTAssertTrue(table.standard.contains("resolved stands  no\n"), table.standard)

        let settled = try CasectlProcess.run(["--node", n2.baseURL, "conflicts", "settle", code, "--note", "đã trả kết quả trước khi rút"], environment: n2.adminEnvironment)
        XCTAssertEqual(settled.exitCode, 0, settled.error)
        XCTAssertNotNil(settled.standard.firstMatch(of: #/^Settled n2/\d+ of .+ by n2/\d+; status stays resolved\n$/#), settled.standard)
        try eventually("n1 shows the conflict settled") {
            try n1.client().json("GET", "/v1/conflicts?open=true").body["total"] == 0
        }
        XCTAssertEqual(try n1.client().json("GET", "/v1/dossiers/\(code)").body["status"], "resolved")
        let verified = try CasectlProcess.run(["--node", n1.baseURL, "verify", "--wait", "30"] + trust, environment: n1.adminEnvironment)
        XCTAssertEqual(verified.exitCode, 0, verified.standard + verified.error)
    }
}
