import CaseSupport

/// An HTTP response: what a handler returns, and what the client receives.
///
/// The server adds Content-Length and Connection itself; a handler sets
/// Content-Type (the factories below do).
public struct HTTPResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    /// `status` must be 100...599 (a programmer error otherwise); the reason
    /// defaults to the standard phrase.
    public init(status: Int, reason: String? = nil, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        precondition((100...599).contains(status), "HTTP status \(status) is outside 100...599")
        self.status = status
        self.reason = reason ?? HTTPStatus.reasonPhrase(for: status)
        self.headers = headers
        self.body = body
    }

    /// Content-Type of every JSON response.
    public static let jsonContentType = "application/json; charset=utf-8"
    /// Content-Type of every plain-text response.
    public static let textContentType = "text/plain; charset=utf-8"

    /// A JSON body, serialised canonically and compactly.
    public static func json(_ status: Int, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": jsonContentType], body: JSONWriter.serialize(value))
    }

    /// The project's error shape, `{"error":{"code":"...","message":"..."}}`; `details` adds
    /// fields beside those two (never replacing them) for an error that names more.
    public static func error(status: Int, code: String, message: String, details: [String: JSONValue] = [:]) -> HTTPResponse {
        let fields = details.merging(["code": .string(code), "message": .string(message)]) { _, fixed in fixed }
        return json(status, ["error": .object(fields)])
    }

    /// A UTF-8 plain-text body.
    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": textContentType], body: Array(text.utf8))
    }

    /// The body as UTF-8 text (invalid sequences shown as U+FFFD).
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }

    /// The body parsed as JSON.
    public func jsonBody(parser: JSONParser = JSONParser()) throws(JSONParseError) -> JSONValue {
        try parser.parse(body)
    }
}
