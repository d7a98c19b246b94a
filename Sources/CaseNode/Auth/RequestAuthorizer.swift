import CaseCore
import CaseNet

/// Decides, from a request's head and before any of its body is read, whether its bearer
/// token lets it through.
///
/// No token → 401 with `WWW-Authenticate: Bearer`; an unknown, malformed or revoked token
/// → 401; a valid token whose role or centre does not allow the route → 403. The one
/// permission that depends on the body — a settle through the actions route needs an
/// admin — is checked once the body has been read (`authorizeSettle`); until then the
/// route asks for what every step on it needs.
struct RequestAuthorizer: Sendable {
    let registry: TokenRegistry
    let nodeID: String

    /// Headers longer than this are not a bearer token: `Bearer ` and an 85-character
    /// token, with room for stray spaces.
    static let maxAuthorizationBytes = 256

    /// The caller's token record (nil for an open route), or the refusal to send.
    func authorize(_ head: HTTPRequestHead, route: Route) -> Result<TokenRecord?, AuthorizationFailure> {
        let permission = route.requiredPermission(method: head.method, settles: false)
        if permission == .open { return .success(nil) }
        let record: TokenRecord
        switch authenticate(head) {
        case .success(let found): record = found
        case .failure(let failure): return .failure(failure)
        }
        guard permission.allows(record, atNode: nodeID) else { return .failure(forbidden(record, permission, head, route)) }
        return .success(record)
    }

    /// The refusal for a caller, already admitted on the head, whose body asks to settle
    /// conflicts, which needs more than a workflow step; nil when it may.
    func authorizeSettle(_ caller: TokenRecord?, _ head: HTTPRequestHead, route: Route) -> AuthorizationFailure? {
        let permission = route.requiredPermission(method: head.method, settles: true)
        guard let caller else { preconditionFailure("a settle is served only to a caller with a token (Route.requiredPermission)") }
        return permission.allows(caller, atNode: nodeID) ? nil : forbidden(caller, permission, head, route)
    }

    private func authenticate(_ head: HTTPRequestHead) -> Result<TokenRecord, AuthorizationFailure> {
        guard let header = head.headers["Authorization"] else {
            return .failure(.unauthenticated(
                "this endpoint needs a token: send 'Authorization: Bearer cst_…' (casectl finds it with --token, "
                    + "CASESTORE_TOKEN, --token-file, or the node's admin.token in ./casestore-data)",
                invalidToken: false))
        }
        let parts = header.utf8.count <= Self.maxAuthorizationBytes ? header.split(separator: " ", maxSplits: 1) : []
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(.unauthenticated("the Authorization header must be 'Bearer <token>'", invalidToken: true))
        }
        switch registry.authenticate(String(parts[1])) {
        case .valid(let record):
            return .success(record)
        case .revoked(let record):
            let at = record.revokedAtMs.map { VietnamTime.iso8601(Instant(millisecondsSinceEpoch: $0)) } ?? "?"
            return .failure(.unauthenticated("token \(record.id) (\(record.name)) was revoked at \(at); ask an admin for a new one", invalidToken: true))
        case .notHonoured(let record):
            return .failure(.unauthenticated(
                "token \(record.id) (\(record.name)) is unsigned, and node \(nodeID) has a cluster root key: it honours signed tokens only; "
                    + "ask an admin for a new one (docs/security-api.md)",
                invalidToken: true))
        case .unknown:
            return .failure(.unauthenticated(
                "this token is not known to node \(nodeID) (mistyped, or created moments ago at another node and not yet here)",
                invalidToken: true))
        case .malformed:
            return .failure(.unauthenticated("this is not a casestore token: tokens look like cst_<16 hex>_<64 hex>", invalidToken: true))
        }
    }

    private func forbidden(_ record: TokenRecord, _ permission: APIPermission, _ head: HTTPRequestHead, _ route: Route) -> AuthorizationFailure {
        let who = "token \(record.id) (\(record.name), \(record.role.rawValue))"
        let what = "\(head.method) \(route.name)"
        if permission == .centreWrite, record.role == .clerk, let centre = record.centre {
            return AuthorizationFailure(
                status: 403, code: "wrong_centre",
                message: "\(who) acts for centre \(centre), not for this node (\(nodeID)): file and act at \(centre)'s node")
        }
        let needed = permission == .admin ? "an admin token" : "a clerk token of centre \(nodeID) or an admin token"
        return AuthorizationFailure(status: 403, code: "forbidden", message: "\(who) may not \(what): it needs \(needed)")
    }
}

/// A request refused before it was served: 401 (who are you?) or 403 (not you).
struct AuthorizationFailure: Error, Equatable {
    let status: Int
    let code: String
    let message: String
    /// The `WWW-Authenticate` challenge of a 401.
    var challenge: String?

    /// Whether the caller proved who it is (a valid token, refused for this route): its
    /// connection is then an authenticated caller's (`HTTPHeadDecision`).
    var isAuthenticated: Bool { status == 403 }

    static func unauthenticated(_ message: String, invalidToken: Bool) -> AuthorizationFailure {
        AuthorizationFailure(
            status: 401, code: invalidToken ? "invalid_token" : "unauthorized", message: message,
            challenge: invalidToken ? #"Bearer realm="casestore", error="invalid_token""# : #"Bearer realm="casestore""#)
    }

    var response: HTTPResponse {
        var response = HTTPResponse.error(status: status, code: code, message: message)
        if let challenge { response.headers.add("WWW-Authenticate", challenge) }
        return response
    }
}

extension Route {
    var isActions: Bool {
        if case .actions = self { return true }
        return false
    }
}
