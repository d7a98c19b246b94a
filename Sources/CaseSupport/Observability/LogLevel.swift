/// How important a log line is; a logger drops lines below its minimum level.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    /// Detail for chasing a bug; off in normal operation.
    case debug
    /// Normal events worth a line: started, listening, peer joined.
    case info
    /// Something unexpected that the program recovered from.
    case warning
    /// Something failed and a person should look.
    case error

    private var severity: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    /// Orders levels by severity: debug < info < warning < error.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.severity < rhs.severity
    }
}
