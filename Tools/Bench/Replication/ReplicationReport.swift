import CaseReplication

/// The "Replication on a local cluster" section of BENCHMARKS.md: one column per cluster size.
public enum ReplicationReport {
    static let title = "## Replication on a local cluster (3 and 5 nodes)"
    /// Nodes using this share of the machine's cores or more leave little for anything else on it.
    static let busyShareOfCores = 0.6
    /// Pulls carrying this share of what a node receives under load mean pushes are not doing their job.
    static let manyPulledShare = 0.25

    /// `cores`: the machine's, to tell when the nodes under load left little CPU to spare (0: unknown).
    public static func lines(_ replication: ReplicationResult?, cores: Int = 0) -> [String] {
        var lines = [title, ""]
        let clusters = replication?.clusters ?? []
        guard !clusters.isEmpty else {
            return lines + [
                "| Figure | 3 nodes | 5 nodes |", "|---|---|---|",
                "| Visibility after 201, idle (p50 / p99 / max) | not measured yet | not measured yet |",
                "| Visibility under load | not measured yet | not measured yet |",
                "| Filings/s with replicas=1 | not measured yet | not measured yet |",
                "| Catch-up after 100,000 missed filings (events/s) | not measured yet | not measured yet |",
                "| Bootstrap of 1,000,000 dossiers (s) | not measured yet | not measured yet |",
                "| CPU and RSS per node, idle and under load | not measured yet | not measured yet |",
                "",
            ]
        }
        lines += [
            "Release-built `casenode` processes on loopback, one shared cluster key, joined through the first node.",
            "Visibility: a filing at node 0, then from its 201 every other node polled (a thread each, keep-alive, back to back)",
            "with `GET /v1/dossiers/{code}` until 200; a filing's figure is the slowest node's. The pollers themselves load the machine.",
            "Under load: a paced background load at node 1. Catch-up: the last node stopped (SIGTERM), filings made at the others,",
            "then restarted; time from launch until its event count equals theirs. Bootstrap: every node of a fresh cluster starts from",
            "a copy of one database of dossiers filed in process through the node's own service (`ClusterPreload`: over HTTP a million",
            "takes most of an hour here), then a new empty node joins; time from launch until it holds every dossier.",
            "Both run on the first cluster size only.",
            "",
            "| Figure | " + clusters.map { "\($0.clusterSize) nodes" }.joined(separator: " | ") + " |",
            "|---|" + clusters.map { _ in "---|" }.joined(),
        ]
        let rows: [(String, (ReplicationClusterResult) -> String)] = [
            ("Visibility after 201, idle (p50 / p99 / max, n)", { $0.visibilityIdle.map(summary) ?? "—" }),
            ("Visibility under load (p50 / p99 / max, n)", { $0.visibilityUnderLoad.map(summary) ?? "—" }),
            ("Background load: target / achieved filings/s", { cluster in
                guard let target = cluster.backgroundTargetPerSecond else { return "—" }
                return "\(Format.number(target)) / \(Format.number(cluster.backgroundAchievedPerSecond ?? 0))"
            }),
            ("Backlog when the load stopped (events) / caught up after", { cluster in
                guard let backlog = cluster.backlogEventsAfterLoad else { return "—" }
                return "\(Format.count(backlog)) / \(cluster.drainSecondsAfterLoad.map { Format.number($0) + " s" } ?? "not within 2 min")"
            }),
            ("Events received under load by push / by pull, per node", { cluster in
                cluster.receivedUnderLoad.map { nodes in
                    nodes.map { "\(Format.count($0.pushed)) / \(Format.count($0.pulled))" }.joined(separator: ", ")
                } ?? "—"
            }),
            ("Filings/s with replicas=1 (p50) at 1 / 8 clients", { cluster in
                cluster.replicasOne.isEmpty ? "—" : cluster.replicasOne.map { "\(Format.number($0.filingsPerSecond)) (\(Format.ms($0.latency.p50Ms)))\($0.failed > 0 ? ", \($0.failed) not 201" : "")" }.joined(separator: " / ")
            }),
            ("Catch-up (events/s)", { cluster in
                cluster.catchUp.map { "\(Format.number($0.eventsPerSecond)): \(Format.count($0.events)) events after \(Format.count($0.missedFilings)) missed filings in \(Format.number($0.seconds)) s (start \(Format.number($0.startSeconds)) s, first event after \($0.firstEventSeconds.map { Format.number($0) + " s" } ?? "—"), \($0.transferEventsPerSecond.map { Format.number($0) } ?? "—") events/s from then)\($0.complete ? "" : "; not caught up within the bound")\($0.nodeCPUCores.map { String(format: "; node CPU %.2f cores", $0) } ?? "")\(Self.received($0.eventsReceived, for: $0.events))\(Self.verification($0.signaturesVerified))\(Self.runs($0.runsEventsPerSecond))" } ?? "—"
            }),
            ("A clerk's filings at the node while it catches up / after (p50 / p99 / max, n)", { cluster in
                guard let during = cluster.catchUp?.filingWhileCatchingUp, let after = cluster.catchUp?.filingAfterCatchingUp else { return "—" }
                return "\(summary(during)) / \(summary(after))"
            }),
            ("Bootstrap of a new node", { cluster in
                cluster.bootstrap.map { "\(Format.count($0.dossiers)) dossiers\($0.complete ? "" : " (not all)") in \(Format.number($0.seconds)) s = \(Format.number($0.dossiersPerSecond))/s; RSS \(Format.megabytes($0.rssBytes)) (peak \(Format.megabytes($0.peakRSSBytes)))\($0.holderRSSBytes.map { "; nodes holding them up to \(Format.megabytes($0))" } ?? "")\($0.nodeCPUCores.map { String(format: "; node CPU %.2f cores", $0) } ?? "")\(Self.received($0.eventsReceived, for: $0.events))\($0.admittedSeconds.map { String(format: "; first answered after %.1f s", $0) } ?? "; never answered with the cluster's token"); filed into the cluster in process at \(Format.number($0.loadFilingsPerSecond))/s\(Self.verification($0.signaturesVerified))\(Self.runs(seconds: $0.runsSeconds))" } ?? "—"
            }),
            ("CPU per node, idle (cores)", { usage($0.nodesIdle) { Format.percent($0.cpuCores) } }),
            ("CPU per node, under load (cores)", { usage($0.nodesUnderLoad) { String(format: "%.2f", $0.cpuCores) } }),
            ("RSS per node, idle", { usage($0.nodesIdle) { Format.megabytes($0.rssBytes) } }),
            ("RSS per node, under load", { usage($0.nodesUnderLoad) { Format.megabytes($0.rssBytes) } }),
        ]
        for (name, cell) in rows {
            lines.append("| \(name) | " + clusters.map(cell).joined(separator: " | ") + " |")
        }
        let limits = clusters.flatMap { whatLimits($0, cores: cores) }
        return lines + [""] + (limits.isEmpty ? [] : ["What the figures say limits replication on this machine:", ""] + limits.map { "- " + $0 } + [""])
    }

    /// Readings of one cluster's figures that explain a slow part; each only when its figures are there.
    static func whatLimits(_ cluster: ReplicationClusterResult, cores: Int = 0) -> [String] {
        var lines = [String]()
        let underLoad = cluster.nodesUnderLoad.reduce(0) { $0 + $1.cpuCores }
        if cores > 0, underLoad >= Self.busyShareOfCores * Double(cores) {
            lines.append(String(format: "%d nodes: under load the nodes used %.2f of the machine's %d cores, beside the load generator and the visibility pollers, so the probe's filings and pushes waited for CPU as well as for each other.", cluster.clusterSize, underLoad, cores))
        }
        if let received = cluster.receivedUnderLoad, let worst = received.map(\.pulledShare).max(), worst >= Self.manyPulledShare {
            lines.append(String(format: "%d nodes: under load up to %.0f%% of the events a node received came by pull, not push: pushes it could not use (a gap before their events, as when a forwarded push overtakes the origin's own) wait for a pull, which also fetches events again.", cluster.clusterSize, worst * 100))
        }
        // Less than a second of the load still in flight is replication keeping up, not falling behind.
        if let achieved = cluster.backgroundAchievedPerSecond, let backlog = cluster.backlogEventsAfterLoad, Double(backlog) > achieved {
            lines.append("\(cluster.clusterSize) nodes: at \(Format.number(achieved)) filings/s at one node the others fell \(Format.count(backlog)) events behind\(cluster.drainSecondsAfterLoad == nil ? " and had not caught up when the part ended" : ""): replication applies events more slowly than one node files them, so visibility under load measures a growing queue, not a replication delay.")
        }
        if let catchUp = cluster.catchUp {
            let cpu = catchUp.nodeCPUCores.map { String(format: "%.2f", $0) } ?? "?"
            let waiting = (catchUp.nodeCPUCores ?? 1) < 0.7 ? "so it mostly waited (for batches from its peers or for the disk), not computed" : "so it was busy computing"
            let rejoin = catchUp.firstEventSeconds.map { "its first event came \(Format.number($0)) s after the restart (rejoining the cluster), then \(catchUp.transferEventsPerSecond.map(Format.number) ?? "?") events/s; " } ?? "no event came within the bound; "
            lines.append("\(cluster.clusterSize) nodes, catch-up: \(rejoin)the node used \(cpu) cores, \(waiting).")
        }
        if let bootstrap = cluster.bootstrap {
            let admitted = bootstrap.admittedSeconds.map { "it first answered with the cluster's token \(Format.number($0)) s after launch" } ?? "it never answered with the cluster's token"
            let waited = (bootstrap.nodeCPUCores ?? 1) < 0.7
            let why = waited
                ? ", so it mostly waited rather than computed: an answer keeps at most \(ReplicationConfiguration().answerWindowBatches) batches of \(ReplicationConfiguration().maxBatchEvents) events on their way until the node acknowledges what it stored, so a sender slower to read and encode than the node is to apply leaves it waiting"
                : ", so it was busy computing"
            lines.append("\(cluster.clusterSize) nodes, bootstrap: \(admitted); it used \(bootstrap.nodeCPUCores.map { String(format: "%.2f", $0) } ?? "?") cores\(why).")
        }
        return lines
    }

    /// "; 1.00 events received per event held": duplicate deliveries, from the node's own counters.
    static func received(_ received: Int?, for events: Int) -> String {
        guard let received, events > 0 else { return "" }
        return String(format: "; %.2f events received per event held", Double(received) / Double(events))
    }

    /// Whether the figure was taken with signed events checked on receipt, as a cluster with a
    /// root key runs; results from before this was recorded say nothing.
    static func verification(_ verified: Bool?) -> String {
        switch verified {
        case true?: "; certified nodes, every received event's signature chain checked"
        case false?: "; nodes without a root key, signatures not checked"
        case nil: ""
        }
    }

    /// Every run's seconds when the bootstrap was timed more than once.
    static func runs(seconds: [Double]?) -> String {
        guard let seconds, seconds.count > 1 else { return "" }
        return "; the median of \(seconds.count) runs, each by another new node: \(seconds.map(Format.number).joined(separator: ", ")) s"
    }

    /// Every run's rate when the catch-up was timed more than once from the same start.
    static func runs(_ rates: [Double]?) -> String {
        guard let rates, rates.count > 1 else { return "" }
        return "; the median of \(rates.count) runs from the same start: \(rates.map(Format.number).joined(separator: ", ")) events/s"
    }

    static func summary(_ latency: LatencySummary) -> String {
        "\(Format.ms(latency.p50Ms)) / \(Format.ms(latency.p99Ms)) / \(Format.ms(latency.maxMs)), \(Format.count(latency.count))"
    }

    static func usage(_ nodes: [ProcessUsage], _ cell: (ProcessUsage) -> String) -> String {
        nodes.isEmpty ? "—" : nodes.map(cell).joined(separator: ", ")
    }
}
