import Foundation

/// `casebench replication --quick|--full`: only the replication benchmarks. Their
/// figures replace the replication section of `Tools/bench-results/latest.json`
/// (the other sections stay those of the run that made it, as a finding says),
/// are also written alone to `Tools/bench-results/<UTC timestamp>-replication.json`,
/// and BENCHMARKS.md is rendered again.
public enum ReplicationCommand {
    /// Findings this part writes start with one of these; a new run replaces them.
    static let findingPrefixes = ["Replication on ", "Visibility ", "replicas=1 ", "Bootstrap on ", "perf profile of the node catching up", "perf profile of the node bootstrapping", "The replication benchmark", "Replication figures from "]

    /// Runs the plan and writes; returns the path of the replication-only results file.
    public static func run(suite: String, repositoryRoot: String, casenode: String, dataRoot: String, log: @escaping @Sendable (String) -> Void) throws -> String {
        try FileManager.default.createDirectory(atPath: dataRoot, withIntermediateDirectories: true)
        let watch = Stopwatch()
        let startedAt = BenchRunner.timestamp(Date())
        var own = BenchResults(suite: suite, startedAt: startedAt, machine: MachineProbe.describe(dataDirectory: dataRoot))
        own.replication = ReplicationBenchmark(executable: casenode, dataRoot: dataRoot, plan: .forSuite(suite), log: log).run(findings: &own.findings)
        own.machine.loadAverageEnd = MachineProbe.loadAverage()
        own.durationSeconds = watch.elapsedSeconds

        let directory = repositoryRoot + "/Tools/bench-results"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ownPath = directory + "/" + startedAt.replacingOccurrences(of: ":", with: "") + "-replication.json"
        try ResultsFile.write(own, to: [ownPath])
        let latestPath = directory + "/latest.json"
        var merged = (try? ResultsFile.read(path: latestPath)) ?? own
        merged.replication = own.replication
        merged.findings = merge(previous: merged.findings, new: own.findings,
                                note: "Replication figures from `casebench replication --\(suite)` at \(startedAt) (\(Int(own.durationSeconds)) s, load average \(String(format: "%.1f", own.machine.loadAverageStart)) at start and \(String(format: "%.1f", own.machine.loadAverageEnd)) at end on \(own.machine.cores) cores), results in Tools/bench-results/\((ownPath as NSString).lastPathComponent).")
        try ResultsFile.write(merged, to: [latestPath])
        try BenchRunner(suite: .quick, repositoryRoot: repositoryRoot, casenode: casenode, dataRoot: dataRoot, log: log).writeReport(merged)
        return ownPath
    }

    /// The previous findings without this part's, then the note and this run's.
    static func merge(previous: [String], new: [String], note: String) -> [String] {
        previous.filter { finding in !findingPrefixes.contains { finding.hasPrefix($0) } } + [note] + new
    }
}
