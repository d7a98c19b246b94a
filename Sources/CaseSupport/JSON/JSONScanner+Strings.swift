/// String scanning: escapes, surrogate pairs and UTF-8 validation, in one pass.
extension JSONScanner {
    /// Scans a string starting at its opening quote; returns the decoded text.
    mutating func scanString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        var decoded: [UInt8] = []
        while true {
            guard let byte = currentByte else {
                throw failure("unterminated string, expected '\"'")
            }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(to: &decoded)
            case 0x00..<0x20:
                throw failure("control character 0x\(Self.hex(byte)) must be escaped inside a string")
            case 0x20..<0x80:
                decoded.append(byte)
                position += 1
            default:
                let length = try validatedUTF8SequenceLength()
                decoded.append(contentsOf: bytes[position..<position + length])
                position += length
            }
            guard decoded.count <= maxStringBytes else {
                throw failure("string longer than \(maxStringBytes) bytes")
            }
        }
    }

    private mutating func appendEscape(to decoded: inout [UInt8]) throws(JSONParseError) {
        let escapeOffset = position
        position += 1  // backslash
        guard let letter = currentByte else {
            throw failure("unterminated escape sequence")
        }
        position += 1
        switch letter {
        case UInt8(ascii: "\""): decoded.append(0x22)
        case UInt8(ascii: "\\"): decoded.append(0x5C)
        case UInt8(ascii: "/"): decoded.append(0x2F)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try scanUnicodeEscape(startingAt: escapeOffset)
            UTF8.encode(scalar) { decoded.append($0) }
        default:
            throw failure(at: escapeOffset, "invalid escape sequence; allowed are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
    }

    /// Decodes the hex digits after `\u`, joining a surrogate pair into one
    /// scalar. A surrogate without its partner is refused: it cannot be
    /// represented in UTF-8, and silently replacing it would alter the text.
    private mutating func scanUnicodeEscape(startingAt escapeOffset: Int) throws(JSONParseError) -> Unicode.Scalar {
        let unit = try scanFourHexDigits()
        switch unit {
        case 0xDC00...0xDFFF:
            throw failure(at: escapeOffset, "lone low surrogate \\u\(hex16(unit)) is not allowed")
        case 0xD800...0xDBFF:
            let hasPartner = position + 1 < bytes.count
                && bytes[position] == UInt8(ascii: "\\") && bytes[position + 1] == UInt8(ascii: "u")
            guard hasPartner else {
                throw failure(at: escapeOffset, "high surrogate \\u\(hex16(unit)) must be followed by a low surrogate escape")
            }
            position += 2
            let low = try scanFourHexDigits()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure(at: escapeOffset, "high surrogate \\u\(hex16(unit)) must be followed by a low surrogate, not \\u\(hex16(low))")
            }
            let combined = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            return Unicode.Scalar(combined)!  // always valid: in 0x10000...0x10FFFF
        default:
            return Unicode.Scalar(unit)!  // always valid: surrogates handled above
        }
    }

    private mutating func scanFourHexDigits() throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = currentByte, let digit = hexDigitValue(byte) else {
                throw failure("expected four hex digits after \\u")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private func hex16(_ unit: UInt16) -> String {
        Self.hex(UInt8(unit >> 8)) + Self.hex(UInt8(unit & 0xFF))
    }

    /// Length of the well-formed multi-byte UTF-8 sequence at `position`,
    /// following Unicode's table of well-formed sequences (no overlong forms,
    /// no encoded surrogates, nothing above U+10FFFF).
    func validatedUTF8SequenceLength() throws(JSONParseError) -> Int {
        let lead = bytes[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default:
            throw failure("invalid UTF-8: byte 0x\(Self.hex(lead)) cannot start a character")
        }
        for index in 1..<length {
            let offset = position + index
            let allowed = index == 1 ? secondRange : 0x80...0xBF
            guard offset < bytes.count, allowed.contains(bytes[offset]) else {
                throw failure("invalid UTF-8: malformed \(length)-byte sequence")
            }
        }
        return length
    }
}
