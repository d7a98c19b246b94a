/// One check of the checker: its name, whether it passed, and what it found.
public struct CheckResult: Equatable, Sendable {
    public var name: String
    public var passed: Bool
    /// A line of figures, and for a failure the first offending items.
    public var detail: String

    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}
