import CaseSupport
import XCTest
@testable import CaseCLI

/// Survey commands ask only the members whose API address the asked node vouches for and that
/// pass the https/loopback rule; the others are reported as skipped and never contacted.
///
/// The asked node is a fake listing four members: itself; n2, vouched for at a loopback
/// address; n3, at a loopback address it does not vouch for; n4, vouched for at `127.1`, a
/// spelling that reaches this machine but that the rule reads as a remote host (plain http
/// to it would be insecure). Every member is a fake that records what it is asked.
final class UnvouchedMembersTests: XCTestCase {
    private static let token = "cst_0123456789abcdef_" + String(repeating: "ab", count: 32)
    private static let code = "N1-261122-0001"
    private static let dossier: JSONValue = [
        "code": .string(code), "status": "processing", "version": 2, "handlingCentre": "n1",
        "dueAt": "2026-11-23T17:00:00.000+07:00", "overdue": false,
    ]

    private var n2: FakeMember!
    private var n3: FakeMember!
    private var n4: FakeMember!
    private var entry: FakeMember!

    override func setUpWithError() throws {
        let path = "/v1/dossiers/\(Self.code)"
        n2 = try FakeMember.member("n2", dossiers: [path: Self.dossier])
        n3 = try FakeMember.member("n3", dossiers: [path: Self.dossier])
        n4 = try FakeMember.member("n4", dossiers: [path: Self.dossier])
        let members: JSONValue = [
            ["id": "n1", "state": "alive", "httpAddress": "127.0.0.1:1", "apiVouched": true],
            ["id": "n2", "state": "alive", "httpAddress": .string(n2.address), "apiVouched": true],
            ["id": "n3", "state": "alive", "httpAddress": .string(n3.address), "apiVouched": false],
            ["id": "n4", "state": "alive", "httpAddress": .string("127.1:\(n4.port)"), "apiVouched": true],
        ]
        entry = try FakeMember(id: "n1") { path in
            switch path {
            case "/healthz": return ["status": "ok", "node": "n1", "name": "Xã n1"]
            case "/v1/cluster": return ["id": "n1", "clusterId": "fake", "members": members, "versionVector": [:]]
            case "/v1/dossiers/\(Self.code)": return Self.dossier
            default: return nil
            }
        }
    }

    override func tearDown() {
        (n2, n3, n4, entry) = (nil, nil, nil, nil)
    }

    private func casectl(_ arguments: [String]) throws -> (run: CasectlTranscript, json: JSONValue?) {
        let run = CasectlTranscript.run(["--node", "http://\(entry.address)", "--token", Self.token, "--json"] + arguments)
        return (run, try? JSONParser().parse(Array(run.standard.utf8)))
    }

    private func member(_ report: JSONValue?, _ id: String, key: String = "id", list: String = "members") -> JSONValue? {
        report?[list]?.arrayValue?.first { $0[key]?.stringValue == id }
    }

    func testStatusAsksOnlyVouchedSafeAddressesAndReportsTheRestAsSkipped() throws {
        let (run, report) = try casectl(["status"])
        XCTAssertEqual(run.exitCode, Casectl.ExitCode.success, run.error)
        XCTAssertEqual(member(report, "n1")?["reachable"], true, "the asked node, through --node")
        XCTAssertEqual(member(report, "n2")?["reachable"], true)
        XCTAssertTrue(member(report, "n3")?["skipped"]?.stringValue?.hasPrefix("address not vouched") == true, "\(report ?? .null)")
        XCTAssertTrue(member(report, "n4")?["skipped"]?.stringValue?.hasPrefix("insecure") == true, "\(report ?? .null)")
        XCTAssertEqual(report?["skippedCount"], 2)
        XCTAssertEqual(n3.requests.count, 0, "an unvouched member never hears from casectl")
        XCTAssertEqual(n4.requests.count, 0, "nor does one it would reach in clear")
        XCTAssertEqual(Set(n2.requests.map(\.path)), ["/healthz", "/v1/cluster"])
        XCTAssertTrue(n2.requests.allSatisfy { $0.authorization == "Bearer \(Self.token)" })

        let table = CasectlTranscript.run(["--node", "http://\(entry.address)", "--token", Self.token, "status"])
        XCTAssertTrue(table.standard.contains("4 members, 2 reachable, 2 skipped"), table.standard)
        XCTAssertTrue(table.standard.contains("skipped: address not vouched by n1 (--trust-advertised-addresses asks it anyway)"), table.standard)
    }

    func testTheTwoOverridesEachOpenOnlyTheirOwnDoor() throws {
        let (trusting, trusted) = try casectl(["--trust-advertised-addresses", "status"])
        XCTAssertEqual(trusting.exitCode, Casectl.ExitCode.success, trusting.error)
        XCTAssertEqual(member(trusted, "n3")?["reachable"], true, "asked at the address it advertises")
        XCTAssertTrue(member(trusted, "n4")?["skipped"]?.stringValue?.hasPrefix("insecure") == true, "still no token in clear")
        XCTAssertFalse(n3.requests.isEmpty)
        XCTAssertEqual(n4.requests.count, 0)

        let (insecure, both) = try casectl(["--trust-advertised-addresses", "--insecure-http", "status"])
        XCTAssertEqual(insecure.exitCode, Casectl.ExitCode.success, insecure.error)
        XCTAssertEqual(both?["skippedCount"], 0)
        XCTAssertEqual(member(both, "n4")?["reachable"], true)
        XCTAssertTrue(n4.requests.allSatisfy { $0.authorization == "Bearer \(Self.token)" } && !n4.requests.isEmpty)
    }

    func testLagAndDossierEverywhereSkipTheSameMembers() throws {
        let (lagRun, lag) = try casectl(["lag"])
        XCTAssertEqual(lagRun.exitCode, Casectl.ExitCode.success, lagRun.error)
        XCTAssertNotNil(member(lag, "n3", key: "member", list: "rows")?["skipped"]?.stringValue)
        XCTAssertEqual(member(lag, "n2", key: "member", list: "rows")?["skipped"], .null)

        let (dossierRun, copies) = try casectl(["dossier", Self.code, "--everywhere"])
        XCTAssertEqual(dossierRun.exitCode, Casectl.ExitCode.success, dossierRun.error)
        XCTAssertEqual(copies?["holders"], 2, "n1 and n2")
        XCTAssertTrue(member(copies, "n3", key: "node", list: "copies")?["skipped"]?.stringValue?.hasPrefix("address not vouched") == true)
        XCTAssertTrue(member(copies, "n4", key: "node", list: "copies")?["skipped"]?.stringValue?.hasPrefix("insecure") == true)
        XCTAssertEqual(n3.requests.count + n4.requests.count, 0)
    }
}
