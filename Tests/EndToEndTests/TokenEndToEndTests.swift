import CaseCore
import CaseCrypto
import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// API tokens against real casenode processes: valid at every node once synced, a clerk acts
/// only at its own centre, a revocation spreads, and casectl finds the first admin token.
final class TokenEndToEndTests: XCTestCase {
    private var nodes: [CasenodeProcess] = []
    private var directories: [String] = []

    override func tearDown() {
        nodes.forEach { $0.stop() }
        for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
    }

    private func startNode(_ id: String, data: String? = nil, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        let directory = data ?? CasenodeProcess.temporaryDirectory(id)
        directories.append(directory)
        var arguments = ["--cluster-id", "e2e-tokens"]
        if !others.isEmpty { arguments += ["--join", others.map(\.peerAddress).joined(separator: ",")] }
        let node = CasenodeProcess.forTests(id: id, dataDirectory: directory, extraArguments: arguments)
        try node.start()
        nodes.append(node)
        return node
    }

    private static let filing: JSONValue = [
        "procedureCode": "1.001193", "applicant": ["fullName": "Đỗ Thị Lan", "idNumber": "001190000001"],
    ]

    func testAClerkTokenOfCentreAIsKnownAtBButActsOnlyAtA() throws {
        let n1 = try startNode("n1", joining: [])
        let n2 = try startNode("n2", joining: [n1])

        let created = try CasectlProcess.run(
            ["--node", n1.baseURL, "--json", "token", "create", "--name", "Lê Thị Hoa", "--role", "clerk", "--centre", "n1"],
            environment: n1.adminEnvironment)
        XCTAssertEqual(created.exitCode, 0, created.error)
        let secret = try XCTUnwrap(try JSONParser().parse(Array(created.standard.utf8))["secret"]?.stringValue)
        let atN1 = try AuthorizedClient(baseURL: n1.baseURL, token: secret)
        let atN2 = try AuthorizedClient(baseURL: n2.baseURL, token: secret)

        try eventually("n2 knows the clerk token made at n1") { try atN2.send("GET", "/v1/procedures").status == 200 }
        let refused = try atN2.json("POST", "/v1/dossiers", Self.filing)
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(refused.body["error"]?["code"], "wrong_centre")
        XCTAssertTrue(refused.body["error"]?["message"]?.stringValue?.contains("acts for centre n1") ?? false, "\(refused.body)")

        let filed = try atN1.json("POST", "/v1/dossiers", Self.filing)
        XCTAssertEqual(filed.status, 201)
        let code = try XCTUnwrap(filed.body["code"]?.stringValue)
        XCTAssertEqual(filed.body["history"]?[0]?["actor"], "Lê Thị Hoa")
        try eventually("n2 holds the filing, recorded as the clerk") {
            try atN2.json("GET", "/v1/dossiers/\(code)").body["history"]?[0]?["actor"] == "Lê Thị Hoa"
        }

        // Revoked at n2 (with n2's own admin token, once n2's token is known everywhere): refused at n1 too.
        try waitForTokens([n1, n2])
        let id = try XCTUnwrap(TokenSecret(parsing: secret)?.id)
        let revoked = try CasectlProcess.run(["--node", n2.baseURL, "token", "revoke", id], environment: n2.adminEnvironment)
        XCTAssertEqual(revoked.exitCode, 0, revoked.error)
        try eventually("n1 refuses the revoked token") { try atN1.send("GET", "/v1/procedures").status == 401 }
        XCTAssertEqual(try atN1.json("POST", "/v1/dossiers", Self.filing).body["error"]?["code"], "invalid_token")
    }

    func testNoTokenIs401AndTheFirstAdminTokenIsOwnerOnlyAndFoundByCasectlInTheSameFolder() throws {
        let folder = CasenodeProcess.temporaryDirectory("folder")
        directories.append(folder)
        let node = try startNode("local", data: folder + "/casestore-data", joining: [])
        let path = folder + "/casestore-data/admin.token"
        let mode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600)

        let anonymous = try node.client().client.send("GET", "/v1/dossiers")
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(anonymous.headers["WWW-Authenticate"], #"Bearer realm="casestore""#)
        XCTAssertEqual(try node.client().client.send("GET", "/healthz").status, 200)

        let found = try CasectlProcess.run(["--node", node.baseURL, "token", "list"], environment: ["CASESTORE_TOKEN": ""], directory: folder)
        XCTAssertEqual(found.exitCode, 0, found.error)
        XCTAssertTrue(found.standard.contains("admin@local  admin"), found.standard)
        let elsewhere = try CasectlProcess.run(["--node", node.baseURL, "token", "list"], environment: ["CASESTORE_TOKEN": ""], directory: NSTemporaryDirectory())
        XCTAssertEqual(elsewhere.exitCode, 1)
        XCTAssertTrue(elsewhere.error.contains("(401 unauthorized)"), elsewhere.error)
    }
}

/// Tokens in a cluster with a root key, over real processes and the version-3 peer
/// protocol: a token the admin key signed reaches the other node and works there; a
/// node's own first admin token works only at that node; a node refuses a signed record
/// its signer may not vouch for, and nothing of it spreads.
final class SignedTokenEndToEndTests: XCTestCase {
    private let nodes = CertifiedNodes()

    override func tearDown() {
        nodes.stopAll()
    }

    private func start(_ id: String, joining others: [CasenodeProcess]) throws -> CasenodeProcess {
        try nodes.start(id, joining: others)
    }

    func testSignedTokensReplicateAndEachNodesFirstAdminTokenStaysLocal() throws {
        let n1 = try start("n1", joining: [])
        let n2 = try start("n2", joining: [n1])
        let localAtN1 = try AuthorizedClient(baseURL: n1.baseURL, token: n1.adminToken)
        XCTAssertEqual(try AuthorizedClient(baseURL: n2.baseURL, token: n1.adminToken).send("GET", "/v1/procedures").status, 401)

        let secret = SignedTokenSamples.secret(42, issuer: SignedTokenSamples.admin)
        let nowMs = Int64(Date().timeIntervalSince1970 * 1_000)
        let record = SignedTokenSamples.admin.grant(secret, name: "Trần Văn Nam", role: .admin, centre: nil, createdAtMs: nowMs)
        let posted = try localAtN1.json("POST", "/v1/admin/tokens", ["record": .string(Hex.encode(record.wireBytes))])
        XCTAssertEqual(posted.status, 201, "\(posted.body)")
        let atN2 = try AuthorizedClient(baseURL: n2.baseURL, token: secret.text)
        try eventually("n2 learns the admin token n1 took") { try atN2.send("GET", "/v1/admin/tokens").status == 200 }

        let forged = SignedTokenSamples.n1.grant(
            SignedTokenSamples.secret(43, issuer: SignedTokenSamples.n1), name: "Kẻ trộm", role: .admin, centre: nil, createdAtMs: nowMs)
        let refused = try localAtN1.json("POST", "/v1/admin/tokens", ["record": .string(Hex.encode(forged.wireBytes))])
        XCTAssertEqual(refused.status, 403, "\(refused.body)")
        var altered = SignedTokenSamples.admin.grant(
            SignedTokenSamples.secret(44, issuer: SignedTokenSamples.admin), name: "Giám sát", role: .monitor, centre: nil, createdAtMs: nowMs)
        altered.role = .admin
        XCTAssertEqual(try localAtN1.json("POST", "/v1/admin/tokens", ["record": .string(Hex.encode(altered.wireBytes))]).status, 422)

        let clerk = try localAtN1.json("POST", "/v1/admin/tokens", ["name": "Lê Thị Hoa", "role": "clerk", "centre": "n1"])
        XCTAssertEqual(clerk.status, 201, "\(clerk.body)")
        XCTAssertEqual(try localAtN1.json("POST", "/v1/admin/tokens", ["name": "Lê Thị Hoa", "role": "clerk", "centre": "n2"]).status, 403)
        let clerkAtN2 = try AuthorizedClient(baseURL: n2.baseURL, token: try XCTUnwrap(clerk.body["secret"]?.stringValue))
        try eventually("n2 knows n1's clerk") { try clerkAtN2.send("GET", "/v1/procedures").status == 200 }
        let listed = try atN2.json("GET", "/v1/admin/tokens").body["items"]?.arrayValue ?? []
        XCTAssertEqual(Set(listed.compactMap { $0["name"]?.stringValue }), ["admin@n2", "Trần Văn Nam", "Lê Thị Hoa"], "nothing forged, no other node's local token")
    }
}
