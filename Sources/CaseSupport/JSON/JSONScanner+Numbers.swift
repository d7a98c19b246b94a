/// Number scanning: the RFC 8259 grammar checked byte by byte, integers
/// accumulated exactly, everything else handed to the standard library's
/// correctly rounded `Double` conversion.
extension JSONScanner {
    /// Longest number token accepted. The longest useful decimal spelling of
    /// a Double is under 800 digits; 4096 leaves room while keeping a hostile
    /// megabyte of digits from ever reaching the conversion.
    static let maxNumberBytes = 4096

    mutating func scanNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        let isNegative = currentByte == UInt8(ascii: "-")
        if isNegative { position += 1 }
        try scanIntegerPart()
        var isInteger = true
        if currentByte == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            try scanDigits(after: "decimal point")
        }
        if currentByte == UInt8(ascii: "e") || currentByte == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if currentByte == UInt8(ascii: "+") || currentByte == UInt8(ascii: "-") { position += 1 }
            try scanDigits(after: "exponent")
        }
        guard position - start <= Self.maxNumberBytes else {
            throw failure(at: start, "number longer than \(Self.maxNumberBytes) characters")
        }
        let token = bytes[start..<position]
        if isInteger, let exact = exactInteger(token, isNegative: isNegative) {
            return .int(exact)
        }
        guard let number = Double(String(decoding: token, as: UTF8.self)), number.isFinite else {
            throw failure(at: start, "number is too large to represent")
        }
        return .double(number)
    }

    private mutating func scanIntegerPart() throws(JSONParseError) {
        guard let first = currentByte, isDigit(first) else {
            throw failure("expected a digit in number")
        }
        position += 1
        if first == UInt8(ascii: "0"), let next = currentByte, isDigit(next) {
            throw failure("leading zeros are not allowed in numbers")
        }
        while let byte = currentByte, isDigit(byte) { position += 1 }
    }

    private mutating func scanDigits(after what: String) throws(JSONParseError) {
        guard let first = currentByte, isDigit(first) else {
            throw failure("expected a digit after the \(what)")
        }
        while let byte = currentByte, isDigit(byte) { position += 1 }
    }

    /// The token's value if it fits in Int64, accumulated towards the sign so
    /// that Int64.min is representable; nil on overflow (it becomes a Double).
    private func exactInteger(_ token: ArraySlice<UInt8>, isNegative: Bool) -> Int64? {
        var value: Int64 = 0
        for byte in token where byte != UInt8(ascii: "-") {
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflowMultiply) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = isNegative
                ? shifted.subtractingReportingOverflow(digit)
                : shifted.addingReportingOverflow(digit)
            if overflowMultiply || overflowAdd { return nil }
            value = next
        }
        return value
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
