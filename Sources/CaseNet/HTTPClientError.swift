/// Why an HTTP exchange failed, worded for the person at the terminal:
/// "cannot connect to 127.0.0.1:7400: Connection refused".
public enum HTTPClientError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The base URL is not of the form http://host:port (or https:// where that is spoken).
    case invalidBaseURL(String, reason: String)
    /// The request itself cannot be sent (e.g. a space in the path).
    case invalidRequest(String)
    /// No connection could be made.
    case cannotConnect(address: String, reason: String)
    /// The server did not answer in time.
    case timedOut(address: String, timeoutMs: Int)
    /// The connection broke, or closed before a response arrived.
    case connectionLost(address: String, reason: String)
    /// What came back is not an HTTP response this client accepts.
    case invalidResponse(address: String, reason: String)

    public var description: String {
        switch self {
        case .invalidBaseURL(let url, let reason):
            return "invalid server URL '\(url)': \(reason)"
        case .invalidRequest(let reason):
            return "invalid request: \(reason)"
        case .cannotConnect(let address, let reason):
            return "cannot connect to \(address): \(reason)"
        case .timedOut(let address, let timeoutMs):
            return "no response from \(address) within \(timeoutMs) ms"
        case .connectionLost(let address, let reason):
            return "connection to \(address) lost: \(reason)"
        case .invalidResponse(let address, let reason):
            return "invalid response from \(address): \(reason)"
        }
    }
}
