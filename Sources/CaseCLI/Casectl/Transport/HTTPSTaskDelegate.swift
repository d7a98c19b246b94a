import CaseNet
import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// URLSession's callbacks for ``HTTPSClient``: collects each task's response and body
/// (bounded), refuses redirects, and wakes the waiting caller when the task ends.
final class HTTPSTaskDelegate: NSObject, URLSessionDataDelegate, Sendable {
    private let maxBodyBytes: Int
    private let exchanges = Mutex<[Int: HTTPSExchange]>([:])

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    func begin(_ taskID: Int) -> HTTPSExchange {
        let exchange = HTTPSExchange()
        exchanges.withLock { $0[taskID] = exchange }
        return exchange
    }

    func end(_ taskID: Int) {
        _ = exchanges.withLock { $0.removeValue(forKey: taskID) }
    }

    private func exchange(_ task: URLSessionTask) -> HTTPSExchange? {
        exchanges.withLock { $0[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        guard response.expectedContentLength <= Int64(maxBodyBytes) else {
            exchange(dataTask)?.fail("the body of \(response.expectedContentLength) bytes is over the limit of \(maxBodyBytes)")
            return completionHandler(.cancel)
        }
        exchange(dataTask)?.received(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let exchange = exchange(dataTask) else { return }
        if !exchange.append(data, limit: maxBodyBytes) {
            exchange.fail("the body is over the limit of \(maxBodyBytes) bytes")
            dataTask.cancel()
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        exchange(task)?.finish(error)
    }
}

/// One request's progress, written by URLSession's callbacks and read by the waiting caller.
final class HTTPSExchange: Sendable {
    private struct State {
        var response: HTTPURLResponse?
        var body: [UInt8] = []
        /// Why casectl stopped the task itself (a body over the limit).
        var refusal: String?
        var error: (any Error)?
    }

    private let state = Mutex(State())
    private let done = DispatchSemaphore(value: 0)

    func received(_ response: URLResponse) {
        state.withLock { $0.response = response as? HTTPURLResponse }
    }

    /// Appends `data`; false when the body would pass `limit`.
    func append(_ data: Data, limit: Int) -> Bool {
        state.withLock { state in
            guard state.body.count + data.count <= limit else { return false }
            state.body.append(contentsOf: data)
            return true
        }
    }

    func fail(_ reason: String) {
        state.withLock { $0.refusal = $0.refusal ?? reason }
    }

    func finish(_ error: (any Error)?) {
        state.withLock { $0.error = error }
        done.signal()
    }

    /// Waits up to `ms` for the task to end; false if it did not.
    func wait(ms: Int) -> Bool {
        done.wait(timeout: .now() + .milliseconds(ms)) == .success
    }

    /// The response, or the failure in the words ``HTTPClient`` uses.
    func outcome(address: String, timeoutMs: Int) throws(HTTPClientError) -> HTTPResponse {
        let state = state.withLock { $0 }
        if let refusal = state.refusal { throw .invalidResponse(address: address, reason: refusal) }
        if let error = state.error { throw HTTPSFailure.clientError(error, address: address, timeoutMs: timeoutMs) }
        guard let response = state.response, (100...599).contains(response.statusCode) else {
            throw .invalidResponse(address: address, reason: "no HTTP status came back")
        }
        var headers = HTTPHeaders()
        for case let (name as String, value as String) in response.allHeaderFields { headers.add(name, value) }
        return HTTPResponse(status: response.statusCode, headers: headers, body: state.body)
    }
}
