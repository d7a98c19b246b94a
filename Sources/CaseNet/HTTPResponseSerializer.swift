/// Writes a response in HTTP/1.1 wire form, with the framing headers the
/// server owns: Content-Length from the body and Connection from the
/// keep-alive decision. Whatever the handler set for those is replaced.
enum HTTPResponseSerializer {
    /// The wire bytes, or nil when the handler put a CR, LF or other control
    /// character into a header or the reason phrase: sending that would let
    /// data from a request forge extra headers (response splitting).
    static func serialize(_ response: HTTPResponse, keepAlive: Bool) -> [UInt8]? {
        guard isSafeText(response.reason) else { return nil }
        var head = "HTTP/1.1 \(response.status) \(response.reason)\r\n"
        for (name, value) in response.headers where !isFramingHeader(name) {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPHeadSyntax.isTokenByte), isSafeText(value) else { return nil }
            head += "\(name): \(value)\r\n"
        }
        let mayHaveBody = response.status >= 200 && response.status != 204 && response.status != 304
        if mayHaveBody {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(head.utf8) + (mayHaveBody ? response.body : [])
    }

    private static func isFramingHeader(_ name: String) -> Bool {
        ["Content-Length", "Connection", "Transfer-Encoding"].contains { HTTPHeaders.namesMatch($0, name) }
    }

    private static func isSafeText(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }
}
