import Foundation

/// Parses a command line against a declared ``CommandSpec`` tree.
///
/// Accepted forms: `--name value`, `--name=value`, flags (`--json`), `--` to end options,
/// `-h` as `--help`, `-x value` for an option declared with the alias `x`, and options of a command before or after any of its subcommands'
/// names. `--help` returns the help of the command chosen so far, so `casectl act --help`
/// explains `act` and `casectl --help act` explains `casectl`.
///
/// An option's value is the next token unless that token starts with `--`; a value that
/// starts with `--` must be written `--name=--value`. A lone `-` is a positional (the
/// usual name for standard input). Every token is NFC-normalised before anything else,
/// because keyboards send Vietnamese in decomposed form and the rest of casestore
/// compares text in NFC.
public struct ArgumentParser: Sendable {
    /// No casestore command takes more than a handful of arguments; a longer list is a
    /// scripting mistake (an unquoted glob, a runaway `xargs`) better refused than processed.
    public static let maxArgumentCount = 1_024
    /// Linux's own limit on one argument (MAX_ARG_STRLEN), so a real argv is never refused
    /// for length; it bounds arrays that arrive from anywhere else.
    public static let maxArgumentBytes = 131_072

    /// The program's command tree; its name is the program name used in messages.
    public let root: CommandSpec

    /// Creates a parser; traps when a subcommand redeclares an option of one of its parents,
    /// since then `--name` after the subcommand would be ambiguous.
    public init(root: CommandSpec) {
        Self.checkNoShadowing(root, inherited: [])
        self.root = root
    }

    /// Parses `arguments` (without the program name, i.e. `CommandLine.arguments.dropFirst()`).
    public func parse(_ arguments: [String]) throws(ArgumentError) -> ArgumentParseOutcome {
        try checkLimits(arguments)
        var state = ParseState(root: root)
        var tokens = arguments.map(\.precomposedStringWithCanonicalMapping)[...]
        while let token = tokens.popFirst() {
            if !state.optionsEnded {
                if token == "--" { state.optionsEnded = true; continue }
                if token == "-h" || token == "--help" { return .helpRequested(text: helpText(for: state.path)) }
                if token.hasPrefix("--") { try state.takeOption(token, rest: &tokens); continue }
                if let long = state.longName(ofShort: token) { try state.takeOption(long, rest: &tokens); continue }
                if token.hasPrefix("-") && token != "-" { throw state.error(.unknownOption(token)) }
            }
            try state.takeWord(token)
        }
        return .parsed(try state.finish())
    }

    /// The help text of the command at `path` below the root (`[]` for the root itself).
    public func helpText(for path: [String]) -> String {
        HelpFormatter(root: root, path: path).render()
    }

    private func checkLimits(_ arguments: [String]) throws(ArgumentError) {
        guard arguments.count <= Self.maxArgumentCount else {
            throw ArgumentError(.tooManyArguments(count: arguments.count, limit: Self.maxArgumentCount),
                                programName: root.name, commandPath: [])
        }
        if let long = arguments.first(where: { $0.utf8.count > Self.maxArgumentBytes }) {
            throw ArgumentError(.argumentTooLong(bytes: long.utf8.count, limit: Self.maxArgumentBytes),
                                programName: root.name, commandPath: [])
        }
    }

    private static func checkNoShadowing(_ command: CommandSpec, inherited: Set<String>) {
        let own = Set(command.options.map(\.name))
        precondition(own.isDisjoint(with: inherited),
                     "command '\(command.name)' redeclares inherited options \(own.intersection(inherited).sorted())")
        for subcommand in command.subcommands {
            checkNoShadowing(subcommand, inherited: inherited.union(own))
        }
    }
}

/// The parser's progress through one command line.
private struct ParseState {
    let programName: String
    var command: CommandSpec
    var path: [String] = []
    /// Options of the chosen command and all its ancestors, root first.
    var options: [OptionSpec]
    var optionValues: [String: [String]] = [:]
    var positionalTokens: [String] = []
    var optionsEnded = false

    init(root: CommandSpec) {
        programName = root.name
        command = root
        options = root.options
    }

    func error(_ kind: ArgumentError.Kind) -> ArgumentError {
        ArgumentError(kind, programName: programName, commandPath: path)
    }

    /// `--name` for a declared one-letter alias `-x`, or nil when `token` is not one.
    func longName(ofShort token: String) -> String? {
        guard token.count == 2, token.hasPrefix("-"), let letter = token.last,
              let spec = options.first(where: { $0.short == letter }) else { return nil }
        return "--" + spec.name
    }

    /// Handles `--name`, `--name=value` or `--name value` (taking `value` from `rest`).
    mutating func takeOption(_ token: String, rest: inout ArraySlice<String>) throws(ArgumentError) {
        let body = token.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let inlineValue = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
        guard let spec = options.first(where: { $0.name == name }) else {
            throw error(.unknownOption("--" + name))
        }
        guard optionValues[name] == nil || spec.repeatable else { throw error(.repeatedOption(name)) }
        guard spec.takesValue else {
            if inlineValue != nil { throw error(.unexpectedValue(flag: name)) }
            optionValues[name, default: []].append("")
            return
        }
        if let inlineValue {
            optionValues[name, default: []].append(inlineValue)
        } else if let next = rest.first, !next.hasPrefix("--") {
            optionValues[name, default: []].append(next)
            rest.removeFirst()
        } else {
            throw error(.missingValue(option: name))
        }
    }

    /// Handles a word that is not an option: a subcommand's name or a positional argument.
    mutating func takeWord(_ word: String) throws(ArgumentError) {
        if command.subcommands.isEmpty {
            let takesMore = command.positionals.last?.variadic == true
                || positionalTokens.count < command.positionals.count
            guard takesMore else { throw error(.unexpectedArgument(word)) }
            positionalTokens.append(word)
            return
        }
        guard let subcommand = command.subcommand(named: word) else {
            let suggestion = EditDistance.closest(to: word, among: command.subcommands.map(\.name))
            throw error(.unknownCommand(word, suggestion: suggestion))
        }
        command = subcommand
        path.append(word)
        options += subcommand.options
    }

    /// Checks that a runnable command was chosen and assigns positional tokens to names.
    func finish() throws(ArgumentError) -> ParsedArguments {
        guard command.subcommands.isEmpty else { throw error(.missingCommand) }
        var remaining = positionalTokens[...]
        var positionalValues: [String: [String]] = [:]
        for spec in command.positionals {
            let taken = spec.variadic ? Array(remaining) : Array(remaining.prefix(1))
            remaining = remaining.dropFirst(taken.count)
            guard !taken.isEmpty || spec.optional else { throw error(.missingArgument(spec.name)) }
            if !taken.isEmpty { positionalValues[spec.name] = taken }
        }
        return ParsedArguments(programName: programName, commandPath: path, optionSpecs: options, optionValues: optionValues,
                               positionalSpecs: command.positionals, positionalValues: positionalValues)
    }
}
