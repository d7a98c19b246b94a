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
        let own = try PartResultsWriter.measure(suite: "provinces", dataRoot: repositoryRoot) { own in
            own.provinces = try ProvinceScaleSimulation(
                sizes: ProvinceScaleSimulation.nation(scaledBy: scale), crossFilings: 34, filings: filings,
                idleRounds: BenchSuite.full.idleRounds, log: log
            ).run()
        }

        let command = "casebench provinces --write" + (scale < 1 ? " --scale \(scale)" : "") + " --filings \(filings)"
        return try PartResultsWriter.write(own, part: "provinces", repositoryRoot: repositoryRoot, casenode: "", dataRoot: "", log: log) { merged, file in
            merged.provinces = own.provinces
            merged.findings = merge(
                previous: merged.findings, new: own.findings,
                note: "Province figures from `\(command)` \(PartResultsWriter.provenance(of: own, file: file)).")
        }
    }

    /// The previous findings without this part's, then the note and this run's.
    static func merge(previous: [String], new: [String], note: String) -> [String] {
        previous.filter { finding in !findingPrefixes.contains { finding.hasPrefix($0) } } + [note] + new
    }
}
