import CaseCore
import CaseNet
import CaseSystem
import Foundation
import Synchronization
import XCTest
@testable import CaseNode
import CaseSupport

final class AdminTokenBootstrapTests: XCTestCase {
    private var directory: String!

    override func setUp() {
        directory = NSTemporaryDirectory() + "casestore-bootstrap-\(UUID().uuidString)"
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    private static let root = SigningKey(seed: [UInt8](repeating: 0xB4, count: 32))!

    /// Node n1 on `directory`; with `identity`, certified by `root` and run in identity mode.
    private func runtime(lines: BootstrapLogLines = BootstrapLogLines(), identity: Bool = false, acceptLegacyPeers: Bool = false) throws -> CaseNodeRuntime {
        var configuration = NodeConfiguration()
        try configuration.apply(["id": "n1", "data": directory, "http": "127.0.0.1:0", "peer": "127.0.0.1:0"], source: "test")
        if identity {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let key = try NodeIdentityFiles.loadOrCreateKey(configuration).key
            let path = NodeIdentityFiles.certificatePath(configuration)
            if !FileManager.default.fileExists(atPath: path) {
                let request = CertificateRequest(
                    role: .node, clusterID: configuration.clusterID, subject: "n1", publicKey: key.publicKey, validFromMs: 0,
                    validUntilMs: 4_000_000_000_000)
                let certificate = Certificate.issue(request, serial: [UInt8](repeating: 1, count: 16), by: Self.root)
                try PrivateKeyFile.create(path, text: certificate.text + "\n", what: "certificate")
            }
            configuration.rootPublicKey = Self.root.publicKey
            configuration.acceptLegacyPeers = acceptLegacyPeers
        }
        return try CaseNodeRuntime(
            configuration: configuration, logger: Logger(sink: LogSink { line in lines.append(line) }, clock: { 0 }))
    }

    private func token(_ file: String = "/admin.token") throws -> String {
        try String(contentsOfFile: directory + file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testTheFirstStartWritesAnOwnerOnlyAdminTokenThatWorksAndLogsOnlyWhereItIs() throws {
        let lines = BootstrapLogLines()
        let node = try runtime(lines: lines)
        let path = directory + "/admin.token"
        let mode = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600)
        let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard case .valid(let record) = node.tokens.authenticate(token) else { return XCTFail("the written token is not valid") }
        XCTAssertEqual(record.role, .admin)
        XCTAssertEqual(record.name, "admin@n1")
        let logged = lines.text
        XCTAssertTrue(logged.contains(path), logged)
        XCTAssertFalse(logged.contains(String(token.suffix(64))), "the secret is never logged")

        let port = try node.start().http
        defer { node.stop() }
        let client = try HTTPClient(baseURL: "http://127.0.0.1:\(port)", timeoutMs: 5_000)
        defer { client.close() }
        XCTAssertEqual(try client.send("GET", "/v1/admin/tokens", headers: [("Authorization", "Bearer \(token)")]).status, 200)
        XCTAssertEqual(try client.send("GET", "/v1/admin/tokens").status, 401)
    }

    func testARestartKeepsTheTokenAndDoesNotWriteANewOne() throws {
        let first = try runtime()
        first.stop()
        let path = directory + "/admin.token"
        let written = try String(contentsOfFile: path, encoding: .utf8)
        try FileManager.default.removeItem(atPath: path)
        let second = try runtime()
        defer { second.stop() }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "a registry with tokens gets no new admin token")
        guard case .valid = second.tokens.authenticate(written) else { return XCTFail("the first token survives the restart") }
    }
}

extension AdminTokenBootstrapTests {
    func testInIdentityModeTheFirstAdminTokenIsLocalToTheNodeAndNeverReplicated() throws {
        let node = try runtime(identity: true)
        defer { node.stop() }
        guard case .valid(let record) = node.tokens.authenticate(try token()) else { return XCTFail("the written token is not valid") }
        XCTAssertEqual(record.provenance, .local)
        XCTAssertEqual(record.role, .admin)
        XCTAssertEqual(node.tokens.replicated, [], "nothing for the peers")
    }

    func testUpgradingToIdentityModeKeepsTheLegacyTokenBesideTheNewLocalOne() throws {
        try runtime().stop()
        let legacy = try token()
        let window = try runtime(identity: true, acceptLegacyPeers: true)
        window.stop()
        XCTAssertEqual(try token("/admin.token.legacy"), legacy)
        let local = try token()
        XCTAssertNotEqual(local, legacy)
        guard case .valid = window.tokens.authenticate(legacy) else { return XCTFail("honoured while legacy peers are accepted") }
        let strict = try runtime(identity: true)
        defer { strict.stop() }
        guard case .notHonoured = strict.tokens.authenticate(legacy) else { return XCTFail("unsigned: not honoured once the upgrade is over") }
        guard case .valid = strict.tokens.authenticate(local) else { return XCTFail("the local token stays valid") }
        XCTAssertEqual(try token(), local, "a restart writes no new token")
    }
}

/// Log lines written during a test.
private final class BootstrapLogLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}
