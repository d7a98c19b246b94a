import CaseNet
import CaseSupport

/// The node's HTTP API as casectl uses it: JSON in, JSON out, and errors
/// turned into one readable line ("cannot start: the dossier is resolved; … (409 illegal_transition)").
///
/// Every request carries `Authorization: Bearer <token>` when casectl found a token
/// (see `TokenSource`); commands that talk to several nodes use the same token at each
/// (`sibling`), since the cluster's nodes share one token registry.
struct NodeClient {
    let client: HTTPClient
    let baseURL: String
    /// The API token's text; nil sends no Authorization header (the node then answers 401).
    let token: String?

    /// `timeoutMs` bounds each whole exchange; the default suits a clerk's request,
    /// admin commands that make a node scan its whole database pass more.
    init(baseURL: String, timeoutMs: Int = 10_000, token: String?) throws {
        self.baseURL = baseURL
        self.token = token
        do {
            client = try HTTPClient(baseURL: baseURL, timeoutMs: timeoutMs)
        } catch {
            throw CasectlUsageError(message: "--node \(baseURL): \(error)")
        }
    }

    /// A client over an HTTP client made elsewhere (with its own time limit), for asking members.
    init(client: HTTPClient, baseURL: String, token: String?) {
        self.client = client
        self.baseURL = baseURL
        self.token = token
    }

    /// A client of another node (or of the same one with another timeout), with this one's token.
    func sibling(baseURL: String, timeoutMs: Int) throws -> NodeClient {
        try NodeClient(baseURL: baseURL, timeoutMs: timeoutMs, token: token)
    }

    func get(_ path: String) throws -> JSONValue {
        try exchange("GET", path, body: nil)
    }

    func post(_ path: String, _ body: JSONValue) throws -> JSONValue {
        try exchange("POST", path, body: body)
    }

    private func exchange(_ method: String, _ path: String, body: JSONValue?) throws -> JSONValue {
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response = try client.send(method, path, headers: headers, body: body.map { JSONWriter.serialize($0) } ?? [])
        let json = try? JSONParser().parse(response.body)
        guard (200..<300).contains(response.status) else {
            throw NodeRefusal(status: response.status, body: json)
        }
        guard let json else { throw NodeRefusal(status: response.status, body: nil) }
        return json
    }
}

/// The node answered with an error.
struct NodeRefusal: Error, CustomStringConvertible {
    let status: Int
    let body: JSONValue?

    var description: String {
        guard let error = body?["error"], let message = error["message"]?.stringValue else {
            return "the node answered HTTP \(status) without an error message"
        }
        return "\(message) (\(status) \(error["code"]?.stringValue ?? "error"))"
    }
}
