import Foundation

/// Writes structured log lines in logfmt:
///
/// ```
/// ts=2025-07-01T08:30:00.123+07:00 level=info component=http msg="listening" address=127.0.0.1:7400
/// ```
///
/// The logger neither reads the clock nor chooses where lines go: the caller passes a
/// clock and a ``LogSink``, so tests see exact lines and the core stays free of I/O.
/// Every message and field value is NFC-normalised and masked for identity numbers
/// (see ``PersonalDataMasking``) unless the field is ``LogField/safe(_:_:)``.
public struct Logger: Sendable {
    /// Longer messages are cut and end in "…", so one line stays well under the 4 KiB
    /// that a pipe writes whole, and a huge value cannot flood the log.
    public static let maxMessageCharacters = 1_024
    /// Longer field values are cut and end in "…", for the same reasons as messages.
    public static let maxValueCharacters = 512
    /// Fields past this many are dropped and counted in `fields_dropped=N`: a line with
    /// more fields is a bug in the caller, and its length must stay bounded.
    public static let maxFieldCount = 32

    /// Lines below this level are dropped.
    public let minimumLevel: LogLevel
    /// The part of the program writing, written as `component=` on every line.
    public let component: String?
    private let sink: LogSink
    private let clock: @Sendable () -> Int64
    private let contextFields: [LogField]

    /// Creates a logger writing to `sink`, timestamping lines with `clock`, which returns
    /// milliseconds since the Unix epoch.
    public init(minimumLevel: LogLevel = .info, sink: LogSink, clock: @escaping @Sendable () -> Int64) {
        self.init(minimumLevel: minimumLevel, component: nil, sink: sink, clock: clock, contextFields: [])
    }

    private init(minimumLevel: LogLevel, component: String?, sink: LogSink,
                 clock: @escaping @Sendable () -> Int64, contextFields: [LogField]) {
        self.minimumLevel = minimumLevel
        self.component = component
        self.sink = sink
        self.clock = clock
        self.contextFields = contextFields
    }

    /// A logger for one part of the program, writing `component=<name>`; the name is
    /// written bare, so it is limited to the characters of a field key.
    public func with(component: String) -> Logger {
        precondition(LogField.isValidKey(component), "component '\(component)' must be 1-64 of [A-Za-z0-9_.-]")
        return Logger(minimumLevel: minimumLevel, component: component, sink: sink, clock: clock,
                      contextFields: contextFields)
    }

    /// A logger that adds `fields` to every line, after the component and message.
    public func with(_ fields: LogField...) -> Logger {
        Logger(minimumLevel: minimumLevel, component: component, sink: sink, clock: clock,
               contextFields: contextFields + fields)
    }

    /// Whether a line at `level` would be written; use it to skip expensive preparation.
    public func isEnabled(_ level: LogLevel) -> Bool {
        level >= minimumLevel
    }

    /// Writes a line at `level`; the message is only built when the level is enabled.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ fields: [LogField]) {
        guard isEnabled(level) else { return }
        sink.write(line(level: level, message: message(), fields: contextFields + fields))
    }

    /// Writes a debug line.
    public func debug(_ message: @autoclosure () -> String, _ fields: LogField...) {
        log(.debug, message(), fields)
    }

    /// Writes an info line.
    public func info(_ message: @autoclosure () -> String, _ fields: LogField...) {
        log(.info, message(), fields)
    }

    /// Writes a warning line.
    public func warning(_ message: @autoclosure () -> String, _ fields: LogField...) {
        log(.warning, message(), fields)
    }

    /// Writes an error line.
    public func error(_ message: @autoclosure () -> String, _ fields: LogField...) {
        log(.error, message(), fields)
    }

    private func line(level: LogLevel, message: String, fields: [LogField]) -> String {
        var parts = ["ts=" + LogTimestamp.format(millisecondsSinceEpoch: clock()), "level=" + level.rawValue]
        if let component { parts.append("component=" + component) }
        parts.append("msg=" + LogfmtEncoder.encode(
            Self.cleaned(message, masked: true, maxCharacters: Self.maxMessageCharacters), alwaysQuote: true))
        for field in fields.prefix(Self.maxFieldCount) {
            let value = Self.cleaned(field.value, masked: !field.isSafe, maxCharacters: Self.maxValueCharacters)
            parts.append(field.key + "=" + LogfmtEncoder.encode(value))
        }
        if fields.count > Self.maxFieldCount {
            parts.append("fields_dropped=\(fields.count - Self.maxFieldCount)")
        }
        return parts.joined(separator: " ")
    }

    /// NFC, masked, then cut. Text is first cut to a generous bound so masking does bounded
    /// work, and cut to its final length only after masking, so a cut can never leave
    /// the unmasked head of an identity number behind.
    private static func cleaned(_ text: String, masked: Bool, maxCharacters: Int) -> String {
        var result = String(text.prefix(maxCharacters * 2)).precomposedStringWithCanonicalMapping
        if masked { result = PersonalDataMasking.maskIdentityNumbers(in: result) }
        return result.count > maxCharacters ? String(result.prefix(maxCharacters - 1)) + "…" : result
    }
}
