/// What a nemesis run produced: the checker's report and which faults ran.
public struct NemesisOutcome: Sendable {
    public var report: CheckReport
    /// Fault kinds injected at least once.
    public var exercised: Set<FaultKind>
    /// Fault kinds scheduled but skipped, with why (a flag the binary lacks).
    public var skipped: [FaultKind: String]
    /// Where the failed run's files were saved; nil when it passed.
    public var resultsPath: String?
    public var elapsedMs: Int
}
