import CaseNet

/// Short-lived HTTP clients for the harness's own polling: two seconds is
/// plenty for a healthy node and keeps a paused one from stalling the poll.
enum HTTPClientFactory {
    static let pollTimeoutMs = 2_000

    static func client(_ baseURL: String) throws -> HTTPClient {
        try HTTPClient(baseURL: baseURL, timeoutMs: pollTimeoutMs)
    }
}
