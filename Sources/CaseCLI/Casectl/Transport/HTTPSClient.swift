import CaseNet
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// casectl's HTTPS client: Foundation's URLSession (on Linux, libcurl with OpenSSL).
///
/// The server's certificate is checked against the system trust store and its name against
/// the URL's host, as URLSession does by default; nothing here relaxes that. URLSession on
/// Linux offers no way to trust one more CA per session (no server-trust challenge reaches a
/// delegate, and it reads no CA-file setting): a private CA goes into the system store.
///
/// Like ``HTTPClient``: one exchange at a time, each bounded by `timeoutMs`, bodies by
/// `HTTPClient.maxResponseBodyBytes`. Redirects are not followed: a node never redirects, and
/// following one would carry the token wherever a proxy pointed it.
final class HTTPSClient: NodeTransport {
    let url: HTTPBaseURL
    let timeoutMs: Int
    private let session: URLSession
    private let tasks: HTTPSTaskDelegate
    private let oneAtATime = Mutex(())

    /// Time past `timeoutMs` before the wait gives up on URLSession's own timer. Why 1 s:
    /// URLSession's timer fires first in every normal case; this only stops a wedged task
    /// from holding casectl for ever.
    static let backstopMs = 1_000

    init(url: HTTPBaseURL, timeoutMs: Int) {
        precondition(url.scheme == .https, "HTTPSClient is for https:// URLs")
        precondition(timeoutMs > 0, "HTTPSClient timeoutMs must be positive")
        self.url = url
        self.timeoutMs = timeoutMs
        tasks = HTTPSTaskDelegate(maxBodyBytes: HTTPClient.maxResponseBodyBytes)
        session = URLSession(configuration: Self.configuration(timeoutMs: timeoutMs), delegate: tasks, delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// No cookies, caches or stored credentials: casectl sends exactly the headers it means to.
    private static func configuration(timeoutMs: Int) -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Double(timeoutMs) / 1_000
        configuration.timeoutIntervalForResource = Double(timeoutMs) / 1_000
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return configuration
    }

    func send(_ method: String, _ pathAndQuery: String, headers: [(String, String)], body: [UInt8]) throws(HTTPClientError) -> HTTPResponse {
        let request = try urlRequest(method, pathAndQuery, headers: headers, body: body)
        return try oneAtATime.withLock { _ throws(HTTPClientError) -> HTTPResponse in
            let task = session.dataTask(with: request)
            let exchange = tasks.begin(task.taskIdentifier)
            task.resume()
            guard exchange.wait(ms: timeoutMs + Self.backstopMs) else {
                task.cancel()
                tasks.end(task.taskIdentifier)
                throw .timedOut(address: url.address, timeoutMs: timeoutMs)
            }
            tasks.end(task.taskIdentifier)
            return try exchange.outcome(address: url.address, timeoutMs: timeoutMs)
        }
    }

    func close() {
        session.reset {}
    }

    private func urlRequest(_ method: String, _ pathAndQuery: String, headers: [(String, String)], body: [UInt8]) throws(HTTPClientError) -> URLRequest {
        try OutgoingRequest.check(method: method, pathAndQuery: pathAndQuery, headers: headers)
        guard let target = URL(string: url.description + pathAndQuery) else {
            throw .invalidRequest("target '\(pathAndQuery)' does not make a URL with \(url)")
        }
        var request = URLRequest(url: target)
        request.httpMethod = method
        for (name, value) in headers { request.addValue(value, forHTTPHeaderField: name) }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) { request.httpBody = Data(body) }
        return request
    }
}
