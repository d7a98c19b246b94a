import CaseCore
import CaseNet
import Foundation
import NodeLauncher
import TestSupport
import XCTest
@testable import CaseCLI
import CaseSupport

/// The cluster views against real `casenode` processes replicating over TCP on loopback:
/// casectl runs in-process, exactly as users run it, and its `--json` output is parsed.
final class AdminViewsClusterTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []

    override func tearDown() {
        for node in nodes {
            node.stop()
            node.removeFiles()
        }
    }

    /// A node of the test cluster: its own data directory, ports picked by the system, joining
    /// `others`. Killed, it can be started again on the same data, as a crashed centre is.
    private func startNode(_ id: String, _ name: String, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        let node = CasenodeProcess.forTests(id: id, extraArguments: ["--name", name, "--cluster-id", "views-e2e"])
        nodes.append(node)
        try start(node, joining: others)
        return node
    }

    /// Starts (or starts again) `node`, joining through `others`.
    private func start(_ node: CasenodeProcess, joining others: [CasenodeProcess]) throws {
        try node.start(adding: others.isEmpty ? [] : ["--join", others.map(\.peerAddress).joined(separator: ",")])
    }

    /// casectl as the local cluster's docs run it: until node certificates let a node vouch for
    /// its peers' API addresses, the views reach the other members only at the addresses they
    /// advertise (`--trust-advertised-addresses`; `testWithoutTheFlagOtherMembersAreSkipped`).
    private func casectl(_ node: CasenodeProcess, _ arguments: [String], trustingAdvertised: Bool = true) -> CasectlTranscript {
        let trust = trustingAdvertised ? ["--trust-advertised-addresses"] : []
        return CasectlTranscript.run(["--node", node.baseURL] + trust + arguments, environment: node.adminEnvironment)
    }

    /// Runs a command with `--json`, checks it succeeded, and parses what it printed.
    private func json(_ node: CasenodeProcess, _ arguments: [String]) throws -> JSONValue {
        let run = casectl(node, ["--json"] + arguments)
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, "\(arguments): \(run.error)")
        return try JSONParser().parse(Array(run.standard.utf8))
    }

    private func member(_ status: JSONValue, _ id: String) -> JSONValue? {
        status["members"]?.arrayValue?.first { $0["id"]?.stringValue == id }
    }

    private func file(at node: CasenodeProcess, competent: String) throws -> String {
        let run = casectl(node, [
            "--json", "file", "--procedure", "1.001193", "--name", "Lê Thị Hồng", "--id-number", "001190000001", "--competent", competent,
        ])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, run.error)
        return try XCTUnwrap(try JSONParser().parse(Array(run.standard.utf8))["code"]?.stringValue)
    }

    /// The acceptance scenario of issue 4: status shows a killed centre suspect then dead, lag
    /// shows what it misses, and after it restarts on the same data both clear.
    func testStatusAndLagFollowACentreThatIsKilledAndRestarted() throws {
        let n1 = try startNode("n1", "Xã Một", joining: [])
        let n2 = try startNode("n2", "Phường Hai", joining: [n1])
        let n3 = try startNode("n3", "Thị trấn Ba", joining: [n1, n2])
        try eventually("status shows three alive, reachable members and a converged cluster") {
            let status = try json(n1, ["status"])
            return status["converged"] == true && status["memberCount"] == 3
                && (status["members"]?.arrayValue ?? []).allSatisfy { $0["state"] == "alive" && $0["reachable"] == true }
        }
        let code = try file(at: n1, competent: "n2")
        try eventually("every member holds the filing and sees the others hold it") {
            let status = try json(n1, ["status"])
            let views = try [n1, n2].map { try HTTPClient(baseURL: $0.baseURL, timeoutMs: 5_000)
                    .send("GET", "/v1/cluster", headers: [("Authorization", "Bearer \($0.adminEnvironment["CASESTORE_TOKEN"] ?? "")")]).jsonBody() }
            // Both survivors must know n3's progress exactly, so what it misses later is exact too.
            let n3Known = views.allSatisfy { member($0, "n3")?["versionVector"] == ["n1": 1] }
            return n3Known && status["converged"] == true
                && (status["members"]?.arrayValue ?? []).allSatisfy { $0["dossierCount"] == 1 && $0["eventsHeld"] == 1 }
        }
        let healthy = casectl(n1, ["status"])
        XCTAssertEqual(healthy.exitCode, Casectl.ExitCode.success, healthy.error)
        XCTAssertTrue(healthy.standard.hasPrefix("Cluster views-e2e: 3 members, 3 reachable, converged\n"), healthy.standard)
        for (id, name) in [("n1", "Xã Một"), ("n2", "Phường Hai"), ("n3", "Thị trấn Ba")] {
            XCTAssertNotNil(
                healthy.standard.split(separator: "\n").first { $0.hasPrefix("\(id)  \(name)") && $0.contains(" alive ") }, healthy.standard)
        }

        n3.kill9()
        var seenSuspect = false
        try eventually("status shows n3 suspect, then dead") {
            for observer in [n1, n2] {
                let state = member(try json(observer, ["status"]), "n3")?["state"]?.stringValue
                if state == "suspect" { seenSuspect = true }
                if state == "dead" && seenSuspect { return true }
            }
            return false
        }
        XCTAssertTrue(seenSuspect)
        let dead = try XCTUnwrap(member(try json(n1, ["status"]), "n3"))
        XCTAssertEqual(dead["reachable"], false)
        XCTAssertEqual(dead["progressSource"], "peers")
        XCTAssertTrue(dead["error"]?.stringValue?.contains("cannot connect") == true, "\(dead)")

        _ = try file(at: n1, competent: "n1")
        _ = try file(at: n1, competent: "n2")
        _ = try file(at: n2, competent: "n2")
        try eventually("lag shows n3 missing two events of n1 and one of n2") {
            let lag = try json(n1, ["lag"])
            let rows = lag["rows"]?.arrayValue ?? []
            return lag["worstMissing"] == 2
                && rows.first { $0["member"] == "n3" }?["missing"] == ["n1": 2, "n2": 1]
                && rows.filter { $0["member"] != "n3" }.allSatisfy { $0["total"] == 0 }
        }
        let lagTable = casectl(n1, ["lag"])
        XCTAssertEqual(lagTable.exitCode, Casectl.ExitCode.success)
        // n3 may still be suspect or already dead here: the row's figures are what matters.
        XCTAssertTrue(lagTable.standard.contains("\nn3      *2   1      3  "), lagTable.standard)
        XCTAssertTrue(lagTable.standard.contains(", unreachable, as its peers last saw it\n"), lagTable.standard)
        XCTAssertTrue(lagTable.standard.hasSuffix("* worst: lacks 2 events (n3 from n1)\n"), lagTable.standard)
        let lagging = try json(n2, ["status"])
        XCTAssertEqual(lagging["converged"], false)
        XCTAssertEqual(lagging["divergences"], ["n3 lacks 3 events"])
        XCTAssertEqual(member(lagging, "n3")?["behindEvents"], 3)
        let everywhere = try json(n1, ["dossier", code, "--everywhere"])
        XCTAssertEqual(everywhere["holders"], 2)
        XCTAssertEqual(everywhere["copies"]?[2]?["reachable"], false)

        try start(n3, joining: [n1, n2])
        try eventually("after the restart status shows everyone alive and converged, and lag is clear") {
            let status = try json(n1, ["status"])
            let lag = try json(n1, ["lag"])
            return status["converged"] == true && lag["worstMissing"] == 0
                && (status["members"]?.arrayValue ?? []).allSatisfy { $0["state"] == "alive" && $0["reachable"] == true && $0["eventsHeld"] == 4 }
        }
        XCTAssertTrue(casectl(n1, ["lag"]).standard.hasSuffix("\nEvery member holds every event known to exist.\n"))
        XCTAssertEqual(member(try json(n3, ["status"]), "n3")?["dossierCount"], 4, "the restarted centre holds every dossier")
    }

    /// Every view prints valid JSON with --json and a table without, against a real cluster.
    func testEveryViewPrintsValidJSONAndATable() throws {
        let n1 = try startNode("n1", "Xã Một", joining: [])
        let n2 = try startNode("n2", "Phường Hai", joining: [n1])
        // A node files only for centres it knows (a retired or unknown one is refused).
        try eventually("n1 knows n2") { try json(n1, ["status"])["memberCount"] == 2 }
        let code = try file(at: n1, competent: "n2")
        try eventually("both see each other and hold the filing") {
            let status = try json(n1, ["status"])
            return status["memberCount"] == 2 && status["converged"] == true && status["eventsKnown"] == 1
                && CasenodeProcess.tokensKnownEverywhere([n1, n2])
        }
        XCTAssertEqual(casectl(n2, ["act", code, "start", "--note", "đủ hồ sơ"]).exitCode, Casectl.ExitCode.success)
        try eventually("both hold the step") { try json(n1, ["dossier", code, "--everywhere"])["copies"]?[0]?["version"] == 2 }

        let status = try json(n1, ["status"])
        XCTAssertEqual(member(status, "n1")?["name"], "Xã Một")
        XCTAssertEqual(member(status, "n1")?["self"], true)
        XCTAssertEqual(member(status, "n2")?["address"], .string("127.0.0.1:\(n2.httpPort)"))

        let lag = try json(n2, ["lag"])
        XCTAssertEqual(lag["origins"], ["n1", "n2"])
        XCTAssertEqual(lag["known"], ["n1": 1, "n2": 1])

        let single = try json(n2, ["dossier", code])
        XCTAssertEqual(single["everywhere"], false)
        XCTAssertEqual(single["copies"]?[0]?["node"], "n2")
        XCTAssertEqual(single["copies"]?[0]?["status"], "processing")
        let everywhere = try json(n2, ["dossier", code, "--everywhere"])
        XCTAssertEqual(everywhere["agree"], true)
        XCTAssertEqual(everywhere["holders"], 2)
        XCTAssertEqual(everywhere["copies"]?.arrayValue?.compactMap { $0["handlingCentre"]?.stringValue }, ["n2", "n2"])

        let log = try json(n1, ["log", "--dossier", code])
        XCTAssertEqual(log["items"]?.arrayValue?.compactMap { $0["event"]?.stringValue }, ["n2/1", "n1/1"], "newest first, both origins")
        XCTAssertEqual(log["items"]?[0]?["payload"]?["note"], "đủ hồ sơ")
        XCTAssertEqual(try json(n1, ["log", "--origin", "n2", "--limit", "1"])["items"]?.arrayValue?.count, 1)

        let watch = casectl(n1, ["--json", "watch", "--iterations", "2", "--interval", "0.1"])
        XCTAssertEqual(watch.exitCode, Casectl.ExitCode.success, watch.error)
        let frames = watch.standard.split(separator: "\n")
        XCTAssertEqual(frames.count, 2, watch.standard)
        for frame in frames {
            XCTAssertEqual(try JSONParser().parse(Array(frame.utf8))["memberCount"], 2)
        }

        let tables: [(arguments: [String], prefix: String)] = [
            (["status"], "Cluster views-e2e: 2 members, 2 reachable, converged\n"),
            (["lag"], "Replication lag in cluster views-e2e, seen from n1 at "),
            (["dossier", code], "Dossier \(code) on n1\n"),
            (["dossier", code, "--everywhere"], "Dossier \(code) on 2 members (2 reachable): held by 2, all 2 copies agree\n"),
            (["log"], "At "),
            (["watch", "--iterations", "1"], "\u{1B}[H\u{1B}[2JCluster views-e2e: 2 members"),
        ]
        for (arguments, prefix) in tables {
            let run = casectl(n1, arguments)
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, "\(arguments): \(run.error)")
            XCTAssertTrue(run.standard.hasPrefix(prefix), "\(arguments): \(run.standard)")
            XCTAssertFalse(run.standard.split(separator: "\n").contains { $0.hasSuffix(" ") }, "\(arguments): no line ends in a space")
        }
    }

    /// A node vouches only for its own API address today: without the flag the views ask the
    /// others nothing and say so.
    func testWithoutTheFlagOtherMembersAreSkipped() throws {
        let n1 = try startNode("n1", "Xã Một", joining: [])
        let n2 = try startNode("n2", "Phường Hai", joining: [n1])
        try eventually("both see each other") { try json(n1, ["status"])["memberCount"] == 2 }
        let status = casectl(n1, ["status"], trustingAdvertised: false)
        XCTAssertEqual(status.exitCode, Casectl.ExitCode.success, status.error)
        XCTAssertTrue(status.standard.hasPrefix("Cluster views-e2e: 2 members, 1 reachable, 1 skipped, "), status.standard)
        XCTAssertTrue(status.standard.contains("skipped: address not vouched by n1 (--trust-advertised-addresses asks it anyway)"), status.standard)
        let fromN2 = try JSONParser().parse(Array(casectl(n2, ["--json", "status"], trustingAdvertised: false).standard.utf8))
        XCTAssertEqual(member(fromN2, "n2")?["reachable"], true)
        XCTAssertNotEqual(member(fromN2, "n1")?["skipped"], .null)
    }

    /// Bad answers exit 1 with one line; an unreachable given node is the only failure of status.
    func testBadAnswersExitOneWithAOneLineReason() throws {
        let n1 = try startNode("n1", "Xã Một", joining: [])
        let cases: [(arguments: [String], message: String)] = [
            (["dossier", "N1-261122-9999"], "casectl dossier: no dossier N1-261122-9999 on this node (404 not_found)\n"),
            (["dossier", "N1-261122-9999", "--everywhere"], "casectl dossier: dossier N1-261122-9999 is held by none of the 1 reachable member\n"),
            (["log", "--origin", "Not An Id"], "casectl log: origin: \"Not An Id\" is not a node id"),
        ]
        for (arguments, message) in cases {
            let run = casectl(n1, arguments)
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.failure, "\(arguments)")
            XCTAssertTrue(run.error.hasPrefix(message), "\(arguments): \(run.error)")
            XCTAssertEqual(run.error.filter { $0 == "\n" }.count, 1, "one line: \(run.error)")
            XCTAssertEqual(run.standard, "")
        }
        n1.stop()
        for arguments in [["status"], ["lag"], ["log"], ["dossier", "N1-261122-0001", "--everywhere"], ["watch", "--iterations", "1", "--json"]] {
            let run = casectl(n1, arguments)
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.failure, "\(arguments)")
            XCTAssertTrue(run.error.contains("cannot connect to 127.0.0.1:\(n1.httpPort)"), "\(arguments): \(run.error)")
            XCTAssertEqual(run.error.filter { $0 == "\n" }.count, 1, "one line: \(run.error)")
        }
        let watching = casectl(n1, ["watch", "--iterations", "2", "--interval", "0.1"])
        XCTAssertEqual(watching.exitCode, Casectl.ExitCode.failure, "the last refresh could not reach the node")
        XCTAssertEqual(watching.standard.components(separatedBy: "\u{1B}[H\u{1B}[2JCannot reach \(n1.baseURL): cannot connect").count, 3, watching.standard)
    }
}
