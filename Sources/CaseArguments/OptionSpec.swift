/// Declares one long option of a command, such as `--node URL` or `--json`.
///
/// An option declared on a command is also accepted by every subcommand below it,
/// before or after the subcommand's name: that is how `casectl --json show X` and
/// `casectl show X --json` both work.
public struct OptionSpec: Sendable, Equatable {
    /// The name without dashes: `"node"` is written `--node` on the command line.
    public let name: String
    /// The placeholder shown in help for the option's value (`"URL"`), or `nil` for a flag.
    public let valueName: String?
    /// One line saying what the option does.
    public let help: String
    /// What happens when the option is absent, shown as `(default: …)` in help.
    /// The parser does not apply defaults: the caller does, so it can compute them.
    public let defaultDescription: String?
    /// Whether the option may be given more than once (all values are kept, in order).
    public let repeatable: Bool
    /// A one-letter alias written `-x` (`-o FILE` for `--output FILE`), for the few options
    /// that conventionally have one; nil for most.
    public var short: Character? = nil

    /// Declares an option that takes a value, such as `--node URL`.
    public static func value(
        _ name: String, _ valueName: String, help: String,
        default defaultDescription: String? = nil, repeatable: Bool = false, short: Character? = nil
    ) -> OptionSpec {
        var spec = OptionSpec(name: name, valueName: valueName, help: help,
                              defaultDescription: defaultDescription, repeatable: repeatable)
        precondition(short.map { ("a"..."z").contains($0) && $0 != "h" } ?? true, "a short option is one lower-case letter other than h (help)")
        spec.short = short
        return spec
    }

    /// Declares a flag, an option without a value, such as `--json`.
    public static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, defaultDescription: nil, repeatable: false)
    }

    /// Declares an option field by field; prefer ``value(_:_:help:default:repeatable:)`` and ``flag(_:help:)``.
    public init(name: String, valueName: String?, help: String, defaultDescription: String?, repeatable: Bool) {
        precondition(Self.isValidName(name), "option name '\(name)' must be lower-case letters, digits and inner dashes")
        precondition(name != "help", "--help is added to every command by the parser")
        precondition(valueName.map { !$0.isEmpty } ?? true, "option --\(name) has an empty value name")
        self.name = name
        self.valueName = valueName
        self.help = help
        self.defaultDescription = defaultDescription
        self.repeatable = repeatable
    }

    /// Whether the option takes a value (`--node URL`) rather than being a flag.
    public var takesValue: Bool { valueName != nil }

    /// Names like `node` or `data-dir`: what users type after `--`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, let last = name.unicodeScalars.last,
              first != "-", last != "-" else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
