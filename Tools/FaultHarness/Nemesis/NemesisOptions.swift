/// How a nemesis run is set up; `--duration`, `--seed`, `--nodes`, `--clients`, `--short`.
public struct NemesisOptions: Sendable {
    public var durationSeconds: Int
    public var seed: UInt64
    public var nodeCount: Int
    public var clientCount: Int
    public var timing: FaultSchedule.Timing
    /// Where a failed run's history, report and node logs are saved.
    public var resultsDirectory: String
    /// How long the nodes may take to agree after the heal.
    public var convergenceTimeoutMs: Int

    /// Bounds: 3 nodes is the least a partition means anything with; 9 and
    /// 16 clients keep a laptop (and CI's 2 cores) able to run them; 24 hours
    /// is the longest soak anyone should plan.
    public static let nodeRange = 3...9
    public static let clientRange = 1...16
    public static let durationRange = 10...86_400
    /// A debug build catching up thousands of events on a loaded machine can
    /// need minutes; an hour means something is wrong, not slow.
    public static let convergenceSecondsRange = 10...3_600

    /// The CI mode: fixed seed, short faults, long enough for every kind once.
    public static func short(seed: UInt64 = 1, resultsDirectory: String = "nemesis-results") -> NemesisOptions {
        let timing = FaultSchedule.Timing.short
        return NemesisOptions(
            durationSeconds: (FaultSchedule.minimumRoundMs(timing) + 999) / 1_000, seed: seed, nodeCount: 5, clientCount: 4,
            timing: timing, resultsDirectory: resultsDirectory, convergenceTimeoutMs: 120_000)
    }

    public init(
        durationSeconds: Int, seed: UInt64, nodeCount: Int = 5, clientCount: Int = 4,
        timing: FaultSchedule.Timing = .soak, resultsDirectory: String = "nemesis-results", convergenceTimeoutMs: Int = 120_000
    ) {
        precondition(Self.durationRange.contains(durationSeconds), "duration \(durationSeconds) s outside \(Self.durationRange)")
        precondition(Self.nodeRange.contains(nodeCount), "nodes \(nodeCount) outside \(Self.nodeRange)")
        precondition(Self.clientRange.contains(clientCount), "clients \(clientCount) outside \(Self.clientRange)")
        self.durationSeconds = durationSeconds
        self.seed = seed
        self.nodeCount = nodeCount
        self.clientCount = clientCount
        self.timing = timing
        self.resultsDirectory = resultsDirectory
        self.convergenceTimeoutMs = convergenceTimeoutMs
    }
}
