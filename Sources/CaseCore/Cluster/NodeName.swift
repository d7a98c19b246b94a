/// Node ids name commune centres everywhere: in dossiers (receiving,
/// competent, handling centre), in events (origin) and in membership. They
/// are short ASCII tokens so that they sort and compare identically on every
/// node and are safe in logs, URLs and file names.
public enum NodeName {
    /// Long enough for "xa-phuoc-long-binh-phuoc" style names; short enough to bound every event.
    public static let maxLength = 64

    public static func validate(_ text: String, field: String) throws(ValidationIssue) {
        guard !text.isEmpty, text.utf8.count <= maxLength else {
            throw ValidationIssue(field: field, message: "a node id must be 1 to \(maxLength) characters, got \(text.utf8.count)")
        }
        guard text.unicodeScalars.allSatisfy(isAllowed), let first = text.unicodeScalars.first, isAlphanumeric(first) else {
            throw ValidationIssue(
                field: field,
                message: "\"\(text)\" is not a node id: use lower-case letters a-z, digits, '-', '_' or '.', starting with a letter or digit")
        }
    }

    public static func isValid(_ text: String) -> Bool {
        (try? validate(text, field: "id")) != nil
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        isAlphanumeric(scalar) || scalar == "-" || scalar == "_" || scalar == "."
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
