/// One of issue 7's targets as it stands after a run.
public struct TargetStatus: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case met = "met"
        case notMet = "not met"
        case notMeasured = "not measured yet"
        /// A figure the issue asks to report, with no bound to meet (storage against full replication).
        case reported = "reported"
    }

    /// What the issue asks, in its words.
    public var target: String
    /// The figure measured, with its unit; "—" when not measured.
    public var measured: String
    /// The figure as a ratio to its ceiling or bound, e.g. "0.21× of ≥ 0.5×".
    public var ratio: String
    public var verdict: Verdict

    public init(target: String, measured: String = "—", ratio: String = "—", verdict: Verdict) {
        self.target = target
        self.measured = measured
        self.ratio = ratio
        self.verdict = verdict
    }
}
