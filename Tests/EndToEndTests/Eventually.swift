import CaseCore
import CaseReplication
import CaseWire
import Foundation
import XCTest
import CaseSupport

extension XCTestCase {
    /// Polls `condition` every 20 ms until it holds or `seconds` pass: waiting on a
    /// condition, never sleeping blindly. Fails the test (and throws) on timeout.
    func eventually(_ what: String, within seconds: Double = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            usleep(20_000)
        }
        XCTFail("timed out after \(seconds)s waiting until \(what)")
        throw NodeProcessError("timed out: \(what)")
    }
}

extension NodeProcess {
    /// This node's `GET /v1/cluster`.
    func cluster() throws -> JSONValue {
        try client().json("GET", "/v1/cluster").body
    }
}

extension XCTestCase {
    /// Waits until every node accepts every node's admin token (each node made its own on its
    /// first start; the token registry then syncs between them in about a second). Commands
    /// that ask every member with one token (`casectl verify`, `status`) need this.
    func waitForTokens(_ nodes: [NodeProcess], within seconds: Double = 30) throws {
        try eventually("every node knows every node's admin token", within: seconds) {
            nodes.allSatisfy { server in
                nodes.allSatisfy { holder in
                    let client = try? AuthorizedClient(baseURL: server.baseURL, token: holder.adminToken, timeoutMs: 5_000)
                    return (try? client?.send("GET", "/v1/procedures").status) == 200
                }
            }
        }
    }
}
