/// A strict RFC 8259 JSON parser with bounded resource use.
///
/// Strictness matters here because the documents carry identity data: the
/// parser rejects what other parsers quietly repair, so that two nodes never
/// read one document two ways.
/// - the input must be valid UTF-8 (no byte-order mark), checked byte by byte;
/// - `\u` escapes must pair surrogates correctly; a lone surrogate is refused;
/// - no trailing commas, no leading zeros, no comments, no NaN or Infinity;
/// - nothing but whitespace may follow the value;
/// - an object may not repeat a key. Keys are compared as Swift strings, that
///   is by canonical equivalence, so an NFC and an NFD spelling of the same
///   Vietnamese key also count as a repeat.
///
/// Numbers without fraction or exponent that fit in `Int64` become `.int`;
/// every other number becomes `.double`, and a number too large for a
/// `Double` is refused rather than turned into infinity.
public struct JSONParser: Sendable {
    /// Deepest nesting of arrays and objects accepted. 64 is far more than any
    /// API document needs and keeps the recursive descent well inside a
    /// thread's stack.
    public let maxDepth: Int
    /// Longest string (or object key) accepted, in UTF-8 bytes after escapes
    /// are decoded. 1 MiB matches the HTTP server's default request body limit.
    public let maxStringBytes: Int
    /// Largest input accepted. 64 MiB matches the HTTP client's response
    /// body limit, the biggest document this process is ever asked to read.
    public let maxInputBytes: Int

    public init(maxDepth: Int = 64, maxStringBytes: Int = 1 << 20, maxInputBytes: Int = 64 << 20) {
        precondition(maxDepth >= 1, "JSONParser.maxDepth must be at least 1")
        precondition(maxStringBytes >= 0, "JSONParser.maxStringBytes must not be negative")
        precondition(maxInputBytes >= 0, "JSONParser.maxInputBytes must not be negative")
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxInputBytes = maxInputBytes
    }

    /// Parses one JSON document from UTF-8 bytes.
    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= maxInputBytes else {
            throw JSONParseError(
                offset: 0,
                message: "document is \(bytes.count) bytes, more than the \(maxInputBytes) allowed")
        }
        var scanner = JSONScanner(bytes: bytes, maxDepth: maxDepth, maxStringBytes: maxStringBytes)
        return try scanner.scanDocument()
    }

    /// Parses one JSON document from a string (its UTF-8 encoding).
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}
