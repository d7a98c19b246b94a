/// A command line that could not be parsed, with one clear line saying what was wrong.
///
/// The description names the command, the problem and, where it helps, how to get help:
/// `casectl act: unknown option '--too'; see 'casectl act --help'`.
public struct ArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What exactly went wrong.
    public enum Kind: Sendable, Equatable {
        /// An option the command (and its parents) does not declare, such as `--too` or `-x`.
        case unknownOption(String)
        /// An option that takes a value was last on the line, or followed by another option.
        case missingValue(option: String)
        /// A flag was given a value with `--flag=value`.
        case unexpectedValue(flag: String)
        /// A non-repeatable option was given twice.
        case repeatedOption(String)
        /// A required positional argument was not given.
        case missingArgument(String)
        /// More positional arguments than the command takes.
        case unexpectedArgument(String)
        /// A command that has subcommands was given none.
        case missingCommand
        /// A word that is not a subcommand, with the closest name if one is close enough.
        case unknownCommand(String, suggestion: String?)
        /// A value that the program could not use; see ``ParsedArguments/invalidValue(for:_:expected:)``.
        case invalidValue(option: String, value: String, expected: String)
        /// More arguments than ``ArgumentParser/maxArgumentCount``.
        case tooManyArguments(count: Int, limit: Int)
        /// One argument longer than ``ArgumentParser/maxArgumentBytes``.
        case argumentTooLong(bytes: Int, limit: Int)
    }

    /// What went wrong.
    public let kind: Kind
    /// The executable's name, the root command's name (`casectl`).
    public let programName: String
    /// The command being parsed when the error was found, below the root (`["act"]`).
    public let commandPath: [String]

    /// Creates an error; the parser and ``ParsedArguments`` make these.
    public init(_ kind: Kind, programName: String, commandPath: [String]) {
        self.kind = kind
        self.programName = programName
        self.commandPath = commandPath
    }

    /// One line: `casectl act: missing argument CODE; see 'casectl act --help'`.
    public var description: String {
        let command = ([programName] + commandPath).joined(separator: " ")
        let helpHint = "; see '\(command) --help'"
        switch kind {
        case .unknownOption(let option):
            return "\(command): unknown option '\(option)'\(helpHint)"
        case .missingValue(let option):
            return "\(command): missing value for --\(option)"
        case .unexpectedValue(let flag):
            return "\(command): --\(flag) is a flag and takes no value"
        case .repeatedOption(let option):
            return "\(command): --\(option) given more than once"
        case .missingArgument(let name):
            return "\(command): missing argument \(name)\(helpHint)"
        case .unexpectedArgument(let token):
            return "\(command): unexpected argument '\(token)'\(helpHint)"
        case .missingCommand:
            return "\(command): missing command\(helpHint)"
        case .unknownCommand(let word, let suggestion?):
            return "\(command): unknown command '\(word)'; did you mean '\(suggestion)'?"
        case .unknownCommand(let word, nil):
            return "\(command): unknown command '\(word)'\(helpHint)"
        case .invalidValue(let option, let value, let expected):
            return "\(command): invalid value '\(value)' for --\(option); expected \(expected)"
        case .tooManyArguments(let count, let limit):
            return "\(command): \(count) arguments given; at most \(limit) are allowed"
        case .argumentTooLong(let bytes, let limit):
            return "\(command): an argument of \(bytes) bytes was given; at most \(limit) bytes are allowed"
        }
    }
}
