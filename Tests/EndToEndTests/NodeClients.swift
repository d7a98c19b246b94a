import CaseNet
import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

extension CasenodeProcess {
    /// A client whose requests carry this node's admin token.
    func client() throws -> AuthorizedClient { AuthorizedClient(client: try HTTPClient(baseURL: baseURL), token: adminToken) }

    /// This node's `GET /v1/cluster`.
    func cluster() throws -> JSONValue {
        try client().json("GET", "/v1/cluster").body
    }
}

extension XCTestCase {
    /// Waits until every node accepts every node's admin token (each node made its own on its
    /// first start; the token registry then syncs between them in about a second). Commands
    /// that ask every member with one token (`casectl verify`, `status`) need this.
    func waitForTokens(_ nodes: [CasenodeProcess], within seconds: Double = Eventually.clusterSeconds) throws {
        try eventually("every node knows every node's admin token", within: seconds) { CasenodeProcess.tokensKnownEverywhere(nodes) }
    }
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
