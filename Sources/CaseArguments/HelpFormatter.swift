/// Renders the help text of one command: usage, summary, discussion, arguments,
/// options, inherited options, subcommands and examples, each section only when it
/// has something to say. The output is deterministic so it can be golden-tested.
struct HelpFormatter {
    /// Terms wider than this put their help on the next line, so one long option name
    /// does not push every other help text far to the right.
    static let maxTermColumnWidth = 24

    private let chain: [CommandSpec]

    /// `path` must name an existing command below `root`; anything else is a programmer error.
    init(root: CommandSpec, path: [String]) {
        var chain = [root]
        for name in path {
            guard let next = chain[chain.count - 1].subcommand(named: name) else {
                preconditionFailure("no command \(path) under '\(root.name)'")
            }
            chain.append(next)
        }
        self.chain = chain
    }

    private var command: CommandSpec { chain[chain.count - 1] }

    func render() -> String {
        let sections = termSections()
        let termWidth = min(sections.flatMap { $0.rows.map { TerminalWidth.cells(of: $0.term) } }.max() ?? 0, Self.maxTermColumnWidth)
        var blocks = ["Usage: " + usageLine(), command.summary]
        if let discussion = command.discussion { blocks.append(trimmedTrailingWhitespace(discussion)) }
        for section in sections where !section.rows.isEmpty {
            let lines = section.rows.map { formatRow($0, termWidth: termWidth) }
            blocks.append(([section.title + ":"] + lines).joined(separator: "\n"))
        }
        if !command.examples.isEmpty {
            blocks.append((["Examples:"] + command.examples.map { "  " + $0 }).joined(separator: "\n"))
        }
        return blocks.filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
    }

    private func usageLine() -> String {
        var words = chain.map(\.name) + ["[options]"]
        if command.subcommands.isEmpty {
            words += command.positionals.map(\.usageText)
        } else {
            words += ["COMMAND", "[ARGS...]"]
        }
        return words.joined(separator: " ")
    }

    private struct Row { let term: String; let help: String }
    private struct Section { let title: String; let rows: [Row] }

    private func termSections() -> [Section] {
        let helpRow = Row(term: "-h, --help", help: "Show this help.")
        let inherited = chain.dropLast().flatMap(\.options)
        return [
            Section(title: "Arguments", rows: command.positionals.map { Row(term: $0.name, help: $0.help) }),
            Section(title: "Options", rows: command.options.map(optionRow) + [helpRow]),
            Section(title: "Global options", rows: inherited.map(optionRow)),
            Section(title: "Commands", rows: command.subcommands.map { Row(term: $0.name, help: $0.summary) }),
        ]
    }

    private func optionRow(_ option: OptionSpec) -> Row {
        var term = (option.short.map { "-\($0), " } ?? "") + "--" + option.name
        if let valueName = option.valueName { term += " " + valueName }
        var help = option.help
        if let defaultDescription = option.defaultDescription { help += " (default: \(defaultDescription))" }
        if option.repeatable { help += " (repeatable)" }
        return Row(term: term, help: help)
    }

    private func formatRow(_ row: Row, termWidth: Int) -> String {
        let indent = "  "
        if row.help.isEmpty { return indent + row.term }
        let termCells = TerminalWidth.cells(of: row.term)
        if termCells > termWidth {
            return indent + row.term + "\n" + String(repeating: " ", count: indent.count + termWidth + 2) + row.help
        }
        let padding = String(repeating: " ", count: termWidth - termCells + 2)
        return indent + row.term + padding + row.help
    }

    private func trimmedTrailingWhitespace(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
        return Array(lines.reversed().drop { $0.isEmpty }.reversed()).joined(separator: "\n")
    }
}
