/// Why bytes could not be decoded into a value. Every malformed input ends in
/// one of these; none of them is a programmer error, so none of them traps.
///
/// After a reader throws, its position is unspecified: stop decoding and
/// discard the message (at frame level, close the connection).
public enum WireDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended before a value was complete: `needed` bytes were
    /// required and only `remaining` were left.
    case truncated(needed: Int, remaining: Int)
    /// A varint does not fit in 64 bits (more than ten bytes, or a tenth byte
    /// above 1).
    case varintOverflow
    /// A varint ends in a zero group (for example 0x80 0x00 for 0). Refused so
    /// that every value has exactly one encoding and equal messages are equal
    /// bytes.
    case varintNotMinimal
    /// A length prefix (of bytes or a string) is larger than the caller allows.
    case lengthTooLarge(length: UInt64, max: Int)
    /// The element count of a list is larger than the caller allows.
    case countTooLarge(count: UInt64, max: Int)
    /// A string field is not valid UTF-8.
    case invalidUTF8
    /// A field has a value outside its domain; the text says which and what is allowed.
    case invalidValue(String)
    /// A complete value was decoded but this many bytes followed it.
    case trailingBytes(Int)

    /// What was wrong and what is allowed, for logs and for closing the connection.
    public var description: String {
        switch self {
        case let .truncated(needed, remaining):
            "truncated input: needed \(needed) more bytes but only \(remaining) remain"
        case .varintOverflow:
            "varint overflow: a varint may hold at most 64 bits (ten bytes)"
        case .varintNotMinimal:
            "varint not minimal: a varint may not end in a zero group; use the shortest encoding"
        case let .lengthTooLarge(length, max):
            "length \(length) is too large: at most \(max) bytes are allowed here"
        case let .countTooLarge(count, max):
            "list of \(count) elements is too long: at most \(max) are allowed here"
        case .invalidUTF8:
            "string field is not valid UTF-8"
        case let .invalidValue(message):
            "invalid value: \(message)"
        case let .trailingBytes(count):
            "\(count) unexpected bytes after the end of the message"
        }
    }
}
