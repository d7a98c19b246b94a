/// One line of the `faultproxy` control protocol on standard input.
///
///     pass [FROM]          forward (FROM: a sender node id; omitted or * = every sender)
///     delay MS [FROM]      hold each chunk MS milliseconds
///     blackhole [FROM]     swallow bytes silently
///     refuse [FROM]        close new connections from FROM
///     reset [FROM]         close live connections from FROM
///     upstream HOST:PORT   forward new connections there
///     status               print the modes and counters
///     quit                 stop the proxy and exit
public enum ProxyCommand: Equatable, Sendable {
    case setMode(LinkMode, sender: String?)
    case reset(sender: String?)
    case upstream(host: String, port: UInt16)
    case status
    case quit

    /// Longest line accepted; commands are a few words.
    public static let maxLineBytes = 512

    /// Parses one line; throws `ProxyCommandError` saying what is allowed.
    public static func parse(_ line: String) throws(ProxyCommandError) -> ProxyCommand {
        guard line.utf8.count <= maxLineBytes else {
            throw ProxyCommandError("a command line has at most \(maxLineBytes) bytes")
        }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let verb = words.first?.lowercased() else { throw ProxyCommandError("empty command; try 'status'") }
        let rest = Array(words.dropFirst())
        switch verb {
        case "pass": return .setMode(.pass, sender: try sender(rest, verb: verb))
        case "blackhole": return .setMode(.blackHole, sender: try sender(rest, verb: verb))
        case "refuse": return .setMode(.refuse, sender: try sender(rest, verb: verb))
        case "reset": return .reset(sender: try sender(rest, verb: verb))
        case "delay":
            guard let first = rest.first, let ms = Int(first), (0...LinkMode.maxDelayMs).contains(ms) else {
                throw ProxyCommandError("delay needs milliseconds from 0 to \(LinkMode.maxDelayMs): 'delay MS [FROM]'")
            }
            return .setMode(.delay(ms: ms), sender: try sender(Array(rest.dropFirst()), verb: verb))
        case "upstream":
            guard rest.count == 1, let colon = rest[0].lastIndex(of: ":"),
                  let port = UInt16(rest[0][rest[0].index(after: colon)...]), port > 0 else {
                throw ProxyCommandError("upstream needs HOST:PORT, e.g. 'upstream 127.0.0.1:7411'")
            }
            return .upstream(host: String(rest[0][..<colon]), port: port)
        case "status" where rest.isEmpty: return .status
        case "quit" where rest.isEmpty: return .quit
        default:
            throw ProxyCommandError("unknown command '\(line)'; commands: pass, delay MS, blackhole, refuse, reset [FROM]; upstream HOST:PORT; status; quit")
        }
    }

    private static func sender(_ words: [String], verb: String) throws(ProxyCommandError) -> String? {
        guard words.count <= 1 else { throw ProxyCommandError("'\(verb)' takes at most one sender node id") }
        guard let word = words.first, word != "*" else { return nil }
        return word
    }
}

/// A control line that cannot be understood, with what is allowed.
public struct ProxyCommandError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
