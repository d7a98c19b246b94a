/// Where finished log lines go. A line is handed over without its trailing newline.
/// The sink that writes to standard error is an edge's (`CaseSystem`): this module does no I/O.
public struct LogSink: Sendable {
    /// Receives one complete log line.
    public let write: @Sendable (String) -> Void

    /// A sink that hands each line to `write`.
    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Drops every line: for libraries whose caller wants no logs.
    public static let discard = LogSink { _ in }
}
