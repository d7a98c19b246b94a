import CaseCore

/// Percentiles of a set of durations in milliseconds, by the nearest-rank
/// method: p-th percentile = the smallest sample with at least p% of the
/// samples at or below it. No interpolation: every figure is a latency that
/// really happened.
public struct LatencySummary: Sendable, Equatable {
    public var count: Int
    public var meanMs: Double
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var maxMs: Double

    /// How many latencies a result file keeps for charts: enough for a smooth
    /// distribution curve, small enough that a results file stays under a megabyte.
    public static let maxSamplesKept = 2_000

    public init(count: Int, meanMs: Double, p50Ms: Double, p90Ms: Double, p99Ms: Double, maxMs: Double) {
        self.count = count
        self.meanMs = meanMs
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
    }

    /// Summarises `samplesMs` (any order); all zero when there are none.
    public init(samplesMs: [Double]) {
        guard !samplesMs.isEmpty else {
            self.init(count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0)
            return
        }
        let sorted = samplesMs.sorted()
        self.init(
            count: sorted.count,
            meanMs: sorted.reduce(0, +) / Double(sorted.count),
            p50Ms: Self.percentile(50, ofSorted: sorted),
            p90Ms: Self.percentile(90, ofSorted: sorted),
            p99Ms: Self.percentile(99, ofSorted: sorted),
            maxMs: sorted[sorted.count - 1])
    }

    /// The nearest-rank `percent`-th percentile of ascending, non-empty `sorted`.
    public static func percentile(_ percent: Double, ofSorted sorted: [Double]) -> Double {
        precondition(!sorted.isEmpty, "a percentile of no samples")
        precondition((0...100).contains(percent), "a percentile is between 0 and 100, got \(percent)")
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// At most `limit` of ascending `sorted`, evenly spaced and always keeping the
    /// first and last, so a chart of them has the same shape as one of all.
    public static func thinned(_ sorted: [Double], to limit: Int = maxSamplesKept) -> [Double] {
        precondition(limit >= 2, "keep at least the smallest and the largest")
        guard sorted.count > limit else { return sorted }
        let step = Double(sorted.count - 1) / Double(limit - 1)
        return (0..<limit).map { sorted[Int((Double($0) * step).rounded())] }
    }
}

extension LatencySummary: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        count = try fields.need("count")
        meanMs = try fields.need("meanMs")
        p50Ms = try fields.need("p50Ms")
        p90Ms = try fields.need("p90Ms")
        p99Ms = try fields.need("p99Ms")
        maxMs = try fields.need("maxMs")
    }
}
