import CaseCore

/// How the PostgreSQL side-by-side run was made and what pgbench reported for each run;
/// the figures the targets compare against are in `PostgresResult` itself.
public struct PostgresDetails: Sendable, Equatable {
    /// The unprivileged user the servers ran as (initdb and postgres refuse root).
    public var serverUser: String
    /// Where the two data directories were (the disk measured).
    public var dataDirectory: String
    public var secondsPerRun: Double
    /// ISO 8601 UTC start of the PostgreSQL part, which may differ from the run it was merged into.
    public var measuredAt: String
    /// Bytes of the record and of the event row sent per transaction.
    public var recordBytes: Int
    public var eventBytes: Int
    public var runs: [PostgresRun]
    /// How the visibility delay was measured, one sentence for the report.
    public var visibilityMethod: String?

    public init(serverUser: String, dataDirectory: String, secondsPerRun: Double, measuredAt: String,
                recordBytes: Int, eventBytes: Int, runs: [PostgresRun] = [], visibilityMethod: String? = nil) {
        self.serverUser = serverUser
        self.dataDirectory = dataDirectory
        self.secondsPerRun = secondsPerRun
        self.measuredAt = measuredAt
        self.recordBytes = recordBytes
        self.eventBytes = eventBytes
        self.runs = runs
        self.visibilityMethod = visibilityMethod
    }
}

/// One pgbench run: a mode and a client count for a fixed duration.
public struct PostgresRun: Sendable, Equatable {
    /// "async" or "sync".
    public var mode: String
    public var clients: Int
    public var transactions: Int
    public var failed: Int
    /// pgbench's tps, without the initial connection time.
    public var transactionsPerSecond: Double
    public var latencyAverageMs: Double
    public var latencyStddevMs: Double?
    /// From the per-transaction log; nil if pgbench wrote none.
    public var latency: LatencySummary?

    public init(mode: String, clients: Int, output: PgbenchOutput, latency: LatencySummary?) {
        self.mode = mode
        self.clients = clients
        transactions = output.transactions
        failed = output.failed
        transactionsPerSecond = output.tps
        latencyAverageMs = output.latencyAverageMs
        latencyStddevMs = output.latencyStddevMs
        self.latency = latency
    }
}

extension PostgresDetails: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        serverUser = try fields.need("serverUser")
        dataDirectory = try fields.need("dataDirectory")
        secondsPerRun = try fields.need("secondsPerRun")
        measuredAt = try fields.need("measuredAt")
        recordBytes = try fields.need("recordBytes")
        eventBytes = try fields.need("eventBytes")
        runs = try fields.need("runs")
        visibilityMethod = try fields.optional("visibilityMethod")
    }
}

extension PostgresRun: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        mode = try fields.need("mode")
        clients = try fields.need("clients")
        transactions = try fields.need("transactions")
        failed = try fields.need("failed")
        transactionsPerSecond = try fields.need("transactionsPerSecond")
        latencyAverageMs = try fields.need("latencyAverageMs")
        latencyStddevMs = try fields.optional("latencyStddevMs")
        latency = try fields.optional("latency")
    }
}
