/// Why a byte sequence is not acceptable JSON, and where.
///
/// The description reads "invalid JSON at byte 17: expected ',' or '}' after
/// object member", which is what an API client sees in the error body.
public struct JSONParseError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Zero-based byte offset into the input where the problem was found.
    public let offset: Int
    /// What was wrong, and what was expected instead.
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String {
        "invalid JSON at byte \(offset): \(message)"
    }
}
