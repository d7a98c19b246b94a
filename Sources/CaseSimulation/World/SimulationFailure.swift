/// A run that broke a property, or did not converge in time. The message
/// starts with the seed, so that it can be replayed (`CASESTORE_SIM_SEED`).
public struct SimulationFailure: Error, CustomStringConvertible {
    /// The seed that replays the run.
    public let seed: UInt64
    /// What was wrong, one sentence each.
    public let problems: [String]
    /// The fault plan of the run, if it had one, to read before replaying.
    public let plan: FaultPlan?

    /// A failure with at least one problem.
    public init(seed: UInt64, problems: [String], plan: FaultPlan?) {
        precondition(!problems.isEmpty, "a failure says what failed")
        self.seed = seed
        self.problems = problems
        self.plan = plan
    }

    /// "simulation failed (seed N): …", then the fault plan and how to replay.
    public var description: String {
        var text = "simulation failed (seed \(seed)): " + problems.joined(separator: "; ")
        if let plan { text += "\n  fault plan: \(plan)" }
        text += "\n  replay: CASESTORE_SIM_SEED=\(seed) swift test --disable-swift-testing --filter CaseSimulationTests"
        return text
    }
}
