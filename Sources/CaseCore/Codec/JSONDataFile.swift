import CaseSupport

/// Reads the JSON data files a node is given (the procedure catalogue, the holiday list)
/// with the project's own strict parser, and says where a problem is in terms a person
/// editing the file can find: "invalid JSON at line 12, column 5 (byte 301): …" for the
/// syntax, "procedures[3].fees[0].amountVND: expected a whole number, got string" for the
/// content. Keys the reader does not ask for are ignored, so a file may carry notes.
enum JSONDataFile {
    /// The top-level object of `bytes`, read by `read`; any problem becomes `malformed` with
    /// one line describing it. The caller checks the size first (its own `tooLarge` error);
    /// `maxBytes` bounds the parser as well.
    static func read<Value, Failure: Error>(
        _ bytes: [UInt8], maxBytes: Int, malformed: (String) -> Failure,
        _ read: (JSONObjectReader) throws(ValidationIssue) -> Value
    ) throws(Failure) -> Value {
        // Editors on Windows save UTF-8 with a byte-order mark; the parser refuses one in a
        // request body, but a data file's mark says nothing and is skipped.
        let skipped = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        let text = Array(bytes[skipped...])
        let document: JSONValue
        do {
            document = try JSONParser(maxInputBytes: maxBytes).parse(text)
        } catch {
            let place = location(of: error.offset, in: text)
            throw malformed("invalid JSON at \(place) (byte \(error.offset + skipped)): \(error.message)")
        }
        guard case .object = document else {
            throw malformed("expected a JSON object at the top level, got \(document.typeName)")
        }
        do {
            return try read(JSONObjectReader(document))
        } catch {
            throw malformed(error.description)
        }
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// "line 3, column 14": both count from 1, columns in characters.
    private static func location(of offset: Int, in bytes: [UInt8]) -> String {
        let end = min(max(offset, 0), bytes.count)
        let before = bytes[..<end]
        let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return "line \(line), column \(column)"
    }
}
