import CaseNet
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

    private func runtime(lines: BootstrapLogLines = BootstrapLogLines()) throws -> CaseNodeRuntime {
        var configuration = NodeConfiguration()
        try configuration.apply(["id": "n1", "data": directory, "http": "127.0.0.1:0", "peer": "127.0.0.1:0"], source: "test")
        return try CaseNodeRuntime(
            configuration: configuration, logger: Logger(sink: LogSink { line in lines.append(line) }, clock: { 0 }))
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

/// Log lines written during a test.
private final class BootstrapLogLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}
