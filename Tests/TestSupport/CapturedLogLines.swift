import CaseSupport
import Synchronization

/// The lines a `Logger` wrote, kept for a test to read.
public final class CapturedLogLines: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    /// Every line so far, oldest first.
    public var all: [String] { lines.withLock { $0 } }

    /// A logger at `minimumLevel` whose lines land here, stamped with time 0.
    public func logger(minimumLevel: LogLevel = .info) -> Logger {
        Logger(minimumLevel: minimumLevel, sink: LogSink { line in self.lines.withLock { $0.append(line) } }, clock: { 0 })
    }
}
