import CaseCore
import NodeLauncher
import TestSupport
import XCTest
@testable import CaseCLI
import CaseSupport

/// `casectl token …` and where casectl finds its token.
final class TokenCommandTests: XCTestCase {
    private var startedNode: CasenodeProcess?

    override func tearDown() {
        startedNode?.stop()
        startedNode?.removeFiles()
    }

    private func node() throws -> CasenodeProcess {
        if let startedNode { return startedNode }
        let node = CasenodeProcess.forTests(id: "n1")
        startedNode = node
        try node.start()
        return node
    }

    static let listing: JSONValue = [
        "total": 4,
        "items": [
            ["id": "00000000000000aa", "name": "admin@n1", "role": "admin", "createdAt": "2025-07-01T08:00:00.000+07:00", "revoked": false,
             "provenance": "local", "honoured": true],
            ["id": "3f9a0c2d1e4b5a69", "name": "Lê Thị Hoa", "role": "clerk", "centre": "n1", "createdAt": "2025-07-01T09:00:00.000+07:00",
             "revoked": false, "provenance": "signed", "issuedBy": "node n1 (key 1a2b3c4d5e6f7a8b)", "honoured": true],
            ["id": "77aa0c2d1e4b5a69", "name": "Giám sát Sở", "role": "monitor", "createdAt": "2025-07-01T09:30:00.000+07:00",
             "revoked": true, "revokedAt": "2025-07-02T10:00:00.000+07:00", "provenance": "signed", "issuedBy": "admin a (key 00ff00ff00ff00ff)",
             "honoured": true],
            ["id": "0000000000000bbb", "name": "admin@n2", "role": "admin", "createdAt": "2025-06-01T08:00:00.000+07:00", "revoked": false,
             "provenance": "legacy", "honoured": false],
        ],
    ]

    func testListRendersAGoldenTable() {
        XCTAssertEqual(TokenCommand.renderList(Self.listing), """
            ID                NAME         ROLE     CENTRE  ISSUED BY                       CREATED                        STATE
            ----------------  -----------  -------  ------  ------------------------------  -----------------------------  -------------------------------------
            00000000000000aa  admin@n1     admin    -       this node only                  2025-07-01T08:00:00.000+07:00  live
            3f9a0c2d1e4b5a69  Lê Thị Hoa   clerk    n1      node n1 (key 1a2b3c4d5e6f7a8b)  2025-07-01T09:00:00.000+07:00  live
            77aa0c2d1e4b5a69  Giám sát Sở  monitor  -       admin a (key 00ff00ff00ff00ff)  2025-07-01T09:30:00.000+07:00  revoked 2025-07-02T10:00:00.000+07:00
            0000000000000bbb  admin@n2     admin    -       -                               2025-06-01T08:00:00.000+07:00  not honoured here (legacy)
            4 token(s)
            """)
    }

    func testCreatedAndRevokedRenderings() {
        let created: JSONValue = ["token": Self.listing["items"]?[1] ?? .null, "secret": "cst_3f9a0c2d1e4b5a69_00ff"]
        XCTAssertEqual(TokenCommand.renderCreated(created), """
            Created clerk token 3f9a0c2d1e4b5a69 (Lê Thị Hoa) for centre n1.
            Secret (shown only now; store it where only its holder can read it):
            cst_3f9a0c2d1e4b5a69_00ff
            """)
        XCTAssertEqual(
            TokenCommand.renderRevoked(Self.listing["items"]?[2] ?? .null),
            "Revoked monitor token 77aa0c2d1e4b5a69 (Giám sát Sở) at 2025-07-02T10:00:00.000+07:00; other nodes refuse it once they hear of it (seconds).")
    }

    func testUsageErrorsComeBeforeAnyRequest() {
        let nowhere = "http://127.0.0.1:9"
        let cases: [([String], String)] = [
            (["token", "create", "--role", "clerk"], "missing --name"),
            (["token", "create", "--name", "Lan"], "missing --role"),
            (["token", "create", "--name", "Lan", "--role", "clerk"], "needs --centre"),
            (["token", "revoke"], "missing argument ID"),
            (["--token", "two words", "token", "list"], "not a token"),
            (["--token-file", "missing.token", "token", "list"], "cannot read missing.token"),
        ]
        for (arguments, says) in cases {
            let run = CasectlTranscript.run(["--node", nowhere] + arguments)
            XCTAssertEqual(run.exitCode, Casectl.ExitCode.usage, "\(arguments): \(run.error)")
            XCTAssertTrue(run.error.contains(says), "\(arguments): \(run.error)")
        }
        XCTAssertTrue(CasectlTranscript.run(["token", "--help"]).standard.contains("create"))
        XCTAssertTrue(CasectlTranscript.run(["--help"]).standard.contains("CASESTORE_TOKEN"))
    }

    func testCreateListRevokeAgainstARealNode() throws {
        let node = try node()
        let admin = node.adminEnvironment
        let created = CasectlTranscript.run(
            ["--node", node.baseURL, "--json", "token", "create", "--name", "Lê Thị Hoa", "--role", "clerk", "--centre", "n1"], environment: admin)
        XCTAssertEqual(created.exitCode, Casectl.ExitCode.success, created.error)
        let answer = try JSONParser().parse(Array(created.standard.utf8))
        let secret = try XCTUnwrap(answer["secret"]?.stringValue)
        let id = try XCTUnwrap(answer["token"]?["id"]?.stringValue)
        XCTAssertTrue(secret.hasPrefix("cst_\(id)_"))

        let clerk = ["CASESTORE_TOKEN": secret]
        let filed = CasectlTranscript.run(
            ["--node", node.baseURL, "--json", "file", "--procedure", "1.001193", "--name", "Võ Văn Em", "--id-number", "001090012345"],
            environment: clerk)
        XCTAssertEqual(filed.exitCode, Casectl.ExitCode.success, filed.error)
        XCTAssertEqual(try JSONParser().parse(Array(filed.standard.utf8))["history"]?[0]?["actor"], "Lê Thị Hoa")
        let clerkListing = CasectlTranscript.run(["--node", node.baseURL, "token", "list"], environment: clerk)
        XCTAssertEqual(clerkListing.exitCode, Casectl.ExitCode.failure)
        XCTAssertTrue(clerkListing.error.contains("(403 forbidden)"), clerkListing.error)

        let listed = CasectlTranscript.run(["--node", node.baseURL, "--json", "token", "list"], environment: admin)
        let items = try XCTUnwrap(try JSONParser().parse(Array(listed.standard.utf8))["items"]?.arrayValue)
        XCTAssertEqual(items.compactMap { $0["name"]?.stringValue }, ["admin@n1", "Lê Thị Hoa"])
        XCTAssertFalse(listed.standard.contains(String(secret.suffix(64))), "never a secret")
        let table = CasectlTranscript.run(["--node", node.baseURL, "token", "list"], environment: admin)
        XCTAssertTrue(table.standard.contains("\(id)  Lê Thị Hoa  clerk  n1"), table.standard)

        let revoked = CasectlTranscript.run(["--node", node.baseURL, "token", "revoke", id], environment: admin)
        XCTAssertEqual(revoked.exitCode, Casectl.ExitCode.success, revoked.error)
        XCTAssertTrue(revoked.standard.hasPrefix("Revoked clerk token \(id) (Lê Thị Hoa)"), revoked.standard)
        let refused = CasectlTranscript.run(["--node", node.baseURL, "procedures"], environment: clerk)
        XCTAssertEqual(refused.exitCode, Casectl.ExitCode.failure)
        XCTAssertTrue(refused.error.contains("revoked"), refused.error)
        XCTAssertTrue(refused.error.hasSuffix("(401 invalid_token)\n"), refused.error)
    }

    func testTheTokenIsFoundInOrderFlagEnvironmentFileThenTheDefaultDataDirectory() throws {
        let node = try node()
        let good = node.adminToken
        let bad = TokenSecret.generate().text
        func run(_ arguments: [String], environment: [String: String] = [:], files: [String: String] = [:]) -> Int32 {
            CasectlTranscript.run(["--node", node.baseURL] + arguments + ["procedures"], environment: environment, files: files).exitCode
        }
        let success = Casectl.ExitCode.success, failure = Casectl.ExitCode.failure
        XCTAssertEqual(run([]), failure, "no token anywhere: 401")
        XCTAssertEqual(run([], files: ["./casestore-data/admin.token": good + "\n"]), success, "the default data directory's admin.token")
        XCTAssertEqual(run(["--token-file", "t"], files: ["t": good, "./casestore-data/admin.token": bad]), success)
        XCTAssertEqual(run(["--token-file", "t"], environment: ["CASESTORE_TOKEN": good], files: ["t": bad]), success, "environment before file")
        XCTAssertEqual(run(["--token", good], environment: ["CASESTORE_TOKEN": bad]), success, "flag before environment")
        XCTAssertEqual(run(["--token", bad], environment: ["CASESTORE_TOKEN": good]), failure, "the flag wins even when wrong")
    }
}

/// `casectl token` against a node in identity mode: admin and monitor tokens are signed
/// here with an admin key or the root key; the node signs only its own centre's clerks.
final class SignedTokenCommandTests: XCTestCase {
    private var node: CasenodeProcess!
    private var directory: TemporaryDirectory!
    private var files: [String: String] = [:]

    override func setUpWithError() throws {
        node = try CasenodeProcess.withIdentity(id: "n1")
        try node.start()
        directory = try TemporaryDirectory()
        try CasenodeProcess.writePrivately(SignedTokenSamples.admin.key.fileText(comment: []), to: directory.path("admin.key"))
        try CasenodeProcess.writePrivately(SignedTokenSamples.root.fileText(comment: []), to: directory.path("root.key"))
        guard case .certified(let certificate) = SignedTokenSamples.admin.signer else { return XCTFail("an admin key is certified") }
        files = ["admin.cert": certificate.text + "\n"]
    }

    override func tearDown() {
        node?.stop()
        node?.removeFiles()
    }

    private func run(_ arguments: [String], token: String? = nil) -> CasectlTranscript {
        CasectlTranscript.run(["--node", node.baseURL] + arguments, environment: ["CASESTORE_TOKEN": token ?? node.adminToken], files: files)
    }

    private var adminKey: [String] { ["--signing-key", directory.path("admin.key"), "--certificate", "admin.cert"] }

    func testAnAdminKeySignsAdminTokensAndTheNodeMintsOnlyItsOwnClerks() throws {
        let secretFile = directory.path("new-admin.token")
        let created = run(["token", "create", "--name", "Trần Văn Nam", "--role", "admin", "--secret-file", secretFile] + adminKey)
        XCTAssertEqual(created.exitCode, Casectl.ExitCode.success, created.error)
        XCTAssertTrue(created.standard.contains("Secret written to \(secretFile)"), created.standard)
        let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let listed = run(["token", "list"], token: secret)
        XCTAssertEqual(listed.exitCode, Casectl.ExitCode.success, "the new admin token works: \(listed.error)")
        XCTAssertTrue(listed.standard.contains("admin admin-tinh"), listed.standard)
        XCTAssertTrue(listed.standard.contains("this node only"), "the node's first admin token is local: \(listed.standard)")

        let byRoot = run(["token", "create", "--name", "Giám sát Sở", "--role", "monitor", "--signing-key", directory.path("root.key"),
                          "--cluster-id", SignedTokenSamples.clusterID])
        XCTAssertEqual(byRoot.exitCode, Casectl.ExitCode.success, byRoot.error)

        let clerk = run(["token", "create", "--name", "Lê Thị Hoa", "--role", "clerk", "--centre", "n1"])
        XCTAssertEqual(clerk.exitCode, Casectl.ExitCode.success, clerk.error)
        let otherCentre = run(["token", "create", "--name", "Lê Thị Hoa", "--role", "clerk", "--centre", "n2"])
        XCTAssertEqual(otherCentre.exitCode, Casectl.ExitCode.failure)
        XCTAssertTrue(otherCentre.error.contains("(403 wrong_centre)"), otherCentre.error)
        let unsigned = run(["token", "create", "--name", "Quản trị", "--role", "admin"])
        XCTAssertEqual(unsigned.exitCode, Casectl.ExitCode.failure)
        XCTAssertTrue(unsigned.error.contains("(422 signature_required)"), unsigned.error)
        let clerkByAdmin = run(["token", "create", "--name", "Lê Thị Hoa", "--role", "clerk", "--centre", "n1"] + adminKey)
        XCTAssertEqual(clerkByAdmin.exitCode, Casectl.ExitCode.usage, "refused before any request: \(clerkByAdmin.error)")
        XCTAssertTrue(clerkByAdmin.error.contains("node key of n1 only"), clerkByAdmin.error)
    }

    func testARevocationOfATokenTheNodeDidNotIssueIsSignedHere() throws {
        let created = run(["--json", "token", "create", "--name", "Giám sát Sở", "--role", "monitor"] + adminKey)
        XCTAssertEqual(created.exitCode, Casectl.ExitCode.success, created.error)
        let answer = try JSONParser().parse(Array(created.standard.utf8))
        let id = try XCTUnwrap(answer["token"]?["id"]?.stringValue)
        let secret = try XCTUnwrap(answer["secret"]?.stringValue)
        XCTAssertEqual(run(["procedures"], token: secret).exitCode, Casectl.ExitCode.success)

        let unsigned = run(["token", "revoke", id])
        XCTAssertEqual(unsigned.exitCode, Casectl.ExitCode.failure)
        XCTAssertTrue(unsigned.error.contains("(422 signature_required)"), unsigned.error)
        let revoked = run(["token", "revoke", id] + adminKey)
        XCTAssertEqual(revoked.exitCode, Casectl.ExitCode.success, revoked.error)
        XCTAssertEqual(run(["procedures"], token: secret).exitCode, Casectl.ExitCode.failure, "revoked")
    }

    func testKeyInitAndAdminCertificatesAreMadeOffline() throws {
        let key = directory.path("made.key"), certificate = directory.path("made.cert")
        let made = CasectlTranscript.run(["key", "init", "--out", key])
        XCTAssertEqual(made.exitCode, Casectl.ExitCode.success, made.error)
        let certified = CasectlTranscript.run([
            "certify", "admin-tinh-79", "--role", "admin", "--root-key", directory.path("root.key"), "--cluster-id", "tinh-79",
            "--public-key-file", key + ".pub", "--out", certificate,
        ], files: [key + ".pub": try String(contentsOfFile: key + ".pub", encoding: .utf8)])
        XCTAssertEqual(certified.exitCode, Casectl.ExitCode.success, certified.error)
        let written = try Certificate(fileText: try String(contentsOfFile: certificate, encoding: .utf8))
        XCTAssertEqual(written.role, .admin)
        XCTAssertEqual(written.subject, "admin-tinh-79")
        let withAddress = CasectlTranscript.run([
            "certify", "a", "--role", "admin", "--api-address", "https://x", "--root-key", directory.path("root.key"), "--public-key", written.publicKey.hex,
        ])
        XCTAssertEqual(withAddress.exitCode, Casectl.ExitCode.usage)
    }
}
