import CaseNet
import Foundation
import Synchronization
import XCTest
@testable import CaseNode
import CaseSupport
import TestSupport

/// The node's HTTP port wired as it runs: the router's token check is what makes a
/// connection an authenticated caller's, and the server's refusals reach /metrics.
final class PortAbuseRuntimeTests: XCTestCase {
    private var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "casestore-abuse-\(UUID().uuidString)"
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    private func startNode(settings: [String: String] = [:]) throws -> (runtime: CaseNodeRuntime, port: UInt16) {
        var configuration = NodeConfiguration()
        try configuration.apply(
            ["id": "n1", "data": directory, "http": "127.0.0.1:0", "peer": "127.0.0.1:0"].merging(settings) { $1 }, source: "test")
        let lines = Mutex<[String]>([])
        let logger = Logger(minimumLevel: .info, sink: LogSink { line in lines.withLock { $0.append(line) } }, clock: { 0 })
        let runtime = try CaseNodeRuntime(configuration: configuration, logger: logger)
        let port = try runtime.start().http
        addTeardownBlock { runtime.stop() }
        return (runtime, port)
    }

    func testAnAdminsConnectionOutlivesAFloodOfStrangersAndTheFloodShowsInMetrics() throws {
        let (runtime, port) = try startNode()
        let admin = try HTTPClient(baseURL: "http://127.0.0.1:\(port)", timeoutMs: 10_000)
        let authorization = try runtime.adminAuthorization()
        XCTAssertEqual(try admin.send("GET", "/v1/cluster", headers: [authorization]).status, 200)

        let limits = runtime.configuration.httpLimits
        let strangers = try (0..<(limits.maxConnectionsPerAddress * 2)).map { _ in
            try TCPConnection.connect(host: "127.0.0.1", port: port, timeoutMs: 10_000)
        }
        defer { strangers.forEach { $0.close() } }
        // All but the newest maxUnauthenticatedConnections are closed to make room (or for silence, if slow).
        let pushedOut = strangers.count - limits.maxUnauthenticatedConnections
        XCTAssertTrue(eventually { strangers.prefix(pushedOut).allSatisfy { $0.isReadableNow() } }, "the oldest strangers are closed")

        // The admin's kept-alive connection was authenticated by its token, so it was never a candidate.
        let metrics = try admin.send("GET", "/metrics", headers: [authorization])
        XCTAssertEqual(metrics.status, 200)
        let closed = ["connections_evicted", "connections_silent"].map { Self.value(of: $0, in: metrics.bodyText) }.reduce(0, +)
        XCTAssertGreaterThanOrEqual(closed, Double(pushedOut), metrics.bodyText)
        XCTAssertGreaterThan(Self.value(of: "connections_evicted", in: metrics.bodyText), 0)
        XCTAssertEqual(try admin.send("GET", "/v1/cluster", headers: [authorization]).status, 200)
    }

    /// The value of `casestore_http_refusals_total{counter="…"}` in a scrape; 0 if absent.
    private static func value(of counter: String, in scrape: String) -> Double {
        let prefix = #"casestore_http_refusals_total{counter=""# + counter + #""} "#
        return scrape.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
    }

    func testARequestWithoutATokenIsRefusedOnItsHeadWithoutReadingItsBody() throws {
        let (_, port) = try startNode()
        let connection = try TCPConnection.connect(host: "127.0.0.1", port: port, timeoutMs: 10_000)
        defer { connection.close() }
        try connection.writeAll(Array("POST /v1/dossiers/X/actions HTTP/1.1\r\nHost: t\r\nContent-Length: 900000000\r\n\r\n".utf8), timeoutMs: 10_000)
        var received: [UInt8] = []
        while case .bytes(let bytes) = try connection.read(maxBytes: 65_536, timeoutMs: 10_000) { received += bytes }
        let text = String(decoding: received, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 401 "), "the token is judged before the declared 900 MB body: \(text)")
        XCTAssertTrue(text.contains("Connection: close"), text)
    }

    func testThePerAddressLimitsAreSettings() throws {
        var configuration = NodeConfiguration()
        try configuration.apply(["http-max-connections-per-address": "128", "peer-max-connections-per-address": "8"], source: "--")
        XCTAssertEqual(configuration.httpLimits.maxConnectionsPerAddress, 128)
        XCTAssertEqual(configuration.peerLimits.maxConnectionsPerAddress, 8)
        XCTAssertEqual(NodeConfiguration().httpLimits, HTTPServerLimits(), "unset, the shipped limits")
        XCTAssertThrowsError(try configuration.apply(["http-max-connections-per-address": "129"], source: "--")) { error in
            XCTAssertTrue("\(error)".contains("from 1 to 128"), "\(error)")
        }
        XCTAssertThrowsError(try configuration.apply(["peer-max-connections-per-address": "0"], source: "--"))
    }
}
