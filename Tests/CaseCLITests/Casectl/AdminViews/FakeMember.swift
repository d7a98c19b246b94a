import CaseNet
import CaseSupport
import Synchronization

/// A stand-in node on a loopback port that answers the few paths a survey asks with fixed
/// JSON and records every request it gets, so a test can tell who casectl contacted.
final class FakeMember: Sendable {
    let id: String
    let port: UInt16
    private let server: HTTPServer
    private let seen = RequestLog()

    /// `answers` maps a path ("/v1/cluster", "/healthz", "/v1/dossiers/X") to its 200 body; any other path is 404.
    init(id: String, answers: @escaping @Sendable (String) -> JSONValue?) throws {
        self.id = id
        let seen = self.seen
        server = HTTPServer(host: "127.0.0.1", port: 0) { request in
            seen.entries.withLock { $0.append((request.path, request.headers["Authorization"])) }
            guard let body = answers(request.path) else {
                return .error(status: 404, code: "not_found", message: "no \(request.path) here")
            }
            return .json(200, body)
        }
        port = try server.start()
    }

    deinit {
        server.stop()
    }

    var address: String { "127.0.0.1:\(port)" }

    /// The paths asked so far, with the Authorization header each carried.
    var requests: [(path: String, authorization: String?)] { seen.entries.withLock { $0 } }

    /// A member's own answers: its health, a cluster view naming only itself, and `dossiers`.
    static func member(_ id: String, dossiers: [String: JSONValue] = [:]) throws -> FakeMember {
        try FakeMember(id: id) { path in
            switch path {
            case "/healthz": return ["status": "ok", "node": .string(id), "name": .string("Xã \(id)")]
            case "/v1/cluster": return ["id": .string(id), "clusterId": "fake", "members": [], "versionVector": [:]]
            default: return dossiers[path]
            }
        }
    }
}

/// What a fake member was asked, shared with its server's handler.
private final class RequestLog: Sendable {
    let entries = Mutex<[(path: String, authorization: String?)]>([])
}
