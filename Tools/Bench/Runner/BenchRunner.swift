import Foundation

/// Runs a suite end to end and writes everything it produces: the results
/// JSON (timestamped and latest.json), BENCHMARKS.md and the SVG charts.
public struct BenchRunner {
    public let suite: BenchSuite
    /// The repository root (holds Package.swift).
    public let repositoryRoot: String
    /// The release-built casenode to benchmark.
    public let casenode: String
    /// Where node data and the probe's database go; deleted afterwards.
    public let dataRoot: String
    public let log: @Sendable (String) -> Void
    /// Whether the run includes PostgreSQL side by side (`--no-postgres` turns it off).
    public var includesPostgres = true

    public init(suite: BenchSuite, repositoryRoot: String, casenode: String, dataRoot: String, log: @escaping @Sendable (String) -> Void) {
        self.suite = suite
        self.repositoryRoot = repositoryRoot
        self.casenode = casenode
        self.dataRoot = dataRoot
        self.log = log
    }

    /// Runs every part; a part that fails is reported in the findings and the others still run.
    public func run() throws -> BenchResults {
        try FileManager.default.createDirectory(atPath: dataRoot, withIntermediateDirectories: true)
        let watch = Stopwatch()
        var results = BenchResults(suite: suite.name, startedAt: Self.timestamp(Date()), machine: MachineProbe.describe(dataDirectory: dataRoot))
        runLimitsAndFiling(into: &results)
        log("replication on local clusters")
        results.replication = ReplicationBenchmark(executable: casenode, dataRoot: dataRoot, plan: .forSuite(suite.name), log: log)
            .run(findings: &results.findings)
        runApplyPipeline(into: &results)
        if includesPostgres { runPostgres(into: &results) }
        log("scale by simulation")
        do {
            results.simulation = try ScaleSimulation(
                sizes: suite.simulatedSizes, extraDossiers: suite.simulatedExtraDossiers,
                maxNodesForDossierCost: suite.maxNodesForDossierCost, idleRounds: suite.idleRounds, log: log).run()
        } catch {
            results.findings.append("The scale simulation failed: \(error)")
        }
        log("provinces by simulation")
        do {
            results.provinces = try ProvinceScaleSimulation(
                sizes: ProvinceScaleSimulation.nation(scaledBy: suite.provinceScale), crossFilings: 34, filings: suite.provinceFilings,
                idleRounds: suite.idleRounds, log: log
            ).run()
        } catch {
            results.findings.append("The province simulation failed: \(error)")
        }
        results.machine.loadAverageEnd = MachineProbe.loadAverage()
        results.durationSeconds = watch.elapsedSeconds
        return results
    }

    /// The limits probe (the disk's ceilings) and filing on one node, each at the suite's counts;
    /// a part that fails is a finding.
    func runLimitsAndFiling(into results: inout BenchResults) {
        log("limits probe in \(dataRoot)")
        do {
            results.limits = try SQLiteLimitsProbe(directory: dataRoot, maxSingleCommits: suite.probeMaxSingleCommits,
                                                   singleSeconds: suite.probeSingleSeconds, batches: suite.probeBatches).run()
        } catch {
            results.findings.append("The limits probe failed: \(error)")
        }
        log("filing benchmark against \(casenode)")
        do {
            results.filing = try FilingBenchmark(
                executable: casenode, dataRoot: dataRoot, clientCounts: suite.filingClientCounts, filingsPerRun: suite.filingsPerRun,
                maxSecondsPerRun: suite.maxSecondsPerFilingRun, idleSeconds: suite.idleSeconds, profileClients: suite.profileClients, log: log
            ).run(findings: &results.findings)
        } catch {
            results.findings.append("The filing benchmark failed: \(error)")
        }
    }

    /// The replication apply pipeline in one process, with the costs of signing and of a lookup PIN's hash.
    func runApplyPipeline(into results: inout BenchResults) {
        log("replication apply pipeline in one process")
        do {
            results.applyPipeline = try ApplyPipelineBenchmark(
                directory: dataRoot + "/apply", filings: suite.name == "full" ? ApplyPipelineBenchmark.defaultFilings : 3_000
            ).run()
            if let pipeline = results.applyPipeline { log("  " + pipeline.summary) }
        } catch {
            results.findings.append("The apply pipeline benchmark failed: \(error)")
        }
    }

    /// Writes the results file, latest.json, the charts and BENCHMARKS.md; returns the results file's path.
    @discardableResult
    public func write(_ results: BenchResults) throws -> String {
        let resultsDirectory = repositoryRoot + "/Tools/bench-results"
        let chartDirectory = repositoryRoot + "/docs/bench"
        for directory in [resultsDirectory, chartDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let name = Self.resultsFileName(results)
        try ResultsFile.write(results, to: [resultsDirectory + "/" + name, resultsDirectory + "/latest.json"])
        try writeReport(results)
        return resultsDirectory + "/" + name
    }

    /// The results file name of a run: its start time without colons.
    static func resultsFileName(_ results: BenchResults) -> String {
        results.startedAt.replacingOccurrences(of: ":", with: "") + ".json"
    }

    /// Writes the charts and BENCHMARKS.md (not the results files).
    public func writeReport(_ results: BenchResults) throws {
        let chartDirectory = repositoryRoot + "/docs/bench"
        try FileManager.default.createDirectory(atPath: chartDirectory, withIntermediateDirectories: true)
        for (file, chart) in ReportCharts.all(results) {
            try chart.render().write(toFile: chartDirectory + "/" + file, atomically: true, encoding: .utf8)
        }
        let markdown = MarkdownReport.render(results, resultsFile: "Tools/bench-results/" + Self.resultsFileName(results))
        try markdown.write(toFile: repositoryRoot + "/BENCHMARKS.md", atomically: true, encoding: .utf8)
    }

    /// "2025-07-01T08:00:00Z".
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
