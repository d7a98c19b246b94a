import CaseCore
import CaseReplication
import CaseWire
import CaseNet
import Foundation
import XCTest
import CaseSupport
import CaseSystem

/// A real `casenode` process on an ephemeral port, with its own data directory.
final class NodeProcess {
    let process = Process()
    let dataDirectory: String
    let id: String
    private(set) var port: UInt16 = 0
    private(set) var peerPort: UInt16 = 0
    private let stdout = Pipe()
    private let stderr = Pipe()

    /// The directory holding the built executables (next to the test bundle).
    static var productsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["CASESTORE_BIN"] { return URL(fileURLWithPath: override) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "casestore-e2e-\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    init(id: String = "local", dataDirectory: String, extraArguments: [String] = []) {
        self.id = id
        self.dataDirectory = dataDirectory
        process.executableURL = Self.productsDirectory.appendingPathComponent("casenode")
        process.arguments = ["--id", id, "--data", dataDirectory, "--http", "127.0.0.1:0", "--peer", "127.0.0.1:0"] + extraArguments
            + SharedClusterKey.arguments(unlessIn: extraArguments)
        process.standardOutput = stdout
        process.standardError = stderr
    }

    /// Starts the node and waits (bounded) for the line that says where it serves.
    func start(timeoutSeconds: Double = 30) throws {
        try process.run()
        let line = try readLine(from: stdout.fileHandleForReading, timeoutSeconds: timeoutSeconds)
        guard let range = line.range(of: "http://127.0.0.1:"),
              let port = UInt16(line[range.upperBound...].prefix(while: { $0.isNumber })) else {
            throw NodeProcessError("casenode did not report its address; it said: \(line) \(errorOutput())")
        }
        self.port = port
        if let range = line.range(of: "peer 127.0.0.1:") {
            peerPort = UInt16(line[range.upperBound...].prefix(while: { $0.isNumber })) ?? 0
        }
    }

    var peerAddress: String { "127.0.0.1:\(peerPort)" }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// A client whose requests carry this node's admin token.
    func client() throws -> AuthorizedClient { AuthorizedClient(client: try HTTPClient(baseURL: baseURL), token: adminToken) }

    /// The admin token the node wrote into its data directory on its first start ("" if none,
    /// which the node answers with 401). Read each time: a node rebuilt from peers writes a new one.
    var adminToken: String {
        let path = (dataDirectory as NSString).appendingPathComponent("admin.token")
        return ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// casectl's environment for talking to this node as its admin.
    var adminEnvironment: [String: String] { ["CASESTORE_TOKEN": adminToken] }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    func errorOutput() -> String {
        String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self)
    }

    private func readLine(from handle: FileHandle, timeoutSeconds: Double) throws -> String {
        var collected = [UInt8]()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else {
                if !process.isRunning { break }
                continue
            }
            var byte: UInt8 = 0
            guard read(handle.fileDescriptor, &byte, 1) == 1 else { break }
            if byte == UInt8(ascii: "\n") { return String(decoding: collected, as: UTF8.self) }
            collected.append(byte)
        }
        throw NodeProcessError("casenode did not start within \(timeoutSeconds)s: \(String(decoding: collected, as: UTF8.self)) \(errorOutput())")
    }
}

struct NodeProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// An HTTP client that sends `Authorization: Bearer <token>` with every request.
struct AuthorizedClient {
    let client: HTTPClient
    let token: String

    init(client: HTTPClient, token: String) {
        self.client = client
        self.token = token
    }

    init(baseURL: String, token: String, timeoutMs: Int = 10_000) throws {
        self.init(client: try HTTPClient(baseURL: baseURL, timeoutMs: timeoutMs), token: token)
    }

    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> HTTPResponse {
        try client.send(method, path, headers: headers + [("Authorization", "Bearer \(token)")], body: body)
    }

    func json(_ method: String, _ path: String, _ body: JSONValue? = nil) throws -> (status: Int, body: JSONValue) {
        let bytes = body.map { JSONWriter.serialize($0) } ?? []
        let headers: [(String, String)] = body == nil ? [] : [("Content-Type", "application/json")]
        let response = try send(method, path, headers: headers, body: bytes)
        return (response.status, try JSONParser().parse(response.body))
    }
}

/// JSON over HTTP for tests: send, check the status, parse the answer.
extension HTTPClient {
    func json(_ method: String, _ path: String, _ body: JSONValue? = nil) throws -> (status: Int, body: JSONValue) {
        let bytes = body.map { JSONWriter.serialize($0) } ?? []
        let headers: [(String, String)] = body == nil ? [] : [("Content-Type", "application/json")]
        let response = try send(method, path, headers: headers, body: bytes)
        return (response.status, try JSONParser().parse(response.body))
    }
}
