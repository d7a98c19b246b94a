import CaseNet

/// One HTTP exchange with one node, whatever carries it: the plain ``HTTPClient`` for
/// `http://`, ``HTTPSClient`` (URLSession) for `https://`.
protocol NodeTransport: Sendable {
    /// Sends one request and returns the response, whatever its status. `pathAndQuery` is
    /// an encoded origin-form target; the client sets Host and the framing headers itself.
    func send(_ method: String, _ pathAndQuery: String, headers: [(String, String)], body: [UInt8]) throws(HTTPClientError) -> HTTPResponse
    /// Drops kept-alive connections; the next `send` opens a new one.
    func close()
}

extension HTTPClient: NodeTransport {}

enum NodeTransports {
    /// The transport for `url`'s scheme, each exchange bounded by `timeoutMs`.
    static func make(_ url: HTTPBaseURL, timeoutMs: Int) throws(HTTPClientError) -> any NodeTransport {
        switch url.scheme {
        case .http: return try HTTPClient(baseURL: url.description, timeoutMs: timeoutMs)
        case .https: return HTTPSClient(url: url, timeoutMs: timeoutMs)
        }
    }
}
