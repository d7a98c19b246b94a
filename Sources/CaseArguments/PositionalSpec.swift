/// Declares one positional argument of a command, such as `CODE` in `casectl show CODE`.
///
/// Positionals are matched in declaration order: required ones first, then optional
/// ones, and at most one variadic positional, which must be last.
public struct PositionalSpec: Sendable, Equatable {
    /// The name shown in usage and errors, conventionally upper-case (`"CODE"`).
    public let name: String
    /// One line saying what the argument is.
    public let help: String
    /// Whether the argument may be left out.
    public let optional: Bool
    /// Whether the argument takes every remaining positional token.
    public let variadic: Bool

    /// Declares a positional argument.
    public init(_ name: String, help: String, optional: Bool = false, variadic: Bool = false) {
        precondition(!name.isEmpty && !name.contains(" "), "positional name '\(name)' must be one non-empty word")
        self.name = name
        self.help = help
        self.optional = optional
        self.variadic = variadic
    }

    /// How the argument appears in a usage line: `CODE`, `[NOTE]`, `FILE...` or `[FILE...]`.
    var usageText: String {
        let base = variadic ? "\(name)..." : name
        return optional ? "[\(base)]" : base
    }
}
