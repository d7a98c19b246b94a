/// One `key=value` pair of a log line.
///
/// Values are masked for identity numbers by default (see ``PersonalDataMasking``);
/// only a value known not to be personal data, such as a sequence number or a
/// millisecond timestamp that would otherwise look like one, is marked ``safe(_:_:)``.
public struct LogField: Sendable, Equatable {
    /// Keys are written bare, so they are limited to characters logfmt never quotes;
    /// this many characters is far more than any real key needs.
    public static let maxKeyCharacters = 64
    /// Keys the logger writes itself on every line.
    public static let reservedKeys: Set<String> = ["ts", "level", "component", "msg"]

    /// The key, such as `address`.
    public let key: String
    /// The value as text, before masking, escaping and truncation.
    public let value: String
    /// Whether the value skips identity-number masking.
    public let isSafe: Bool

    /// A field whose value is masked for identity numbers before it is written.
    public static func field(_ key: String, _ value: some CustomStringConvertible) -> LogField {
        LogField(key: key, value: value.description, isSafe: false)
    }

    /// A field whose value is written unmasked: use it only for values that cannot hold
    /// personal data (sequence numbers, timestamps, sizes).
    public static func safe(_ key: String, _ value: some CustomStringConvertible) -> LogField {
        LogField(key: key, value: value.description, isSafe: true)
    }

    /// A field naming a person (an applicant, a clerk whose name is a token's name), written
    /// as initials (`PersonalDataMasking.initials(ofName:)`): a log line may need to tell
    /// people apart, never to name them. The only way a name should reach a log line.
    public static func personName(_ key: String, _ name: String) -> LogField {
        LogField(key: key, value: PersonalDataMasking.initials(ofName: name), isSafe: false)
    }

    /// An `error=` field describing `error`; masked like any other value.
    public static func error(_ error: any Error) -> LogField {
        LogField(key: "error", value: String(describing: error), isSafe: false)
    }

    private init(key: String, value: String, isSafe: Bool) {
        precondition(Self.isValidKey(key), "log key '\(key)' must be 1-\(Self.maxKeyCharacters) of [A-Za-z0-9_.-]")
        precondition(!Self.reservedKeys.contains(key), "log key '\(key)' is written by the logger itself")
        self.key = key
        self.value = value
        self.isSafe = isSafe
    }

    /// Also used for component names, which are written bare the same way.
    static func isValidKey(_ key: String) -> Bool {
        guard !key.isEmpty, key.unicodeScalars.count <= maxKeyCharacters else { return false }
        return key.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "." || scalar == "-"
        }
    }
}
