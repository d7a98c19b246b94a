/// What a client may send, checked before anything is sent: one rule for the plain HTTP
/// client and casectl's HTTPS client, so that neither lets a caller's text split a header
/// line or override what the client itself must decide.
public enum OutgoingRequest {
    /// Headers the client sets itself: a caller's value could point the request elsewhere
    /// (Host) or change where one message ends (the framing headers).
    static let reservedHeaders = ["Host", "Content-Length", "Transfer-Encoding", "Connection"]

    /// Refuses a method that is not an HTTP token, a target that is not an encoded
    /// origin-form path, and header names or values that would break the head.
    public static func check(method: String, pathAndQuery: String, headers: [(String, String)]) throws(HTTPClientError) {
        guard !method.isEmpty, method.utf8.allSatisfy(HTTPHeadSyntax.isTokenByte) else {
            throw .invalidRequest("method '\(method)' is not an HTTP token")
        }
        guard pathAndQuery.hasPrefix("/"), pathAndQuery.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidRequest("target '\(pathAndQuery)' must start with '/' and be percent-encoded (no spaces or non-ASCII)")
        }
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPHeadSyntax.isTokenByte),
                  value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw .invalidRequest("header '\(name)' has an invalid name or control characters in its value")
            }
            guard !reservedHeaders.contains(where: { HTTPHeaders.namesMatch($0, name) }) else {
                throw .invalidRequest("header '\(name)' is set by the client itself")
            }
        }
    }
}
