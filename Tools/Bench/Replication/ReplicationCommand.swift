import Foundation

/// `casebench replication --quick|--full`: only the replication benchmarks. Their
/// figures replace the replication section of `Tools/bench-results/latest.json`
/// (the other sections stay those of the run that made it, as a finding says),
/// are also written alone to `Tools/bench-results/<UTC timestamp>-replication.json`,
/// and BENCHMARKS.md is rendered again.
public enum ReplicationCommand {
    /// Findings this part writes start with one of these; a new run replaces them.
    static let findingPrefixes = ["Replication on ", "Visibility ", "replicas=1 ", "The replication benchmark", "Replication figures from "] + catchUpFindingPrefixes
    /// Findings of the catch-up and bootstrap part, which `casebench catch-up --full --write` replaces alone.
    static let catchUpFindingPrefixes = ["Catch-up on ", "Bootstrap on ", "perf profile of the node catching up", "perf profile of the node bootstrapping", "Catch-up and bootstrap figures from "]

    /// Runs the plan and writes; returns the path of the replication-only results file.
    public static func run(suite: String, repositoryRoot: String, casenode: String, dataRoot: String, log: @escaping @Sendable (String) -> Void) throws -> String {
        let own = try PartResultsWriter.measure(suite: suite, dataRoot: dataRoot) { own in
            own.replication = ReplicationBenchmark(executable: casenode, dataRoot: dataRoot, plan: .forSuite(suite), log: log).run(findings: &own.findings)
        }
        return try PartResultsWriter.write(own, part: "replication", repositoryRoot: repositoryRoot, casenode: casenode, dataRoot: dataRoot, log: log) { merged, file in
            merged.replication = own.replication
            merged.findings = merge(
                previous: merged.findings, new: own.findings,
                note: "Replication figures from `casebench replication --\(suite)` \(PartResultsWriter.provenance(of: own, file: file)).")
        }
    }

    /// `casebench catch-up --full --write`: only catch-up and bootstrap, on fresh clusters as the
    /// full suite runs them. Their figures replace those of the first cluster size in latest.json
    /// (the rest of its replication section stays, as a finding says), are written alone to
    /// `Tools/bench-results/<UTC timestamp>-catchup.json`, and BENCHMARKS.md is rendered again.
    public static func runCatchUp(plan: ReplicationPlan, repositoryRoot: String, casenode: String, dataRoot: String, log: @escaping @Sendable (String) -> Void) throws -> String {
        let size = plan.clusterSizes.first ?? 3
        var cluster = ReplicationClusterResult(clusterSize: size)
        let own = try PartResultsWriter.measure(suite: "full", dataRoot: dataRoot) { own in
            (cluster.catchUp, cluster.bootstrap) = ReplicationBenchmark(executable: casenode, dataRoot: dataRoot, plan: plan, log: log)
                .runCatchUpOnly(findings: &own.findings)
            own.replication = ReplicationResult(clusters: [cluster])
        }
        return try PartResultsWriter.write(own, part: "catchup", repositoryRoot: repositoryRoot, casenode: casenode, dataRoot: dataRoot, log: log) { merged, file in
            var replication = merged.replication ?? ReplicationResult()
            if let position = replication.clusters.firstIndex(where: { $0.clusterSize == size }) {
                replication.clusters[position].catchUp = cluster.catchUp
                replication.clusters[position].bootstrap = cluster.bootstrap
            } else {
                replication.clusters.insert(cluster, at: 0)
            }
            merged.replication = replication
            merged.findings = merge(
                previous: merged.findings, new: own.findings,
                note: "Catch-up and bootstrap figures from `casebench catch-up --full --write` \(PartResultsWriter.provenance(of: own, file: file)); the other replication figures are those of the run before.",
                replacing: catchUpFindingPrefixes)
        }
    }

    /// The previous findings without this part's (those starting with one of `prefixes`), then the note and this run's.
    static func merge(previous: [String], new: [String], note: String, replacing prefixes: [String] = findingPrefixes) -> [String] {
        previous.filter { finding in !prefixes.contains { finding.hasPrefix($0) } } + [note] + new
    }
}
