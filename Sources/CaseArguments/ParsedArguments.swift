/// The result of a successful parse: which command was chosen and what was given to it.
///
/// Asking for an option or positional that the chosen command does not declare traps:
/// that is a typo in the program, not something a user can cause.
public struct ParsedArguments: Sendable, Equatable {
    /// The chosen command's path below the root: `[]` for the root itself,
    /// `["act"]` for `casectl act …`.
    public let commandPath: [String]
    /// The root command's name (`casectl`), used in error messages.
    public let programName: String
    private let optionSpecs: [String: OptionSpec]
    private let optionValues: [String: [String]]
    private let positionalNames: Set<String>
    private let positionalValues: [String: [String]]

    init(
        programName: String,
        commandPath: [String],
        optionSpecs: [OptionSpec],
        optionValues: [String: [String]],
        positionalSpecs: [PositionalSpec],
        positionalValues: [String: [String]]
    ) {
        self.programName = programName
        self.commandPath = commandPath
        self.optionSpecs = Dictionary(uniqueKeysWithValues: optionSpecs.map { ($0.name, $0) })
        self.optionValues = optionValues
        self.positionalNames = Set(positionalSpecs.map(\.name))
        self.positionalValues = positionalValues
    }

    /// The value of an option that takes one (the last one, if it was repeated), or `nil` if absent.
    public func value(_ option: String) -> String? {
        values(option).last
    }

    /// Every value given for an option that takes one, in command-line order.
    public func values(_ option: String) -> [String] {
        let spec = declaredOption(option)
        precondition(spec.takesValue, "--\(option) is a flag; use flag(_:)")
        return optionValues[option] ?? []
    }

    /// Whether a flag was given.
    public func flag(_ option: String) -> Bool {
        let spec = declaredOption(option)
        precondition(!spec.takesValue, "--\(option) takes a value; use value(_:)")
        return optionValues[option] != nil
    }

    /// The value of a positional argument, or `nil` if an optional one was left out.
    /// For a variadic positional this is the first of its values.
    public func positional(_ name: String) -> String? {
        positionals(name).first
    }

    /// Every value of a positional argument; several only for a variadic one.
    public func positionals(_ name: String) -> [String] {
        precondition(positionalNames.contains(name), "command \(commandPath) declares no positional \(name)")
        return positionalValues[name] ?? []
    }

    /// Builds the error to throw when a value was given but does not make sense, so the
    /// message has the same shape as the parser's own: `casenode: invalid value 'x' for --http; expected HOST:PORT`.
    public func invalidValue(for option: String, _ value: String, expected: String) -> ArgumentError {
        _ = declaredOption(option)
        return ArgumentError(.invalidValue(option: option, value: value, expected: expected),
                             programName: programName, commandPath: commandPath)
    }

    private func declaredOption(_ name: String) -> OptionSpec {
        guard let spec = optionSpecs[name] else {
            preconditionFailure("command \(commandPath) declares no option --\(name)")
        }
        return spec
    }
}
