import CaseCore

/// The filing benchmark against one node: one run per client count, and the
/// node's CPU and memory while idle.
public struct FilingResult: Sendable, Equatable {
    /// Average request body size sent, in bytes.
    public var requestBytes: Int
    public var runs: [FilingRun]
    public var idle: ProcessUsage?

    public init(requestBytes: Int, runs: [FilingRun], idle: ProcessUsage?) {
        self.requestBytes = requestBytes
        self.runs = runs
        self.idle = idle
    }

    /// The run with this many clients, if measured.
    public func run(clients: Int) -> FilingRun? { runs.first { $0.clients == clients } }
}

/// N concurrent keep-alive clients filing as fast as the node answers.
public struct FilingRun: Sendable, Equatable {
    public var clients: Int
    /// Filings answered 201.
    public var filed: Int
    /// Any other answer or a transport error.
    public var failed: Int
    public var seconds: Double
    public var filingsPerSecond: Double
    /// Latency of the 201 answers, from request sent to response read.
    public var latency: LatencySummary
    /// The node under this load.
    public var node: ProcessUsage?
    /// Up to `LatencySummary.maxSamplesKept` latencies (ms), evenly thinned, for the distribution chart.
    public var latencySampleMs: [Double]
    /// Filings that shared each durable commit (group commit), from the node's /metrics; nil when not read.
    public var filingsPerCommit: Double?

    public init(
        clients: Int, filed: Int, failed: Int, seconds: Double, latency: LatencySummary, node: ProcessUsage?,
        latencySampleMs: [Double], filingsPerCommit: Double? = nil
    ) {
        self.clients = clients
        self.filed = filed
        self.failed = failed
        self.seconds = seconds
        self.filingsPerSecond = seconds > 0 ? Double(filed) / seconds : 0
        self.latency = latency
        self.node = node
        self.latencySampleMs = latencySampleMs
        self.filingsPerCommit = filingsPerCommit
    }
}

/// CPU and memory of a process over an interval, from /proc/<pid>/stat and status.
public struct ProcessUsage: Sendable, Equatable {
    /// Share of one core used over the interval (1.0 = one core busy).
    public var cpuCores: Double
    /// Resident set size at the end of the interval.
    public var rssBytes: Int
    /// Peak resident set size of the process so far (VmHWM).
    public var peakRSSBytes: Int
    public var seconds: Double

    public init(cpuCores: Double, rssBytes: Int, peakRSSBytes: Int, seconds: Double) {
        self.cpuCores = cpuCores
        self.rssBytes = rssBytes
        self.peakRSSBytes = peakRSSBytes
        self.seconds = seconds
    }
}

extension FilingResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        requestBytes = try fields.need("requestBytes")
        runs = try fields.need("runs")
        idle = try fields.optional("idle")
    }
}

extension FilingRun: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        clients = try fields.need("clients")
        filed = try fields.need("filed")
        failed = try fields.need("failed")
        seconds = try fields.need("seconds")
        filingsPerSecond = try fields.need("filingsPerSecond")
        latency = try fields.need("latency")
        node = try fields.optional("node")
        latencySampleMs = try fields.need("latencySampleMs")
        filingsPerCommit = try fields.optional("filingsPerCommit")
    }
}

extension ProcessUsage: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        cpuCores = try fields.need("cpuCores")
        rssBytes = try fields.need("rssBytes")
        peakRSSBytes = try fields.need("peakRSSBytes")
        seconds = try fields.need("seconds")
    }
}
