import Foundation
import CaseReplication

/// Explains, from a run's own figures, what bounds a missed target: sentences
/// with the evidence in them, not opinions.
public enum LimitAnalysis {
    public static func explain(_ results: BenchResults) -> [String] {
        var findings = [String]()
        if let filing = results.filing, let limits = results.limits, let widest = filing.runs.max(by: { $0.clients < $1.clients }) {
            findings.append(filingThroughput(widest, filing: filing, limits: limits))
        }
        if let replicated = replicasOne(results) { findings.append(replicated) }
        if let idle = results.filing?.idle, idle.cpuCores >= TargetEvaluation.idleCPUShare {
            findings.append("Idle CPU: the node used \(Format.percent(idle.cpuCores)) of a core over \(Format.number(idle.seconds)) s with no requests; its timers (probe, sync, metrics) run even alone.")
        }
        if let simulation = results.simulation, let growth = gossipCostGrowth(simulation) {
            findings.append(growth)
        }
        if let simulation = results.simulation {
            for cluster in simulation.clusters {
                if let rounds = cluster.filingRounds, rounds > GossipTheory.targetFactor * cluster.theoryRounds {
                    findings.append("Dissemination at \(cluster.nodes) simulated nodes took \(String(format: "%.1f", rounds)) rounds, \(Format.ratio(rounds / cluster.theoryRounds)) of log₂N + ln N: a new event is pushed to \(ReplicationConfiguration.fast.pushFanout) peers by its origin and by each first receiver, and otherwise waits for a pull (one random peer per round).")
                }
            }
        }
        return findings
    }

    /// Why filing with `replicas=1` misses its bound, if it does: the filing alone against
    /// what waiting for one peer adds, both at one client.
    static func replicasOne(_ results: BenchResults) -> String? {
        guard let run = results.replication?.cluster(size: 3)?.replicasOne.first(where: { $0.clients == 1 }), run.filed > 0,
              run.latency.p50Ms > TargetEvaluation.replicasOneP50Ms,
              let alone = results.filing?.runs.first(where: { $0.clients == 1 }) else { return nil }
        let added = run.latency.p50Ms - alone.latency.p50Ms
        var text = "Filing with replicas=1 (p50 \(Format.ms(run.latency.p50Ms)) at 1 client on 3 nodes) is a filing (p50 \(Format.ms(alone.latency.p50Ms)) on its own node) plus \(Format.ms(max(0, added))) of waiting for one peer: the push, the peer's apply in a durable commit of its own, and its acknowledgement, each through a replication queue."
        if alone.latency.p50Ms > TargetEvaluation.replicasOneP50Ms {
            text += " The filing alone already exceeds the \(Format.ms(TargetEvaluation.replicasOneP50Ms)) bound: its CPU per request comes first."
        }
        return text
    }

    /// A membership record on the wire: id, peer and HTTP addresses with their length
    /// prefixes, incarnation and state ("n1234", "sim://n1234", "sim-http://n1234").
    static let estimatedRecordBytes = 40

    /// How idle gossip bytes per node per round grow with N (as N^k between the smallest and
    /// largest size), and whether they grow with the dossiers held.
    static func gossipCostGrowth(_ simulation: SimulationResult) -> String? {
        let sized = simulation.clusters.compactMap { c in c.bytesPerNodePerRound.first.map { (nodes: c.nodes, bytes: $0.bytesPerNodePerRound) } }
        guard let small = sized.min(by: { $0.nodes < $1.nodes }), let large = sized.max(by: { $0.nodes < $1.nodes }),
              large.nodes > small.nodes, small.bytes > 0, large.bytes > 0 else { return nil }
        let exponent = log(large.bytes / small.bytes) / log(Double(large.nodes) / Double(small.nodes))
        var text = "Idle gossip cost grows with cluster size as about N^\(String(format: "%.2f", exponent)): \(Format.number(small.bytes)) B per node per round at \(Format.count(small.nodes)) nodes, \(Format.number(large.bytes)) B at \(Format.count(large.nodes))."
        if exponent > 0.5 {
            let exchangeRounds = Double(ReplicationConfiguration.fast.membershipExchangeIntervalMs) / Double(simulation.roundMs)
            let estimate = 2 * Double(large.nodes) * Double(Self.estimatedRecordBytes) / exchangeRounds
            text += " Probes, acks and syncs are a fixed number of small messages per round, so the growth is most likely the membership exchange: every \(Format.number(exchangeRounds)) rounds each node sends its whole member list to a random peer, which answers with its own. At about \(Self.estimatedRecordBytes) B a record that is some \(Format.number(estimate)) B per node per round at \(Format.count(large.nodes)) nodes (an estimate from the wire format, not a count by message kind), and it grows as N: about \(Format.number(estimate * Double(ScaleSimulation.allCommunes) / Double(large.nodes))) B at 3,321. Gossip theory's O(log N) per round would need that exchange sent as a digest, or only the differences."
        }
        let pairs = simulation.clusters.filter { $0.bytesPerNodePerRound.count >= 2 }
        if !pairs.isEmpty {
            let changes = pairs.map { c -> String in
                let (few, many) = (c.bytesPerNodePerRound[0], c.bytesPerNodePerRound[c.bytesPerNodePerRound.count - 1])
                return "\(Format.count(c.nodes)) nodes: \(Format.number(few.bytesPerNodePerRound)) B with \(Format.count(few.dossiers)) dossier(s), \(Format.number(many.bytesPerNodePerRound)) B with \(Format.count(many.dossiers))"
            }
            text += " It does not grow with the dossiers held (version vectors name origins, not dossiers): " + changes.joined(separator: "; ") + "."
        }
        return text
    }

    static func filingThroughput(_ run: FilingRun, filing: FilingResult, limits: LimitsResult) -> String {
        let shareOfSingle = run.filingsPerSecond / limits.singleCommitsPerSecond
        let shareOfBatched = run.filingsPerSecond / limits.batchedFilingsPerSecond
        var text = "Filing throughput at \(run.clients) clients is \(Format.number(run.filingsPerSecond))/s: \(Format.ratio(shareOfSingle)) of the one-commit-per-filing ceiling (\(Format.number(limits.singleCommitsPerSecond))/s) and \(Format.ratio(shareOfBatched)) of the batched ceiling (\(Format.number(limits.batchedFilingsPerSecond))/s)."
        if let single = filing.run(clients: 1) {
            text += " With more clients it went from \(Format.number(single.filingsPerSecond))/s (1 client) to \(Format.number(run.filingsPerSecond))/s."
        }
        if let node = run.node, run.filed > 0 {
            let cpuMsPerFiling = node.cpuCores * run.seconds * 1_000 / Double(run.filed)
            text += " The node used \(String(format: "%.2f", node.cpuCores)) cores, \(String(format: "%.2f", cpuMsPerFiling)) ms of CPU per filing"
            text += "; the probe's durable commit alone takes \(Format.ms(limits.singleCommitLatency.p50Ms)) (p50)."
            let cpuBound = 1_000 / max(cpuMsPerFiling, 0.001)
            if shareOfSingle >= 0.8 && (run.filingsPerCommit ?? 1) < 1.5 {
                text += " Throughput sits at the single-commit ceiling and filings did not share commits: each filing waits for its own fsync'd commit, so concurrent filings queue (latency grows with clients). Group commit lifts this only when filings arrive while a commit is flushing; the next bound after it is CPU: \(String(format: "%.2f", cpuMsPerFiling)) ms per filing is about \(Format.number(cpuBound)) filings/s per core."
            } else {
                if let perCommit = run.filingsPerCommit {
                    text += String(format: " Group commit carried %.1f filings per durable commit.", perCommit)
                }
                text += " So the disk is not what bounds it: \(String(format: "%.2f", cpuMsPerFiling)) ms of CPU per filing allows about \(Format.number(cpuBound)) filings/s per core, and the part of that work done inside the single writer (folding the dossier, writing its JSON, hashing its state) does not spread over cores; the profile shows how much runs there and what it is."
            }
        }
        return text
    }
}
