import Foundation

/// `casebench filing --quick|--full`: only the disk's ceilings, filing on one node, and the
/// apply pipeline (with the costs of signing and of a lookup PIN's hash), at the suite's
/// counts. Their figures replace those sections of `Tools/bench-results/latest.json` (the
/// other sections stay those of the run that made it, as a finding says), are also written
/// alone to `Tools/bench-results/<UTC timestamp>-filing.json`, and BENCHMARKS.md is rendered
/// again: minutes instead of the full suite's hour and a half, after a change to the write path.
public enum FilingCommand {
    /// Whether `finding` is this part's: a new run replaces them.
    static func isFilingFinding(_ finding: String) -> Bool {
        let prefixes = ["The limits probe failed", "The filing benchmark failed", "perf profile of the node at ", "The apply pipeline benchmark failed", "Filing figures from "]
        return prefixes.contains { finding.hasPrefix($0) } || finding.range(of: #"^[0-9]+ filing\(s\) failed at "#, options: .regularExpression) != nil
    }

    /// Runs the parts and writes; returns the path of the part's own results file.
    public static func run(suite: BenchSuite, repositoryRoot: String, casenode: String, dataRoot: String, log: @escaping @Sendable (String) -> Void) throws -> String {
        let runner = BenchRunner(suite: suite, repositoryRoot: repositoryRoot, casenode: casenode, dataRoot: dataRoot, log: log)
        let own = try PartResultsWriter.measure(suite: suite.name, dataRoot: dataRoot) { own in
            runner.runLimitsAndFiling(into: &own)
            runner.runApplyPipeline(into: &own)
        }
        return try PartResultsWriter.write(own, part: "filing", repositoryRoot: repositoryRoot, casenode: casenode, dataRoot: dataRoot, log: log) { merged, file in
            (merged.limits, merged.filing, merged.applyPipeline) = (own.limits, own.filing, own.applyPipeline)
            let note = "Filing figures from `casebench filing --\(suite.name)` \(PartResultsWriter.provenance(of: own, file: file)) (the disk's ceilings, filing on one node and the apply pipeline); the other figures are those of the runs before."
            merged.findings = merged.findings.filter { !isFilingFinding($0) } + [note] + own.findings
        }
    }
}
