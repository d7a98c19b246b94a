import Foundation

/// Writes the results of one part of the suite run on its own (`casebench replication`,
/// `catch-up --full --write`, `provinces --write`): alone to
/// `Tools/bench-results/<UTC timestamp>-<part>.json`, merged into `latest.json` (the other
/// sections stay those of the run that made it), and BENCHMARKS.md rendered again.
enum PartResultsWriter {
    /// Runs one part on its own: `body` fills the results, which say when it started, the
    /// machine (its data directory `dataRoot`, made if missing), the load average at both ends
    /// and how long it took.
    static func measure(suite: String, dataRoot: String, _ body: (inout BenchResults) throws -> Void) throws -> BenchResults {
        try FileManager.default.createDirectory(atPath: dataRoot, withIntermediateDirectories: true)
        let watch = Stopwatch()
        var own = BenchResults(suite: suite, startedAt: BenchRunner.timestamp(Date()), machine: MachineProbe.describe(dataDirectory: dataRoot))
        try body(&own)
        own.machine.loadAverageEnd = MachineProbe.loadAverage()
        own.durationSeconds = watch.elapsedSeconds
        return own
    }

    /// Writes `own` and merges it with `merge`, which also gets the note naming where the
    /// figures come from (`provenance`). Returns the path of the part's own file.
    /// No latest.json yet: this run is the first. One that does not read is not overwritten:
    /// every other section of BENCHMARKS.md would go with it.
    static func write(
        _ own: BenchResults, part: String, repositoryRoot: String, casenode: String, dataRoot: String,
        log: @escaping @Sendable (String) -> Void, merge: (inout BenchResults, _ ownFile: String) -> Void
    ) throws -> String {
        let directory = repositoryRoot + "/Tools/bench-results"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ownPath = directory + "/" + own.startedAt.replacingOccurrences(of: ":", with: "") + "-\(part).json"
        try ResultsFile.write(own, to: [ownPath])
        let latestPath = directory + "/latest.json"
        var merged = FileManager.default.fileExists(atPath: latestPath) ? try ResultsFile.read(path: latestPath) : own
        merge(&merged, (ownPath as NSString).lastPathComponent)
        try ResultsFile.write(merged, to: [latestPath])
        try BenchRunner(suite: .quick, repositoryRoot: repositoryRoot, casenode: casenode, dataRoot: dataRoot, log: log).writeReport(merged)
        return ownPath
    }

    /// "at <start> (<n> s, load average … on <cores> cores of <CPU>), results in Tools/bench-results/<file>":
    /// the CPU too, since a part may run on another machine than the one the Machine table describes.
    static func provenance(of own: BenchResults, file: String) -> String {
        "at \(own.startedAt) (\(Int(own.durationSeconds)) s, load average \(String(format: "%.1f", own.machine.loadAverageStart)) at start and \(String(format: "%.1f", own.machine.loadAverageEnd)) at end on \(own.machine.cores) cores of \(own.machine.cpuModel)), results in Tools/bench-results/\(file)"
    }
}
