import CaseNet
import CaseSupport

/// The node's HTTP API as casectl uses it: JSON in, JSON out, and errors
/// turned into one readable line ("cannot start: the dossier is resolved; … (409 illegal_transition)").
///
/// Every request carries `Authorization: Bearer <token>` when casectl found a token
/// (see `TokenSource`); commands that talk to several nodes use the same token at each
/// (`sibling`), since the cluster's nodes share one token registry. No client that would
/// carry a token over a channel ``ChannelPolicy`` refuses can be made.
struct NodeClient {
    /// The exchange itself: plain HTTP or HTTPS, by the URL's scheme.
    let client: any NodeTransport
    let url: HTTPBaseURL
    /// The API token's text; nil sends no Authorization header (the node then answers 401).
    let token: String?
    /// What the command line allows, handed on to every client made from this one.
    let policy: ChannelPolicy

    /// `timeoutMs` bounds each whole exchange; the default suits a clerk's request,
    /// admin commands that make a node scan its whole database pass more.
    init(url: HTTPBaseURL, timeoutMs: Int = 10_000, token: String?, policy: ChannelPolicy) throws {
        if token != nil, let refusal = policy.tokenRefusal(for: url) { throw ChannelRefusal(message: refusal) }
        self.client = try NodeTransports.make(url, timeoutMs: timeoutMs)
        self.url = url
        self.token = token
        self.policy = policy
    }

    /// The client of the node casectl was given (`--node`); a URL it cannot use is a usage error.
    static func given(_ text: String, token: String?, policy: ChannelPolicy) throws -> NodeClient {
        do {
            return try NodeClient(url: try HTTPBaseURL(parsing: text), token: token, policy: policy)
        } catch let error as HTTPClientError {
            throw CasectlUsageError(message: "--node \(text): \(error)")
        } catch let refusal as ChannelRefusal {
            throw CasectlUsageError(message: "--node \(text): \(refusal.message)")
        }
    }

    /// The URL as casectl shows it: "https://host:port".
    var baseURL: String { url.description }

    /// A client of another node (or of the same one with another timeout), with this one's
    /// token, under the same policy.
    func sibling(baseURL: String, timeoutMs: Int) throws -> NodeClient {
        try NodeClient(url: try HTTPBaseURL(parsing: baseURL), timeoutMs: timeoutMs, token: token, policy: policy)
    }

    func get(_ path: String) throws -> JSONValue {
        try exchange("GET", path, body: nil)
    }

    func post(_ path: String, _ body: JSONValue) throws -> JSONValue {
        try exchange("POST", path, body: body)
    }

    /// A page the node renders (a printed form), as the bytes it sent; an error answer is
    /// still JSON and becomes a `NodeRefusal`.
    func getPage(_ path: String, accept: String) throws -> [UInt8] {
        try page("GET", path, body: nil, accept: accept)
    }

    /// `getPage` for a page asked for by POST with a JSON body (Mẫu 01 with a lookup PIN).
    func page(_ method: String, _ path: String, body: JSONValue?, accept: String) throws -> [UInt8] {
        let bytes = body.map { JSONWriter.serialize($0) } ?? []
        let response = try client.send(method, path, headers: headers(accept: accept, hasBody: body != nil), body: bytes)
        guard (200..<300).contains(response.status) else {
            throw NodeRefusal(status: response.status, body: try? JSONParser().parse(response.body))
        }
        return response.body
    }

    /// A filing or a step under `idempotencyKey`: retried with the same key when an exchange
    /// goes unanswered (`SafeRetry`), each retry told to `notice`. `replayed`: the node
    /// answered a repeat of a request it had already taken.
    func post(_ path: String, _ body: JSONValue, idempotencyKey: String, notice: (String) -> Void) throws -> (body: JSONValue, replayed: Bool) {
        let bytes = JSONWriter.serialize(body)
        let response = try SafeRetry.run(notice: notice) { () throws(HTTPClientError) in
            try client.send("POST", path, headers: headers(hasBody: true) + [("Idempotency-Key", idempotencyKey)], body: bytes)
        }
        return (try Self.json(of: response), response.headers["Idempotent-Replayed"] == "true")
    }

    private func headers(accept: String = "application/json", hasBody: Bool) -> [(String, String)] {
        var headers: [(String, String)] = [("Accept", accept)]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if hasBody { headers.append(("Content-Type", "application/json")) }
        return headers
    }

    private func exchange(_ method: String, _ path: String, body: JSONValue?) throws -> JSONValue {
        let response = try client.send(method, path, headers: headers(hasBody: body != nil), body: body.map { JSONWriter.serialize($0) } ?? [])
        return try Self.json(of: response)
    }

    /// A success's JSON body; an error answer as a `NodeRefusal`.
    private static func json(of response: HTTPResponse) throws -> JSONValue {
        let json = try? JSONParser().parse(response.body)
        guard (200..<300).contains(response.status) else {
            throw NodeRefusal(status: response.status, body: json)
        }
        guard let json else { throw NodeRefusal(status: response.status, body: nil) }
        return json
    }
}

/// A client that would send the token where ``ChannelPolicy`` forbids: nothing was sent.
struct ChannelRefusal: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
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
