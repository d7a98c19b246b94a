/// The syntax shared by request and response heads (RFC 9112): lines ended
/// by CRLF, fields as `token ":" OWS value OWS`. Strict on purpose: a bare
/// CR or LF, folded lines or a space before the colon are refused, because
/// they are how request-smuggling attacks make two parsers disagree.
enum HTTPHeadSyntax {
    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// The index just past the first CRLF CRLF in `buffer[searchFrom..<end]`.
    static func endOfHead(in buffer: [UInt8], searchFrom: Int, end: Int) -> Int? {
        var index = searchFrom
        while index + 3 < end {
            if buffer[index] == 0x0D && buffer[index + 1] == 0x0A && buffer[index + 2] == 0x0D && buffer[index + 3] == 0x0A {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// Splits a head (without its final blank line) into lines.
    static func lines(of head: ArraySlice<UInt8>, errorCode: String) throws(HTTPParseError) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        var index = head.startIndex
        while index < head.endIndex {
            switch head[index] {
            case 0x0D where index + 1 < head.endIndex && head[index + 1] == 0x0A:
                lines.append(head[lineStart..<index])
                index += 2
                lineStart = index
            case 0x0D, 0x0A:
                throw .badRequest(errorCode, "bare CR or LF in the head; lines must end with CRLF")
            default:
                index += 1
            }
        }
        lines.append(head[lineStart..<head.endIndex])
        return lines
    }

    /// Parses one header line into name and value (value without its
    /// surrounding spaces/tabs). Values must be valid UTF-8 without controls.
    static func field(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (name: String, value: String) {
        if let first = line.first, first == 0x20 || first == 0x09 {
            throw .badRequest("bad_header", "obsolete line folding (a header line starting with whitespace) is not supported")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw .badRequest("bad_header", "header line without ':' (\(preview(line)))")
        }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
            throw .badRequest("bad_header", "header name must be a token with no whitespace before ':' (\(preview(line)))")
        }
        var value = line[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }),
              let text = String(validating: value, as: UTF8.self) else {
            throw .badRequest("bad_header", "header '\(String(decoding: name, as: UTF8.self))' has control characters or invalid UTF-8 in its value")
        }
        return (String(decoding: name, as: UTF8.self), text)
    }

    /// RFC 9110 token characters: letters, digits and !#$%&'*+-.^_`|~
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// A short printable excerpt of raw bytes for error messages.
    static func preview(_ bytes: ArraySlice<UInt8>) -> String {
        let printable = bytes.prefix(60).map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }
        return "'" + String(decoding: printable, as: UTF8.self) + (bytes.count > 60 ? "...'" : "'")
    }
}
