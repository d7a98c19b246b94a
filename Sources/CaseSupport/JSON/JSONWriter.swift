/// Canonical JSON serialisation.
///
/// Identical values always produce identical bytes, because replication
/// compares digests of serialised documents across nodes:
/// - object keys are sorted by their UTF-8 bytes (not by `String` ordering,
///   which depends on Unicode canonical equivalence);
/// - no insignificant whitespace in compact mode;
/// - strings are written as their own UTF-8 bytes, non-ASCII raw; only `"`,
///   `\` and control characters are escaped, each in one fixed spelling;
/// - doubles use Swift's shortest spelling that reads back to the same
///   value, integers are written exactly.
///
/// Strings are written as given: two strings that Swift considers equal but
/// that differ in normalisation (NFC vs NFD) give different bytes. Callers
/// that digest text must normalise it to NFC first, as the domain layer does
/// at every entry point.
///
/// NaN and infinities have no JSON spelling. Writing one traps: such a value
/// can only come from a computation bug, and emitting `null` or a string
/// instead would put a silently wrong document into a digest or an API reply.
public enum JSONWriter {
    /// The value as UTF-8 JSON bytes; `pretty` indents by two spaces per level
    /// and puts one member or element per line (no trailing newline).
    public static func serialize(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        write(value, into: &output, indent: pretty ? 0 : nil)
        return output
    }

    /// The value as JSON text; see `serialize(_:pretty:)`.
    public static func string(_ value: JSONValue, pretty: Bool = false) -> String {
        String(decoding: serialize(value, pretty: pretty), as: UTF8.self)
    }

    /// Appends the compact form of `value` (for `CanonicalJSONBuffer`).
    static func write(_ value: JSONValue, into output: inout [UInt8]) {
        write(value, into: &output, indent: nil)
    }

    /// `indent` is the current nesting level in pretty mode, nil when compact.
    private static func write(_ value: JSONValue, into output: inout [UInt8], indent: Int?) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): output.append(contentsOf: String(number).utf8)
        case .double(let number): writeDouble(number, into: &output)
        case .string(let text): writeString(text, into: &output)
        case .array(let elements): writeArray(elements, into: &output, indent: indent)
        case .object(let members): writeObject(members, into: &output, indent: indent)
        }
    }

    private static func writeDouble(_ number: Double, into output: inout [UInt8]) {
        precondition(number.isFinite, "JSON cannot represent \(number); a NaN or infinite value reached JSONWriter")
        // Swift's description is the shortest text that parses back to the
        // same Double, and always contains '.' or 'e' ("3.0", "1e+20"), so
        // the value reads back as a double, not as an integer.
        output.append(contentsOf: number.description.utf8)
    }

    private static func writeArray(_ elements: [JSONValue], into output: inout [UInt8], indent: Int?) {
        output.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            writeNewline(into: &output, indent: indent.map { $0 + 1 })
            write(element, into: &output, indent: indent.map { $0 + 1 })
        }
        if !elements.isEmpty { writeNewline(into: &output, indent: indent) }
        output.append(UInt8(ascii: "]"))
    }

    private static func writeObject(_ members: [String: JSONValue], into output: inout [UInt8], indent: Int?) {
        output.append(UInt8(ascii: "{"))
        // Sorting the pairs, not the keys, spares a hash lookup per member.
        let sortedMembers = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (index, member) in sortedMembers.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            writeNewline(into: &output, indent: indent.map { $0 + 1 })
            writeString(member.key, into: &output)
            output.append(UInt8(ascii: ":"))
            if indent != nil { output.append(UInt8(ascii: " ")) }
            write(member.value, into: &output, indent: indent.map { $0 + 1 })
        }
        if !members.isEmpty { writeNewline(into: &output, indent: indent) }
        output.append(UInt8(ascii: "}"))
    }

    private static func writeNewline(into output: inout [UInt8], indent: Int?) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most text needs no escape: copy it whole rather than byte by byte
        // (the writer's hottest loop when a node files or replicates).
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: needsEscape) else { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if copied != true {
            for byte in text.utf8 { writeEscaping(byte, into: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func writeEscaping(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
        case 0x08: output.append(contentsOf: #"\b"#.utf8)
        case 0x0C: output.append(contentsOf: #"\f"#.utf8)
        case 0x0A: output.append(contentsOf: #"\n"#.utf8)
        case 0x0D: output.append(contentsOf: #"\r"#.utf8)
        case 0x09: output.append(contentsOf: #"\t"#.utf8)
        case 0x00..<0x20:
            output.append(contentsOf: #"\u00"#.utf8)
            output.append(contentsOf: lowercaseHex(byte))
        default:
            output.append(byte)
        }
    }

    private static func lowercaseHex(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }
}
