import XCTest
import Synchronization
@testable import CaseNet
import CaseSupport

/// A server on an ephemeral loopback port that answers every request with a
/// JSON echo of it, and records what it saw.
///
/// It plays a node's token check on the head, as `APIRouter.decide` does: a request
/// carrying `Authorization: Bearer good` proves its caller (`authenticated`); one carrying
/// any other `Authorization` is answered 401 on its head, its body never read; one
/// without passes unauthenticated.
final class EchoServer: Sendable {
    static let goodToken = ("Authorization", "Bearer good")

    let server: HTTPServer
    let port: UInt16
    /// Requests whose body was read and answered by `handler` (or the echo).
    let requests: Locked<[HTTPRequest]>
    /// Every head judged, answered or not.
    let heads: Locked<[HTTPRequestHead]>
    let logLines: Locked<[String]>

    init(limits: HTTPServerLimits = .init(), handler: (@Sendable (HTTPRequest) -> HTTPResponse)? = nil) throws {
        let requests = Locked<[HTTPRequest]>([])
        let heads = Locked<[HTTPRequestHead]>([])
        let logLines = Locked<[String]>([])
        self.requests = requests
        self.heads = heads
        self.logLines = logLines
        server = HTTPServer(
            host: "127.0.0.1", port: 0, limits: limits,
            log: { line in logLines.withLock { $0.append(line) } },
            handler: { head in
                heads.withLock { $0.append(head) }
                let authorization = head.headers["Authorization"]
                guard authorization == nil || authorization == EchoServer.goodToken.1 else {
                    return .answer(.error(status: 401, code: "invalid_token", message: "not a good token"), authenticated: false)
                }
                return .readBody(authenticated: authorization != nil) { request in
                    requests.withLock { $0.append(request) }
                    return handler?(request) ?? EchoServer.echo(request)
                }
            })
        port = try server.start()
    }

    static func echo(_ request: HTTPRequest) -> HTTPResponse {
        .json(200, [
            "method": .string(request.method),
            "path": .string(request.path),
            "query": .array(request.queryItems.map { [.string($0.name), .string($0.value)] }),
            "body": .string(String(decoding: request.body, as: UTF8.self)),
            "remote": .string(request.remoteAddress),
        ])
    }

    var handledCount: Int { requests.withLock { $0.count } }

    func client(timeoutMs: Int = 10_000) throws -> HTTPClient {
        try HTTPClient(baseURL: "http://127.0.0.1:\(port)", timeoutMs: timeoutMs)
    }

    /// Lines the server logged that contain `fragment`.
    func logged(_ fragment: String) -> [String] {
        logLines.value.filter { $0.contains(fragment) }
    }

    func raw() throws -> RawConnection {
        try RawConnection(port: port)
    }
}

/// A hand-driven client connection, for sending exactly the bytes a test
/// needs, malformed ones included.
final class RawConnection {
    let connection: TCPConnection
    private var pending: [UInt8] = []

    init(port: UInt16) throws {
        connection = try TCPConnection.connect(host: "127.0.0.1", port: port, timeoutMs: 10_000)
    }

    deinit {
        connection.close()
    }

    func send(_ text: String) throws {
        try connection.writeAll(Array(text.utf8), timeoutMs: 10_000)
    }

    /// One response (status, headers, body), or nil if the connection ended
    /// before a complete one arrived.
    func readResponse(timeoutMs: Int = 10_000) throws -> (status: Int, headers: HTTPHeaders, body: String)? {
        let deadline = Deadline.after(ms: timeoutMs)
        while true {
            if let response = takeResponse() { return response }
            switch try connection.read(maxBytes: 65_536, timeoutMs: deadline.remainingMs) {
            case .bytes(let bytes): pending += bytes
            case .endOfStream, .timedOut: return nil
            }
        }
    }

    /// Whether the server closes the connection (rather than staying silent).
    func readsEndOfStream(timeoutMs: Int = 10_000) throws -> Bool {
        let deadline = Deadline.after(ms: timeoutMs)
        while true {
            switch try connection.read(maxBytes: 65_536, timeoutMs: deadline.remainingMs) {
            case .bytes(let bytes): pending += bytes
            case .endOfStream: return true
            case .timedOut: return false
            }
        }
    }

    private func takeResponse() -> (status: Int, headers: HTTPHeaders, body: String)? {
        guard let headEnd = HTTPHeadSyntax.endOfHead(in: pending, searchFrom: 0, end: pending.count),
              let lines = try? HTTPHeadSyntax.lines(of: pending[0..<headEnd - 4], errorCode: "test") else { return nil }
        let status = Int(String(decoding: lines[0].dropFirst(9).prefix(3), as: UTF8.self)) ?? -1
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            if let field = try? HTTPHeadSyntax.field(line) { headers.add(field.name, field.value) }
        }
        let length = Int(headers["Content-Length"] ?? "0") ?? 0
        guard pending.count >= headEnd + length else { return nil }
        let body = String(decoding: pending[headEnd..<headEnd + length], as: UTF8.self)
        pending.removeSubrange(0..<headEnd + length)
        return (status, headers, body)
    }
}

/// The `error.code` of a JSON error body, or nil.
func errorCode(_ body: String) -> String? {
    (try? JSONParser().parse(body))?["error"]?["code"]?.stringValue
}

/// A mutex-guarded value that closures and threads can share (Mutex itself
/// cannot be captured or returned, being non-copyable).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }

    var value: Value { withLock { $0 } }
}
