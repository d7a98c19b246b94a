import Foundation

extension BenchRunner {
    /// The PostgreSQL part of a run; a skip (not installable here) or a failure goes to the findings.
    func runPostgres(into results: inout BenchResults) {
        log("PostgreSQL side by side")
        do {
            results.postgres = try PostgresBenchmark(suiteName: suite.name, dataRoot: dataRoot, log: log).run()
        } catch {
            log("  PostgreSQL part not measured: \(error)")
            results.findings.append("PostgreSQL side by side was not measured: \(error)")
        }
    }

    /// `casebench postgres`: only the PostgreSQL part, merged into Tools/bench-results/latest.json
    /// (whose casestore figures the ratios then use, from that earlier run, as the report says),
    /// written as a new results file and rendered. Returns the results file's path.
    public func runPostgresOnly() throws -> String {
        try FileManager.default.createDirectory(atPath: dataRoot, withIntermediateDirectories: true)
        let latest = repositoryRoot + "/Tools/bench-results/latest.json"
        var results = try ResultsFile.read(path: latest)
        results.findings.removeAll { $0.hasPrefix("PostgreSQL side by side") }
        results.postgres = try PostgresBenchmark(suiteName: suite.name, dataRoot: dataRoot, log: log).run()
        results.findings.append("PostgreSQL side by side was measured separately by `casebench postgres --\(suite.name)` at "
                                + "\(results.postgres?.details?.measuredAt ?? "?"), after this \(results.suite) run; its ratios use this run's casestore figures.")
        return try write(results)
    }
}
