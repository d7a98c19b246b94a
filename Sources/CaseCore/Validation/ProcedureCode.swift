/// Codes of administrative procedures (mã thủ tục hành chính) in the national database:
/// one digit, `.`, six digits, and optionally `.H` + two digits naming a province's local
/// variant: `1.001612`, `2.000635`, `1.001612.H38`. ASCII only, upper-case `H`.
///
/// Checked by hand (no regular expressions): the shape is short and fixed, and a hand check
/// gives a precise message for each way it can be wrong.
public enum ProcedureCode {
    /// Length of a code without a province suffix: `1.001612`.
    public static let baseLength = 8
    /// Length with the suffix: `1.001612.H38`, the longest accepted code.
    public static let maxLength = 12

    /// Throws a `ValidationIssue` for `field` unless `code` has exactly the shape above.
    public static func validate(_ code: String, field: String) throws(ValidationIssue) {
        let bytes = Array(code.utf8.prefix(maxLength + 1))
        guard bytes.count == baseLength || bytes.count == maxLength else {
            throw issue(field, "must look like 1.001612 or 1.001612.H38; got \(quoted(code))")
        }
        guard ASCIIDigits.isDigit(bytes[0]), bytes[1] == UInt8(ascii: "."),
              bytes[2..<baseLength].allSatisfy(ASCIIDigits.isDigit) else {
            throw issue(field, "must start with one digit, '.', six digits (e.g. 1.001612); got \(quoted(code))")
        }
        guard bytes.count == maxLength else { return }
        guard bytes[8] == UInt8(ascii: "."), bytes[9] == UInt8(ascii: "H"),
              bytes[10..<maxLength].allSatisfy(ASCIIDigits.isDigit) else {
            throw issue(field, "province suffix must be '.H' and two digits (e.g. 1.001612.H38); got \(quoted(code))")
        }
    }

    /// Whether `code` has a valid shape.
    public static func isValid(_ code: String) -> Bool {
        (try? validate(code, field: "")) != nil
    }

    private static func issue(_ field: String, _ message: String) -> ValidationIssue {
        ValidationIssue(field: field, message: "a procedure code " + message)
    }

    /// The input quoted for a message, cut to 40 characters.
    static func quoted(_ text: String) -> String {
        let head = text.prefix(40)
        return head.endIndex == text.endIndex ? "\"\(text)\"" : "\"\(head)…\""
    }
}
