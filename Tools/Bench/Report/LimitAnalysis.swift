import CaseCore

/// Explains, from a run's own figures, what bounds a missed target: sentences
/// with the evidence in them, not opinions.
public enum LimitAnalysis {
    public static func explain(_ results: BenchResults) -> [String] {
        var findings = [String]()
        if let filing = results.filing, let limits = results.limits, let widest = filing.runs.max(by: { $0.clients < $1.clients }) {
            findings.append(filingThroughput(widest, filing: filing, limits: limits))
        }
        if let idle = results.filing?.idle, idle.cpuCores >= TargetEvaluation.idleCPUShare {
            findings.append("Idle CPU: the node used \(Format.percent(idle.cpuCores)) of a core over \(Format.number(idle.seconds)) s with no requests; its timers (probe, sync, metrics) run even alone.")
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
            if shareOfSingle >= 0.8 {
                text += " Throughput sits at the single-commit ceiling: each filing waits for its own fsync'd commit, one at a time on the writer queue, so concurrent filings queue (latency grows with clients) instead of sharing one commit. Group commit (many filings per durable commit, each answered after it) is what lifts this towards the batched ceiling."
            } else {
                text += " That is far below the disk's single-commit ceiling, so the disk is not what bounds it: \(String(format: "%.2f", cpuMsPerFiling)) ms of CPU per filing allows about \(Format.number(cpuBound)) filings/s per core, and throughput grows little with clients because much of that work is done one filing at a time (the writer queue; see the profile for how much of it runs there and what it is). Group commit alone will not reach the batched ceiling: the CPU work per filing inside the writer has to shrink or move out of it first."
            }
        }
        return text
    }
}
