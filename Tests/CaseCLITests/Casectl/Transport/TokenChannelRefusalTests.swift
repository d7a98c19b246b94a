import XCTest
@testable import CaseCLI

/// casectl refuses to send a token over plain http to anything but loopback, before it
/// connects, and says why and how; `--insecure-http` lets it through.
final class TokenChannelRefusalTests: XCTestCase {
    private static let token = "cst_0123456789abcdef_" + String(repeating: "cd", count: 32)

    /// `127.1` reaches this machine, but the rule reads only canonical literals as loopback, so
    /// a fake node behind it shows whether anything was sent.
    func testPlainHTTPToARemoteHostIsAUsageErrorAndNothingIsSent() throws {
        let node = try FakeMember.member("n1")
        let refused = CasectlTranscript.run(["--node", "http://127.1:\(node.port)", "--token", Self.token, "procedures"])
        XCTAssertEqual(refused.exitCode, Casectl.ExitCode.usage, refused.error)
        XCTAssertEqual(refused.standard, "")
        XCTAssertTrue(refused.error.hasPrefix("casectl procedures: --node http://127.1:\(node.port): will not send the API token in clear"), refused.error)
        XCTAssertTrue(refused.error.contains("Use https://") && refused.error.contains("--insecure-http"), "says how: \(refused.error)")
        XCTAssertEqual(node.requests.count, 0, "refused before connecting")

        let allowed = CasectlTranscript.run(["--node", "http://127.1:\(node.port)", "--token", Self.token, "--insecure-http", "--json", "procedures"])
        XCTAssertNotEqual(allowed.exitCode, Casectl.ExitCode.usage, allowed.error)
        XCTAssertEqual(node.requests.map(\.authorization), ["Bearer \(Self.token)"], "sent once allowed")
    }

    func testLoopbackNeedsNoFlagAndNoTokenNeedsNoRule() throws {
        let node = try FakeMember.member("n1")
        let loopback = CasectlTranscript.run(["--node", "http://localhost:\(node.port)", "--token", Self.token, "procedures"])
        XCTAssertNotEqual(loopback.exitCode, Casectl.ExitCode.usage, loopback.error)
        // Without a token nothing secret travels (the node answers 401), so nothing is refused.
        let tokenless = CasectlTranscript.run(["--node", "http://127.1:\(node.port)", "procedures"])
        XCTAssertFalse(tokenless.error.contains("will not send"), tokenless.error)
        XCTAssertEqual(node.requests.map(\.authorization), ["Bearer \(Self.token)", nil])
    }
}
