import CaseCore

/// Everything one `casebench` run measured, written as JSON to
/// `Tools/bench-results/<UTC timestamp>.json` and rendered into BENCHMARKS.md.
///
/// A section left nil was not measured in this run (not yet built, or skipped):
/// the report then says "not measured yet" for its figures and targets, so
/// later parts (replication on a local cluster, PostgreSQL) slot in as new
/// optional sections without changing the ones already here.
public struct BenchResults: Sendable, Equatable {
    /// Bumped when a field changes meaning; adding an optional section does not bump it.
    public static let currentSchemaVersion = 1

    public var schemaVersion = BenchResults.currentSchemaVersion
    /// "quick" or "full".
    public var suite: String
    /// ISO 8601 UTC, e.g. "2025-07-01T08:00:00Z".
    public var startedAt: String
    public var durationSeconds: Double = 0
    public var machine: MachineInfo
    public var limits: LimitsResult?
    public var filing: FilingResult?
    /// Multi-node replication on local clusters of 3 and 5 nodes (Tools/Bench/Replication).
    public var replication: ReplicationResult?
    /// The replication apply pipeline in one process, per step (`casebench apply`): where a
    /// replicated event's CPU goes, apart from waiting and from the other nodes on the machine.
    public var applyPipeline: ApplyPipelineResult?
    /// PostgreSQL primary + streaming standby side by side (issue 7, later part).
    public var postgres: PostgresResult?
    public var simulation: SimulationResult?
    /// The nation in provinces by simulation (issue 16).
    public var provinces: ProvinceScaleResult?
    /// Observations made during the run that explain a figure (profiles, breakdowns).
    public var findings: [String] = []

    public init(suite: String, startedAt: String, machine: MachineInfo) {
        self.suite = suite
        self.startedAt = startedAt
        self.machine = machine
    }
}

/// Placeholder shape for the PostgreSQL side-by-side run of a later part of issue 7.
public struct PostgresResult: Sendable, Equatable {
    public var version: String
    /// Record + log inserts per second, keyed by "async-1", "async-8", "sync-1", "sync-8".
    public var insertsPerSecond: [String: Double] = [:]
    public var latencyByMode: [String: LatencySummary] = [:]
    public var standbyVisibility: LatencySummary?
    /// Users, settings and pgbench's own figures per run (Tools/Bench/Postgres).
    public var details: PostgresDetails?

    public init(version: String) { self.version = version }
}

extension BenchResults: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        schemaVersion = try fields.need("schemaVersion")
        suite = try fields.need("suite")
        startedAt = try fields.need("startedAt")
        durationSeconds = try fields.need("durationSeconds")
        machine = try fields.need("machine")
        limits = try fields.optional("limits")
        filing = try fields.optional("filing")
        replication = try fields.optional("replication")
        applyPipeline = try fields.optional("applyPipeline")
        postgres = try fields.optional("postgres")
        simulation = try fields.optional("simulation")
        provinces = try fields.optional("provinces")
        findings = try fields.need("findings")
    }
}

extension PostgresResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        version = try fields.need("version")
        insertsPerSecond = try fields.need("insertsPerSecond")
        latencyByMode = try fields.need("latencyByMode")
        standbyVisibility = try fields.optional("standbyVisibility")
        details = try fields.optional("details")
    }
}
