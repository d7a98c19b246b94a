/// What a handler decides from a request's head, before the server reads any of its body.
///
/// `authenticated` says the request proved who sent it (for the node: a valid token, even
/// one refused 403 for this route). The server knows nothing of tokens; it only records
/// that the connection carried such a request, and from then on keeps it as an
/// authenticated caller's: never closed to make room for strangers, and held to the
/// ordinary keep-alive limits rather than the short ones for strangers (`HTTPServerLimits`).
public enum HTTPHeadDecision: Sendable {
    /// Answer at once. The body is never read: if the head declared one, the answer says
    /// "Connection: close" and the connection closes after it.
    case answer(HTTPResponse, authenticated: Bool)
    /// Read the body (refused with 413 if it is declared larger than `maxBodyBytes`; "100
    /// Continue" is sent only now, to a client that asked for it), then answer with `respond`.
    case readBody(authenticated: Bool, respond: @Sendable (HTTPRequest) -> HTTPResponse)

    var isAuthenticated: Bool {
        switch self {
        case .answer(_, let authenticated), .readBody(let authenticated, _): return authenticated
        }
    }
}
