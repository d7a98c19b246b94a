/// Why a request (or, in the client, a response) could not be accepted: the
/// status to answer with, a stable machine-readable code, and a sentence for
/// the person reading it. The server sends these as
/// `{"error":{"code":"body_too_large","message":"..."}}` and closes.
public struct HTTPParseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The HTTP status that fits: 400, 408, 413, 417, 431, 501 or 505.
    public let status: Int
    /// A stable code such as "bad_request_line", "headers_too_large",
    /// "body_too_large", "bad_content_length".
    public let code: String
    /// What was wrong and what is allowed.
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String {
        "\(status) \(code): \(message)"
    }

    /// What a log line may say of the refusal: the status and the code, not the message,
    /// which may quote the request (an unencoded search for a citizen's name, a mangled
    /// Authorization header with its token). The client gets the whole message.
    public var logDescription: String {
        "\(status) \(code)"
    }

    static func badRequest(_ code: String, _ message: String) -> HTTPParseError {
        HTTPParseError(status: 400, code: code, message: message)
    }
}
