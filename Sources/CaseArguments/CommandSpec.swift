/// Declares a command: its options, positional arguments, subcommands and help.
///
/// A program is a tree of `CommandSpec`s whose root is named after the executable
/// (`casectl`). A command either has subcommands or positional arguments, not both,
/// so a token after the command's options is never ambiguous.
public struct CommandSpec: Sendable, Equatable {
    /// The word that selects the command (`"act"`), or the program name for the root.
    public let name: String
    /// One line shown in the parent's command list and under the usage line.
    public let summary: String
    /// Paragraphs of further explanation shown in the command's help, if any.
    public let discussion: String?
    /// Options of this command, inherited by all its subcommands.
    public let options: [OptionSpec]
    /// Positional arguments, in order.
    public let positionals: [PositionalSpec]
    /// Subcommands, listed in help in this order.
    public let subcommands: [CommandSpec]
    /// Complete example command lines shown at the end of the help.
    public let examples: [String]

    /// Declares a command; checks the declaration, since a malformed one is a programmer error.
    public init(
        name: String,
        summary: String,
        discussion: String? = nil,
        options: [OptionSpec] = [],
        positionals: [PositionalSpec] = [],
        subcommands: [CommandSpec] = [],
        examples: [String] = []
    ) {
        precondition(OptionSpec.isValidName(name), "command name '\(name)' must be lower-case letters, digits and inner dashes")
        precondition(positionals.isEmpty || subcommands.isEmpty,
                     "command '\(name)' has both positionals and subcommands")
        precondition(Set(options.map(\.name)).count == options.count, "command '\(name)' declares an option twice")
        precondition(Set(subcommands.map(\.name)).count == subcommands.count, "command '\(name)' declares a subcommand twice")
        Self.checkPositionalOrder(positionals, command: name)
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
        self.subcommands = subcommands
        self.examples = examples
    }

    /// Returns the direct subcommand called `name`, if there is one.
    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }

    /// Required positionals must come before optional ones and a variadic one must be last;
    /// otherwise which token fills which argument would depend on how many were given.
    private static func checkPositionalOrder(_ positionals: [PositionalSpec], command: String) {
        precondition(Set(positionals.map(\.name)).count == positionals.count,
                     "command '\(command)' declares a positional twice")
        var seenOptional = false
        for (index, positional) in positionals.enumerated() {
            precondition(!(seenOptional && !positional.optional),
                         "command '\(command)': required \(positional.name) follows an optional positional")
            precondition(!positional.variadic || index == positionals.count - 1,
                         "command '\(command)': variadic \(positional.name) must be the last positional")
            seenOptional = seenOptional || positional.optional
        }
    }
}
