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

    /// `casebench postgres`: only the PostgreSQL part, written alone to
    /// `Tools/bench-results/<UTC timestamp>-postgres.json` and merged into latest.json (whose
    /// casestore figures the ratios then use, as a finding says), and rendered. It wrote the
    /// merged results over the results file of the run latest.json came from, so a past run's
    /// record changed; now, as the other parts, it leaves every earlier file as it was.
    /// Returns the path of its own results file.
    public func runPostgresOnly() throws -> String {
        let own = try PartResultsWriter.measure(suite: suite.name, dataRoot: dataRoot) { own in
            own.postgres = try PostgresBenchmark(suiteName: suite.name, dataRoot: dataRoot, log: log).run()
        }
        return try PartResultsWriter.write(own, part: "postgres", repositoryRoot: repositoryRoot, casenode: casenode, dataRoot: dataRoot, log: log) { merged, file in
            merged.postgres = own.postgres
            merged.findings = merged.findings.filter { !$0.hasPrefix("PostgreSQL side by side") } + [
                "PostgreSQL side by side was measured separately by `casebench postgres --\(suite.name)` \(PartResultsWriter.provenance(of: own, file: file)); its ratios use the casestore figures of latest.json."
            ]
        }
    }
}
