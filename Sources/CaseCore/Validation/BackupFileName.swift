/// The name an admin gives a backup: a file name in the node's backup directory, never a
/// path. The node writes backups there and nowhere else, so an admin's token cannot make the
/// node write (or probe for) any other file its user could reach.
///
/// The rule, checked by the node and, before it asks, by casectl:
/// - 1…128 bytes of ASCII letters, digits, `.`, `-` and `_`: portable to every file system,
///   never split or expanded by a shell, and free of the NFC-or-NFD question of non-ASCII
///   names;
/// - no `/` (a path) and no `..` anywhere;
/// - a letter or digit first: no hidden file, no `.` or `..`, nothing another tool would
///   read as an option (`-x`), and never the node's `.NAME.partial-…` staging directories.
///
/// Why 128 bytes: a dated name (`casestore-n1-2026-11-21T0900.sqlite`) needs about 40; the
/// staging directory `.NAME.partial-XXXXXXXX` and the `-journal` SQLite may put beside the
/// file must still fit the usual 255-byte limit of one name.
public enum BackupFileName {
    /// Longest accepted name, in bytes (every accepted byte is one ASCII character).
    public static let maxBytes = 128

    /// The request field the name travels in.
    public static let field = "file"

    /// Throws a `ValidationIssue` for `field` unless `name` follows the rule above.
    public static func validate(_ name: String) throws(ValidationIssue) {
        let bytes = Array(name.utf8.prefix(maxBytes + 1))
        guard !bytes.isEmpty else {
            throw issue("is required: the name of the new backup file in the node's backup directory, e.g. casestore-2026-11-21.sqlite")
        }
        guard bytes.count <= maxBytes else { throw issue("is longer than \(maxBytes) bytes") }
        guard !bytes.contains(UInt8(ascii: "/")) else {
            throw issue("must be a file name, not a path: the node writes backups only into its backup directory (--backup-dir)")
        }
        guard !zip(bytes, bytes.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }) else {
            throw issue("must not contain '..'")
        }
        if let bad = name.unicodeScalars.first(where: { !isAllowed($0) }) {
            throw issue("may contain only the letters a-z and A-Z, digits, '.', '-' and '_'; it contains \(describe(bad))")
        }
        guard let first = name.unicodeScalars.first, isLetterOrDigit(first) else {
            throw issue("must start with a letter or a digit")
        }
    }

    /// Whether `name` follows the rule.
    public static func isValid(_ name: String) -> Bool {
        (try? validate(name)) != nil
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || scalar == "." || scalar == "-" || scalar == "_"
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// A refused character in words: itself when it is printable ASCII.
    private static func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x20: "a space"
        case 0x21..<0x7F: "'\(scalar)'"
        case 0..<0x20, 0x7F: "a control character"
        default: "a character that is not ASCII"
        }
    }

    private static func issue(_ message: String) -> ValidationIssue {
        ValidationIssue(field: field, message: message)
    }
}
