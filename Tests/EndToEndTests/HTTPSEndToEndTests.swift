import CaseNet
import CaseSupport
import Foundation
import NodeLauncher
import Synchronization
import TestSupport
import XCTest

/// casectl over https, through a TLS proxy in front of a real node, as production runs it:
/// the token crosses TLS, the certificate is checked against the system trust store, and
/// nothing is sent to a server the store does not trust or whose name does not match.
final class HTTPSEndToEndTests: XCTestCase {
    private var node: CasenodeProcess!
    private var proxy: TLSTestProxy!
    private var directory: String!

    override func setUpWithError() throws {
        node = CasenodeProcess.forTests(id: "n1")
        try node.start()
        directory = CasenodeProcess.temporaryDirectory("tls")
        proxy = try TLSTestProxy(forwardingTo: node.httpPort, directory: directory)
    }

    override func tearDown() {
        proxy = nil
        node?.stop()
        node?.removeFiles()
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    func testFilingShowingAndStatusOverHTTPSThroughATLSProxy() throws {
        let filed = try proxy.trustingRun(
            ["--node", proxy.url, "--json", "file", "--procedure", "1.001193", "--name", "Lê Thị Hồng", "--id-number", "001190000001"],
            environment: node.adminEnvironment)
        XCTAssertEqual(filed.exitCode, 0, filed.error)
        let code = try XCTUnwrap(try JSONParser().parse(Array(filed.standard.utf8))["code"]?.stringValue, filed.standard)

        let shown = try proxy.trustingRun(["--node", proxy.url, "show", code], environment: node.adminEnvironment)
        XCTAssertEqual(shown.exitCode, 0, shown.error)
        XCTAssertTrue(shown.standard.contains("Lê Thị Hồng"), shown.standard)

        let status = try proxy.trustingRun(["--node", proxy.url, "--json", "status"], environment: node.adminEnvironment)
        XCTAssertEqual(status.exitCode, 0, status.error)
        let report = try JSONParser().parse(Array(status.standard.utf8))
        XCTAssertEqual(report["reachableCount"], 1, "the asked node, over https")
        XCTAssertEqual(report["members"]?[0]?["dossierCount"], 1)
    }

    func testACertificateNotForTheHostNameIsRefused() throws {
        // The certificate names localhost only; 127.0.0.1 reaches the same proxy.
        let run = try proxy.trustingRun(["--node", "https://127.0.0.1:\(proxy.port)", "procedures"], environment: node.adminEnvironment)
        XCTAssertEqual(run.exitCode, 1)
        XCTAssertTrue(run.error.contains("not issued for this host name"), run.error)
    }

    /// A redirect is not followed: it would carry the token wherever the server pointed.
    func testARedirectIsNotFollowed() throws {
        let elsewhere = RequestCounter()
        let target = HTTPServer(host: "127.0.0.1", port: 0) { _ in
            elsewhere.count.withLock { $0 += 1 }
            return .json(200, ["items": []])
        }
        let targetPort = try target.start()
        defer { target.stop() }
        let redirecting = HTTPServer(host: "127.0.0.1", port: 0) { request in
            HTTPResponse(status: 302, headers: ["Location": "http://127.0.0.1:\(targetPort)\(request.target)"])
        }
        defer { redirecting.stop() }
        let redirectingProxy = try TLSTestProxy(forwardingTo: try redirecting.start(), directory: CasenodeProcess.temporaryDirectory("tls-redirect"))
        defer { try? FileManager.default.removeItem(atPath: redirectingProxy.directory) }

        let run = try redirectingProxy.trustingRun(["--node", redirectingProxy.url, "procedures"], environment: node.adminEnvironment)
        XCTAssertEqual(run.exitCode, 1)
        XCTAssertTrue(run.error.contains("HTTP 302"), run.error)
        XCTAssertEqual(elsewhere.count.withLock { $0 }, 0, "the token was not carried to the redirect's target")
    }

    func testACertificateTheSystemStoreDoesNotTrustIsRefusedAndSaysWhatToDo() throws {
        let run = try CasectlProcess.run(["--node", proxy.url, "procedures"], environment: node.adminEnvironment)
        XCTAssertEqual(run.exitCode, 1)
        XCTAssertEqual(run.standard, "")
        XCTAssertTrue(run.error.hasPrefix("casectl procedures: cannot connect to localhost:\(proxy.port): "), run.error)
        XCTAssertTrue(run.error.contains("system trust store") && run.error.contains("update-ca-certificates"), run.error)
    }
}

/// How many requests a server received, shared with its handler.
private final class RequestCounter: Sendable {
    let count = Mutex(0)
}
