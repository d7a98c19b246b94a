import Foundation

/// `casebench provinces --write`: only the nation in provinces (`ProvinceScaleSimulation`),
/// as `casebench full` runs it. Its figures replace the provinces section of
/// `Tools/bench-results/latest.json` (the other sections stay those of the run that made
/// it, as a finding says), are also written alone to
/// `Tools/bench-results/<UTC timestamp>-provinces.json`, and BENCHMARKS.md is rendered again.
public enum ProvincesCommand {
    /// Findings this part writes start with one of these; a new run replaces them.
    static let findingPrefixes = ["Province figures from ", "The province simulation"]

    /// Runs the simulation and writes; returns the path of the provinces-only results file.
    public static func run(scale: Double, filings: Int, repositoryRoot: String, log: @escaping @Sendable (String) -> Void) throws -> String {
        let watch = Stopwatch()
        let startedAt = BenchRunner.timestamp(Date())
        var own = BenchResults(suite: "provinces", startedAt: startedAt, machine: MachineProbe.describe(dataDirectory: repositoryRoot))
        own.provinces = try ProvinceScaleSimulation(
            sizes: ProvinceScaleSimulation.nation(scaledBy: scale), crossFilings: 34, filings: filings,
            idleRounds: BenchSuite.full.idleRounds, log: log
        ).run()
        own.machine.loadAverageEnd = MachineProbe.loadAverage()
        own.durationSeconds = watch.elapsedSeconds

        let directory = repositoryRoot + "/Tools/bench-results"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ownPath = directory + "/" + startedAt.replacingOccurrences(of: ":", with: "") + "-provinces.json"
        try ResultsFile.write(own, to: [ownPath])
        let latestPath = directory + "/latest.json"
        // No latest.json yet: this run is the first. One that does not read is not overwritten:
        // every other section of BENCHMARKS.md would go with it.
        var merged = FileManager.default.fileExists(atPath: latestPath) ? try ResultsFile.read(path: latestPath) : own
        merged.provinces = own.provinces
        let command = "casebench provinces --write" + (scale < 1 ? " --scale \(scale)" : "") + " --filings \(filings)"
        merged.findings = merge(previous: merged.findings, new: own.findings,
                                note: "Province figures from `\(command)` at \(startedAt) (\(Int(own.durationSeconds)) s, load average \(String(format: "%.1f", own.machine.loadAverageStart)) at start and \(String(format: "%.1f", own.machine.loadAverageEnd)) at end on \(own.machine.cores) cores), results in Tools/bench-results/\((ownPath as NSString).lastPathComponent).")
        try ResultsFile.write(merged, to: [latestPath])
        try BenchRunner(suite: .quick, repositoryRoot: repositoryRoot, casenode: "", dataRoot: "", log: log).writeReport(merged)
        return ownPath
    }

    /// The previous findings without this part's, then the note and this run's.
    static func merge(previous: [String], new: [String], note: String) -> [String] {
        previous.filter { finding in !findingPrefixes.contains { finding.hasPrefix($0) } } + [note] + new
    }
}
