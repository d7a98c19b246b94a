/// A range of dossier codes, `from ≤ code < to`, where either end may be open (nil).
///
/// Codes compare as SQLite compares them in the `dossiers` primary key: byte by byte
/// in UTF-8 (BINARY collation), so a range means the same rows in the database, on
/// the wire and in casectl.
public struct CodeRange: Hashable, Sendable, CustomStringConvertible {
    /// The first code in the range, or nil for "from the first code".
    public let from: String?
    /// The first code after the range, or nil for "to the last code".
    public let to: String?

    /// Every code.
    public static let all = CodeRange(from: nil, to: nil)

    /// Longest bound accepted: dossier codes are about 25 characters (`AGENCY-YYMMDD-NNNN`
    /// with an agency code of up to 20); 128 leaves room while bounding every query.
    public static let maxBoundLength = 128

    /// An empty string is an open end, as in the API's query parameters (`from=`).
    /// Traps when `from` is not before `to`: callers check input with `validated`.
    public init(from: String?, to: String?) {
        let from = from.flatMap { $0.isEmpty ? nil : $0 }
        let to = to.flatMap { $0.isEmpty ? nil : $0 }
        if let from, let to {
            precondition(Self.precedes(from, to), "a code range must have from < to, got [\(from), \(to))")
        }
        self.from = from
        self.to = to
    }

    /// The range of user-given bounds, or the reason it makes no sense.
    public static func validated(from: String?, to: String?) -> Result<CodeRange, ValidationIssue> {
        for (name, bound) in [("from", from), ("to", to)] {
            if let bound, bound.utf8.count > maxBoundLength {
                return .failure(ValidationIssue(field: name, message: "is \(bound.utf8.count) bytes long; at most \(maxBoundLength) are allowed"))
            }
        }
        if let from, let to, !from.isEmpty, !to.isEmpty, !precedes(from, to) {
            return .failure(ValidationIssue(field: "to", message: "must come after from (\"\(from)\"), got \"\(to)\""))
        }
        return .success(CodeRange(from: from, to: to))
    }

    public func contains(_ code: String) -> Bool {
        if let from, Self.precedes(code, from) { return false }
        if let to, !Self.precedes(code, to) { return false }
        return true
    }

    /// Whether `lhs` sorts before `rhs` as SQLite's BINARY collation sorts them.
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// `[A, B)`, with `…` for an open end.
    public var description: String { "[\(from ?? "…"), \(to ?? "…"))" }
}
