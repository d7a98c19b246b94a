/// Codes of receiving units (mã đơn vị) as they open a dossier code
/// `AGENCY-YYMMDD-NNNN`, e.g. `000.00.12.H56` in `000.00.12.H56-250701-0042`.
///
/// Official codes (national e-document agency codes, Circular 01/2018/TT-VPCP) are groups of
/// digits and capital letters separated by dots. Our strict rule:
/// - 1…32 characters, only `A`–`Z`, `0`–`9` and `.` (ASCII; no lower case, no spaces);
/// - no `.` at either end and no two dots in a row (each group is non-empty);
/// - never `-`: the hyphen separates the parts of a dossier code, so an agency code with one
///   would make dossier codes ambiguous.
/// 32 characters: official codes are 13; the limit leaves room for local schemes while
/// keeping dossier codes short enough to print on a receipt.
public enum AgencyCode {
    /// Longest accepted code.
    public static let maxLength = 32

    /// Throws a `ValidationIssue` for `field` unless `code` follows the rules above.
    public static func validate(_ code: String, field: String) throws(ValidationIssue) {
        let bytes = Array(code.utf8.prefix(maxLength + 1))
        guard !bytes.isEmpty else {
            throw issue(field, "must not be empty (e.g. 000.00.12.H56)")
        }
        guard bytes.count <= maxLength else {
            throw issue(field, "is at most \(maxLength) characters; got \(ProcedureCode.quoted(code))")
        }
        if let bad = bytes.first(where: { !isAllowed($0) }) {
            throw issue(field, "may contain only A-Z, 0-9 and '.'; found \(describe(bad)) in \(ProcedureCode.quoted(code))")
        }
        let dot = UInt8(ascii: ".")
        guard bytes.first != dot, bytes.last != dot,
              !zip(bytes, bytes.dropFirst()).contains(where: { $0 == dot && $1 == dot }) else {
            throw issue(field, "must be dot-separated groups with no empty group (e.g. 000.00.12.H56); got \(ProcedureCode.quoted(code))")
        }
    }

    /// Whether `code` is valid.
    public static func isValid(_ code: String) -> Bool {
        (try? validate(code, field: "")) != nil
    }

    /// The agency code of a node configured without one (`casenode --agency`): its id in
    /// capitals with '-' and '_' as '.', so distinct ids such as `ha-noi` and `hanoi` do not
    /// share a dossier-code prefix. One rule, because a node of another province reads a
    /// code's receiving centre back from it (`DossierWhereabouts`).
    public static func derived(fromNodeID id: String) -> String {
        String(id.uppercased().map { $0 == "-" || $0 == "_" ? "." : $0 })
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        ASCIIDigits.isDigit(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: ".")
    }

    private static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: " "): return "a space"
        case 0x21..<0x7F: return "\"\(UnicodeScalar(byte))\""
        default: return byte < 0x80 ? "a control character" : "a non-ASCII character"
        }
    }

    private static func issue(_ field: String, _ message: String) -> ValidationIssue {
        ValidationIssue(field: field, message: "an agency code " + message)
    }
}
