/// What the command line asked for: either a command to run, or help to print.
public enum ArgumentParseOutcome: Sendable, Equatable {
    /// A command with its options and arguments; run it.
    case parsed(ParsedArguments)
    /// `--help` or `-h` was given; print the text to standard output and exit successfully.
    case helpRequested(text: String)
}
