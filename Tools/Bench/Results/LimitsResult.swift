import CaseCore

/// The ceilings of this disk, measured with the project's own SQLite wrapper
/// (WAL, `synchronous=FULL`) in the directory the node's data lives in.
public struct LimitsResult: Sendable, Equatable {
    /// Where the probe's database was (same filesystem as the node's data).
    public var directory: String
    /// Bytes of record + event per filing (about 1.5 KB, like a real filing).
    public var bytesPerFiling: Int
    /// One transaction per filing (one record row + one event row), each a durable commit.
    public var singleCommitsPerSecond: Double
    public var singleCommitLatency: LatencySummary
    /// Filings per transaction in the batched probe.
    public var batchSize: Int
    /// Filings per second when `batchSize` of them share one durable commit.
    public var batchedFilingsPerSecond: Double

    public init(
        directory: String, bytesPerFiling: Int, singleCommitsPerSecond: Double, singleCommitLatency: LatencySummary,
        batchSize: Int, batchedFilingsPerSecond: Double
    ) {
        self.directory = directory
        self.bytesPerFiling = bytesPerFiling
        self.singleCommitsPerSecond = singleCommitsPerSecond
        self.singleCommitLatency = singleCommitLatency
        self.batchSize = batchSize
        self.batchedFilingsPerSecond = batchedFilingsPerSecond
    }
}

extension LimitsResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        directory = try fields.need("directory")
        bytesPerFiling = try fields.need("bytesPerFiling")
        singleCommitsPerSecond = try fields.need("singleCommitsPerSecond")
        singleCommitLatency = try fields.need("singleCommitLatency")
        batchSize = try fields.need("batchSize")
        batchedFilingsPerSecond = try fields.need("batchedFilingsPerSecond")
    }
}
