/// The recursive descent behind `JSONParser`: one pass over the bytes, one
/// position, one depth counter. Strings and numbers live in their own files.
struct JSONScanner {
    let bytes: [UInt8]
    let maxDepth: Int
    let maxStringBytes: Int
    var position = 0
    var depth = 0

    init(bytes: [UInt8], maxDepth: Int, maxStringBytes: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }

    mutating func scanDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw failure("a byte-order mark is not allowed; send plain UTF-8")
        }
        skipWhitespace()
        let value = try scanValue()
        skipWhitespace()
        guard position == bytes.count else {
            throw failure("unexpected \(describeCurrentByte()) after the JSON value")
        }
        return value
    }

    mutating func scanValue() throws(JSONParseError) -> JSONValue {
        guard let byte = currentByte else {
            throw failure("unexpected end of input, expected a value")
        }
        switch byte {
        case UInt8(ascii: "{"): return try scanObject()
        case UInt8(ascii: "["): return try scanArray()
        case UInt8(ascii: "\""): return .string(try scanString())
        case UInt8(ascii: "t"): try scanLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try scanLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try scanLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try scanNumber()
        default: throw failure("unexpected \(describeCurrentByte()), expected a value")
        }
    }

    private mutating func scanObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // '{'
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if currentByte == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard currentByte == UInt8(ascii: "\"") else {
                throw failure(members.isEmpty
                    ? "expected a string key or '}' in object"
                    : (currentByte == UInt8(ascii: "}")
                        ? "trailing comma before '}' is not allowed"
                        : "expected a string key after ',' in object"))
            }
            let keyOffset = position
            let key = try scanString()
            skipWhitespace()
            guard currentByte == UInt8(ascii: ":") else {
                throw failure("expected ':' after object key")
            }
            position += 1
            skipWhitespace()
            let value = try scanValue()
            if members.updateValue(value, forKey: key) != nil {
                throw JSONParseError(
                    offset: keyOffset,
                    message: "duplicate object key \"\(key)\"; each key may appear only once")
            }
            skipWhitespace()
            switch currentByte {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(members)
            default:
                throw failure("expected ',' or '}' after object member")
            }
        }
    }

    private mutating func scanArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // '['
        var elements: [JSONValue] = []
        skipWhitespace()
        if currentByte == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            if !elements.isEmpty && currentByte == UInt8(ascii: "]") {
                throw failure("trailing comma before ']' is not allowed")
            }
            elements.append(try scanValue())
            skipWhitespace()
            switch currentByte {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw failure("expected ',' or ']' after array element")
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        guard depth < maxDepth else {
            throw failure("nesting deeper than \(maxDepth) levels is not allowed")
        }
        depth += 1
    }

    mutating func scanLiteral(_ word: StaticString) throws(JSONParseError) {
        let start = position
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard currentByte == byte else {
                position = start
                throw failure("invalid literal, expected '\(word)'")
            }
            position += 1
        }
    }

    mutating func skipWhitespace() {
        while let byte = currentByte,
              byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            position += 1
        }
    }

    var currentByte: UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    func describeCurrentByte() -> String {
        guard let byte = currentByte else { return "end of input" }
        if byte >= 0x21 && byte <= 0x7E {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x\(Self.hex(byte))"
    }

    func failure(_ message: String) -> JSONParseError {
        JSONParseError(offset: position, message: message)
    }

    func failure(at offset: Int, _ message: String) -> JSONParseError {
        JSONParseError(offset: offset, message: message)
    }

    /// Two upper-case hex digits, for messages about raw bytes.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
