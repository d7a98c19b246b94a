import CaseCore
import Foundation
import CaseSupport
import CaseWire

/// The replication benchmarks of issue 7 on local clusters of release-built
/// casenode processes: visibility idle and under a background load, filing
/// with `replicas=1`, each node's CPU and RSS, and on the first cluster size the
/// catch-up of a node that missed filings and the bootstrap of a new empty node.
public struct ReplicationBenchmark {
    public let executable: String
    public let dataRoot: String
    public let plan: ReplicationPlan
    public let log: @Sendable (String) -> Void
    /// Pre-serialised filings (without `actor`), used in turn by every part.
    let bodies: [[UInt8]]

    public init(executable: String, dataRoot: String, plan: ReplicationPlan, log: @escaping @Sendable (String) -> Void) {
        self.executable = executable
        self.dataRoot = dataRoot
        self.plan = plan
        self.log = log
        var factory = FilingFactory(seed: 11)
        bodies = (0..<1_000).map { _ in JSONWriter.serialize(Self.withoutActor(factory.next())) }
    }

    /// A filing without its `actor` field: with API tokens the token says who acts, and a node refuses the field.
    static func withoutActor(_ filing: JSONValue) -> JSONValue {
        guard case .object(var fields) = filing else { return filing }
        fields["actor"] = nil
        return .object(fields)
    }

    /// Runs every cluster size; a part that fails is a finding and the other parts still run.
    public func run(findings: inout [String]) -> ReplicationResult {
        var result = ReplicationResult()
        for size in plan.clusterSizes {
            log("replication: local cluster of \(size) nodes")
            let cluster = withCluster(size: size, name: "cluster\(size)", &findings) { session, findings in
                session.run(findings: &findings)
            }
            result.clusters.append(cluster ?? ReplicationClusterResult(clusterSize: size))
        }
        // Catch-up and bootstrap on fresh clusters: a backlog left by the load above would skew them.
        if let position = result.clusters.firstIndex(where: { $0.clusterSize == plan.clusterSizes.first }) {
            (result.clusters[position].catchUp, result.clusters[position].bootstrap) = runCatchUpOnly(findings: &findings)
        }
        return result
    }

    /// Only catch-up and bootstrap, each on a fresh cluster of the plan's first size: for working on
    /// replication speed without the minutes the other parts take (`casebench catch-up`).
    public func runCatchUpOnly(findings: inout [String]) -> (catchUp: CatchUpResult?, bootstrap: BootstrapResult?) {
        let size = plan.clusterSizes.first ?? 3
        // Certified nodes, as in production: every event is signed by its origin and checked on receipt.
        log("replication: fresh local cluster of \(size) certified nodes for catch-up (signed events verified on receipt)")
        let catchUp = withCluster(size: size, name: "cluster\(size)-catchup", identities: true, &findings) { session, findings in
            session.runCatchUp(findings: &findings)
        } ?? nil
        guard plan.bootstrapDossiers > 0 else { return (catchUp, nil) }
        // Certified too (unless the plan compares without): the preloaded events are signed by a
        // certified origin, and the new node verifies them as they arrive.
        let certified = plan.certifiedBootstrap
        log("replication: fresh local cluster of \(size) \(certified ? "certified " : "")nodes, each holding \(plan.bootstrapDossiers) \(certified ? "signed" : "unsigned") dossiers, for bootstrap")
        let bootstrap = withCluster(size: size, name: "cluster\(size)-bootstrap", preloading: plan.bootstrapDossiers, identities: certified, &findings) { session, findings in
            session.runBootstrap(findings: &findings)
        } ?? nil
        return (catchUp, bootstrap)
    }

    /// Runs `body` on a new local cluster of `size` nodes, stopped and deleted afterwards (deleted also when it could not
    /// start: nil and a finding). With `preloading`, every node starts holding that many dossiers (`ClusterPreload`).
    private func withCluster<T>(
        size: Int, name: String, preloading dossiers: Int? = nil, identities: Bool = false, _ findings: inout [String],
        _ body: (inout ClusterSession, inout [String]) -> T
    ) -> T? {
        let directory = dataRoot + "/" + name
        // Deleted however the run ends: a preloaded cluster's directory holds gigabytes that the
        // parts after it need as free disk.
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            var preloadRate: Double?
            // One root for the preload and the nodes: the nodes must trust the preloaded events' certificate.
            let identities = identities ? BenchIdentities() : nil
            if let dossiers {
                let preload = ClusterPreload(directory: directory, dossiers: dossiers, identities: identities, log: log)
                preloadRate = try preload.seed(nodeDirectories: (0..<size).map { LocalCluster.nodeDirectory($0, in: directory) })
            }
            let cluster = try LocalCluster(executable: executable, directory: directory, size: size, identities: identities)
            defer { cluster.stop() }
            var session = ClusterSession(cluster: cluster, bodies: bodies, plan: plan, log: log)
            session.preloadFilingsPerSecond = preloadRate
            session.signaturesVerified = identities != nil
            return body(&session, &findings)
        } catch {
            findings.append("The replication benchmark on \(size) nodes failed: \(error)")
            return nil
        }
    }
}

/// One cluster's run, keeping how many dossier codes each node's agency has used.
struct ClusterSession {
    let cluster: LocalCluster
    let bodies: [[UInt8]]
    let plan: ReplicationPlan
    let log: @Sendable (String) -> Void
    var used: [Int: Int] = [:]
    /// How fast the cluster's dossiers were filed in process before it started, if they were (`ClusterPreload`).
    var preloadFilingsPerSecond: Double?
    /// Whether the nodes have the root key, so each checks the signatures of the events it receives.
    var signaturesVerified = false

    init(cluster: LocalCluster, bodies: [[UInt8]], plan: ReplicationPlan, log: @escaping @Sendable (String) -> Void) {
        self.cluster = cluster
        self.bodies = bodies
        self.plan = plan
        self.log = log
    }

    var size: Int { cluster.nodes.count }

    mutating func run(findings: inout [String]) -> ReplicationClusterResult {
        var result = ReplicationClusterResult(clusterSize: size)
        do { result.nodesIdle = try idleUsage() } catch { note("idle usage", error, &findings) }
        do { result.visibilityIdle = try visibilityIdle(&findings) } catch { note("visibility (idle)", error, &findings) }
        do { result.replicasOne = try replicasOne(&findings) } catch { note("replicas=1", error, &findings) }
        // Last: a load the cluster cannot keep up with leaves a backlog that would skew every part after it.
        guard plan.underLoadClusterSizes.contains(size) else { return result }
        do { try visibilityUnderLoad(&result, &findings) } catch { note("visibility (under load)", error, &findings) }
        return result
    }

    mutating func runCatchUp(findings: inout [String]) -> CatchUpResult? {
        do { return try catchUp(&findings) } catch { note("catch-up", error, &findings) }
        return nil
    }

    mutating func runBootstrap(findings: inout [String]) -> BootstrapResult? {
        do { return try bootstrap(&findings) } catch { note("bootstrap", error, &findings) }
        return nil
    }

    /// A part that failed is a finding; the other parts still run.
    private func note(_ part: String, _ error: any Error, _ findings: inout [String]) {
        log("    \(part) failed: \(error)")
        findings.append("Replication on \(size) nodes, \(part): \(error)")
    }

    private func samplers() -> [ProcessSampler] { cluster.nodes.compactMap(\.pid).map(ProcessSampler.init(pid:)) }

    func idleUsage() throws -> [ProcessUsage] {
        log("  all nodes idle for \(plan.idleSeconds) s")
        let samplers = samplers()
        let starts = try samplers.map { try $0.read() }
        Thread.sleep(forTimeInterval: plan.idleSeconds)
        return try zip(samplers, starts).map { try $0.usage(since: $1) }
    }

    private mutating func probe(count: Int, gapMs: Int, _ findings: inout [String], label: String) throws -> LatencySummary {
        let probe = VisibilityProbe(origin: cluster.nodes[0], others: Array(cluster.nodes.dropFirst()), headers: cluster.headers, bodies: bodies)
        let outcome = try probe.run(count: count, gapMs: gapMs, maxSeconds: plan.maxVisibilitySeconds)
        used[0, default: 0] += outcome.visibilityMs.count + outcome.failures.count
        if outcome.timedOut > 0 || !outcome.failures.isEmpty {
            findings.append("Visibility \(label) on \(size) nodes: \(outcome.timedOut) filing(s) not visible everywhere within \(Int(VisibilityProbe.giveUpMs)) ms\(outcome.failures.isEmpty ? "" : "; failures: " + outcome.failures.joined(separator: "; ")).")
        }
        let summary = LatencySummary(samplesMs: outcome.visibilityMs)
        log(String(format: "    visibility %@: p50 %.2f ms, p99 %.2f ms, max %.2f ms", label, summary.p50Ms, summary.p99Ms, summary.maxMs))
        return summary
    }

    mutating func visibilityIdle(_ findings: inout [String]) throws -> LatencySummary {
        log("  visibility idle: \(plan.visibilityFilings) filings at node 0, \(plan.idleGapMs) ms apart")
        return try probe(count: plan.visibilityFilings, gapMs: plan.idleGapMs, &findings, label: "idle")
    }

    mutating func visibilityUnderLoad(_ result: inout ReplicationClusterResult, _ findings: inout [String]) throws {
        log("  visibility under a background load of \(Int(plan.backgroundRatePerSecond))/s at node 1")
        let room = BulkLoader.filingsPerAgency - (used[1] ?? 0)
        let load = PacedLoad(baseURL: cluster.nodes[1].baseURL, headers: cluster.headers, bodies: bodies,
                             ratePerSecond: plan.backgroundRatePerSecond, maxFilings: room)
        let samplers = samplers()
        let countersBefore = receivedCounters()
        load.start(clients: plan.backgroundClients)
        Thread.sleep(forTimeInterval: 1)
        let starts = try samplers.map { try $0.read() }
        let summary = try probe(count: plan.visibilityFilingsUnderLoad, gapMs: 0, &findings, label: "under load")
        result.nodesUnderLoad = try zip(samplers, starts).map { try $0.usage(since: $1) }
        let outcome = load.stop()
        used[1, default: 0] += outcome.filed + outcome.failed
        result.visibilityUnderLoad = summary
        result.backgroundTargetPerSecond = plan.backgroundRatePerSecond
        result.backgroundAchievedPerSecond = outcome.perSecond
        log(String(format: "    background load achieved %.0f/s (%d filed, %d failed)", outcome.perSecond, outcome.filed, outcome.failed))
        let backlog = try (0..<size).map { try cluster.counts(at: cluster.nodes[$0]).events }
        result.backlogEventsAfterLoad = (backlog.max() ?? 0) - (backlog.min() ?? 0)
        let drain = Stopwatch()
        if (try? cluster.waitUntilSettled(Array(0..<size), timeoutSeconds: plan.settleSeconds)) != nil {
            result.drainSecondsAfterLoad = drain.elapsedSeconds
        } else {
            findings.append("Visibility under load on \(size) nodes: the nodes had not caught up \(Int(plan.settleSeconds)) s after the background load stopped (\(result.backlogEventsAfterLoad ?? 0) events behind when it stopped).")
        }
        if let before = countersBefore, let after = receivedCounters() {
            result.receivedUnderLoad = zip(before, after).map { ReceivedEvents(pushed: $1.pushed - $0.pushed, pulled: $1.pulled - $0.pulled) }
            log("    events received by push / pull meanwhile: " + (result.receivedUnderLoad ?? []).map { "\($0.pushed) / \($0.pulled)" }.joined(separator: ", "))
        }
        log("    backlog when the load stopped: \(result.backlogEventsAfterLoad ?? 0) events; caught up after \(result.drainSecondsAfterLoad.map { String(format: "%.1f s", $0) } ?? "—")")
        if outcome.filed + outcome.failed >= room {
            findings.append("Visibility under load on \(size) nodes: the background load used the day's codes of its agency (\(room)) before the probe ended; its last part ran without load.")
        }
    }

    mutating func replicasOne(_ findings: inout [String]) throws -> [ReplicaRun] {
        var runs = [ReplicaRun]()
        for clients in plan.replicaClientCounts {
            var generator = LoadGenerator(baseURL: cluster.nodes[0].baseURL, headers: cluster.headers, bodies: bodies)
            generator.path = "/v1/dossiers?replicas=1"
            let count = min(plan.replicaFilingsPerRun, BulkLoader.filingsPerAgency - (used[0] ?? 0))
            if count <= 0 { try cluster.rotateAgency(0); used[0] = 0 }
            let outcome = generator.run(clients: clients, totalRequests: max(count, 1), maxSeconds: 60)
            used[0, default: 0] += outcome.latenciesMs.count + outcome.failed
            if !outcome.failureSamples.isEmpty {
                findings.append("replicas=1 on \(size) nodes at \(clients) client(s): \(outcome.failed) not 201, e.g. \(outcome.failureSamples[0])")
            }
            let run = ReplicaRun(clients: clients, filed: outcome.latenciesMs.count, failed: outcome.failed, seconds: outcome.seconds,
                                 latency: LatencySummary(samplesMs: outcome.latenciesMs))
            log(String(format: "  replicas=1, %d client(s): %.0f filings/s, p50 %.2f ms, p99 %.2f ms", clients, run.filingsPerSecond, run.latency.p50Ms, run.latency.p99Ms))
            runs.append(run)
        }
        return runs
    }

    mutating func catchUp(_ findings: inout [String]) throws -> CatchUpResult {
        let victimIndex = size - 1
        let victim = cluster.nodes[victimIndex]
        let survivors = Array(0..<victimIndex)
        _ = try settledOrMost(Array(0..<size), &findings)
        let before = try cluster.counts(at: victim).events
        log("  catch-up: node \(victimIndex) stopped, \(plan.catchUpFilings) filings at the others")
        victim.stop()
        let loaded = try BulkLoader(cluster: cluster, bodies: bodies, clientsPerNode: plan.loadClientsPerNode)
            .load(total: plan.catchUpFilings, at: survivors, used: &used, maxSeconds: plan.maxLoadSeconds * 2)
        log(String(format: "    loaded %d filings in %.1f s (%.0f/s)", loaded.filed, loaded.seconds, Double(loaded.filed) / max(loaded.seconds, 0.001)))
        let target = try settledOrMost(survivors, &findings)
        let probing = plan.catchUpProbeFilingsPerSecond > 0
        guard plan.repeats > 1 || probing else {
            return try measureCatchUp(of: victimIndex, lacking: before, until: target, loaded: loaded.filed, &findings)
        }
        // The same catch-up again from the same start: the victim's files as they were before its restart.
        let copy = victim.dataDirectory + ".before-catch-up"
        try FileManager.default.copyItem(atPath: victim.dataDirectory, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let restoreVictim = {
            victim.stop()
            try FileManager.default.removeItem(atPath: victim.dataDirectory)
            try FileManager.default.copyItem(atPath: copy, toPath: victim.dataDirectory)
        }
        var results: [CatchUpResult] = []
        for repeatIndex in 0..<plan.repeats {
            if repeatIndex > 0 { try restoreVictim() }
            results.append(try measureCatchUp(of: victimIndex, lacking: before, until: target, loaded: loaded.filed, &findings))
        }
        var median = Self.slowerMedian(results) { -$0.eventsPerSecond }
        if results.count > 1 {
            median.runsEventsPerSecond = results.map(\.eventsPerSecond)
            log(String(format: "    median of %d catch-ups: %.0f events/s (runs: %@)", results.count, median.eventsPerSecond,
                       results.map { String(format: "%.0f", $0.eventsPerSecond) }.joined(separator: ", ")))
        }
        if probing {
            try restoreVictim()
            (median.filingWhileCatchingUp, median.filingAfterCatchingUp) = try filingLatency(at: victimIndex, until: target, &findings)
        }
        return median
    }

    /// Restarts stopped node `victimIndex` with a clerk filing at it at the plan's probe rate until it
    /// holds the `target` events it lacked (plus the probe's own), then as many filings again: the
    /// latency of a filing while the node stores groups of received events, and without them.
    private mutating func filingLatency(at victimIndex: Int, until target: Int, _ findings: inout [String]) throws -> (LatencySummary, LatencySummary) {
        let victim = cluster.nodes[victimIndex]
        log(String(format: "    once more with a clerk filing %.0f a second at the catching-up node", plan.catchUpProbeFilingsPerSecond))
        try victim.start()
        let (headers, bodies, rate) = (cluster.headers, bodies, plan.catchUpProbeFilingsPerSecond)
        let probe = { (maxFilings: Int) in
            PacedLoad(baseURL: victim.baseURL, headers: headers, bodies: bodies, ratePerSecond: rate, maxFilings: maxFilings)
        }
        let room = BulkLoader.filingsPerAgency - (used[victimIndex] ?? 0)
        let during = probe(room / 2)
        during.start(clients: 1)
        // The probe's filings are events the node holds too.
        var caughtUp = false
        _ = waitUntil(node: victimIndex) { counts in
            caughtUp = counts.events >= target + during.filedSoFar
            return caughtUp
        }
        let duringOutcome = during.stop()
        let after = probe(max(duringOutcome.filed + duringOutcome.failed, 1))
        after.start(clients: 1)
        let afterOutcome = after.finish()
        used[victimIndex, default: 0] += duringOutcome.filed + duringOutcome.failed + afterOutcome.filed + afterOutcome.failed
        if !caughtUp {
            findings.append("Catch-up on \(size) nodes with a clerk filing: the node did not catch up within \(Int(plan.maxCatchUpSeconds)) s; the latency is of the filings until then.")
        }
        if duringOutcome.failed + afterOutcome.failed > 0 {
            findings.append("Catch-up on \(size) nodes with a clerk filing: \(duringOutcome.failed) filing(s) while catching up and \(afterOutcome.failed) after were not answered 201.")
        }
        let (whileCatchingUp, afterwards) = (LatencySummary(samplesMs: during.latenciesMs), LatencySummary(samplesMs: after.latenciesMs))
        log(String(format: "    filing while catching up: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d); after: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                   whileCatchingUp.p50Ms, whileCatchingUp.p99Ms, whileCatchingUp.maxMs, whileCatchingUp.count, afterwards.p50Ms, afterwards.p99Ms, afterwards.maxMs))
        return (whileCatchingUp, afterwards)
    }

    /// The median of `runs` ordered by `slowness`; of an even count, the slower of the middle
    /// two, so that a median never flatters.
    static func slowerMedian<Run>(_ runs: [Run], slowness: (Run) -> Double) -> Run {
        runs.sorted { slowness($0) < slowness($1) }[runs.count / 2]
    }

    /// Restarts stopped node `victimIndex`, which held `before` events, and times it until it holds `target`.
    private func measureCatchUp(of victimIndex: Int, lacking before: Int, until target: Int, loaded: Int, _ findings: inout [String]) throws -> CatchUpResult {
        let victim = cluster.nodes[victimIndex]
        let watch = Stopwatch()
        try victim.start()
        let startSeconds = watch.elapsedSeconds
        let sampler = ProcessSampler(pid: victim.pid!)
        let cpuStart = try sampler.read()
        let profiler = plan.profileCatchingUpNodes ? PerfProfiler.start(pid: victim.pid!, directory: cluster.directory) : nil
        var firstEvent: Double?
        let held = waitUntil(node: victimIndex) { counts in
            if counts.events > before, firstEvent == nil { firstEvent = watch.elapsedSeconds }
            return counts.events >= target
        }
        let seconds = watch.elapsedSeconds
        let cpu = try sampler.usage(since: cpuStart).cpuCores
        if let profiler, let summary = profiler.finish() {
            findings.append(Self.profileFinding(summary, node: "catching up", size: size, events: target - before, cpuCores: cpu))
        }
        var result = CatchUpResult(missedFilings: loaded, events: max(0, held.events - before), seconds: seconds, startSeconds: startSeconds)
        result.nodeCPUCores = cpu
        result.firstEventSeconds = firstEvent
        result.complete = held.events >= target
        result.eventsReceived = eventsReceived(at: victimIndex)
        result.signaturesVerified = signaturesVerified
        if !result.complete {
            findings.append("Catch-up on \(size) nodes: the restarted node held \(held.events - before) of the \(target - before) events it lacked after \(Int(plan.maxCatchUpSeconds)) s; the rate is of those.")
        }
        log(String(format: "    caught up %d of %d events in %.2f s: %.0f events/s (first event after %.2f s, %d events received, %@ a transaction); node CPU %.2f cores, %.0f µs an event",
                   result.events, target - before, seconds, result.eventsPerSecond, firstEvent ?? -1, result.eventsReceived ?? -1,
                   receivedPerTransaction(at: victimIndex), cpu, cpu * seconds * 1e6 / Double(max(result.events, 1))))
        return result
    }

    /// A new empty node joins the cluster (preloaded, see `ClusterPreload`) and copies everything it holds;
    /// `plan.repeats` times, each by another new node after the one before was stopped and deleted, reporting the median.
    mutating func bootstrap(_ findings: inout [String]) throws -> BootstrapResult {
        let events = try settledOrMost(Array(0..<size), &findings)
        let dossiers = try (0..<size).map { try cluster.counts(at: cluster.nodes[$0]).dossiers }.max() ?? 0
        log("  bootstrap: a new empty node joins \(size) nodes holding \(dossiers) dossiers (\(events) events)")
        if dossiers < plan.bootstrapDossiers {
            findings.append("Bootstrap on \(size) nodes: the cluster held \(dossiers) dossiers, not the \(plan.bootstrapDossiers) planned.")
        }
        var results: [BootstrapResult] = []
        for _ in 0..<plan.repeats {
            if let last = cluster.nodes.indices.last, last >= size {
                // The last run's node: stopped (a dead member to the others) and its gigabytes freed.
                cluster.nodes[last].stop()
                try FileManager.default.removeItem(atPath: cluster.nodes[last].dataDirectory)
            }
            results.append(try measureBootstrap(dossiers: dossiers, events: events, &findings))
        }
        guard results.count > 1 else { return results[0] }
        var median = Self.slowerMedian(results) { $0.seconds }
        median.runsSeconds = results.map(\.seconds)
        log(String(format: "    median of %d bootstraps: %.1f s (runs: %@)", results.count, median.seconds,
                   results.map { String(format: "%.1f s", $0.seconds) }.joined(separator: ", ")))
        return median
    }

    /// A new node joins and is timed until it holds `dossiers` dossiers and `events` events.
    private mutating func measureBootstrap(dossiers: Int, events: Int, _ findings: inout [String]) throws -> BootstrapResult {
        let watch = Stopwatch()
        let index = try cluster.addNode()
        let sampler = ProcessSampler(pid: cluster.nodes[index].pid!)
        let cpuStart = try sampler.read()
        let profiler = plan.profileCatchingUpNodes ? PerfProfiler.start(pid: cluster.nodes[index].pid!, directory: cluster.directory, frequency: Self.longProfileFrequency) : nil
        var admitted: Double?
        let held = waitUntil(node: index, maxSeconds: plan.maxBootstrapSeconds, answered: { admitted = admitted ?? watch.elapsedSeconds }) {
            $0.dossiers >= dossiers && $0.events >= events
        }
        let seconds = watch.elapsedSeconds
        let cpu = try sampler.usage(since: cpuStart).cpuCores
        if let profiler, let summary = profiler.finish() {
            findings.append(Self.profileFinding(summary, node: "bootstrapping", size: size - 1, events: events, cpuCores: cpu))
        }
        let reading = try sampler.read()
        var result = BootstrapResult(dossiers: max(0, held.dossiers), events: max(0, held.events), seconds: seconds, rssBytes: reading.rssBytes,
                                     peakRSSBytes: reading.peakRSSBytes, loadFilingsPerSecond: preloadFilingsPerSecond ?? 0)
        result.holderRSSBytes = try (0..<size).compactMap { cluster.nodes[$0].pid }.map { try ProcessSampler(pid: $0).read().rssBytes }.max()
        result.complete = held.dossiers >= dossiers
        result.nodeCPUCores = cpu
        result.admittedSeconds = admitted
        result.eventsReceived = eventsReceived(at: index)
        result.signaturesVerified = signaturesVerified
        if !result.complete {
            findings.append("Bootstrap on \(size - 1) nodes: the new node held \(held.dossiers) of \(dossiers) dossiers after \(Int(plan.maxBootstrapSeconds)) s (it first answered with the cluster's token after \(admitted.map { String(format: "%.1f s", $0) } ?? "never")); the rate is of those.")
        }
        log(String(format: "    new node holds %d of %d dossiers after %.2f s (%.0f/s), RSS %.1f MB (holders up to %.1f MB), %d events received for %d held, %@ a transaction; node CPU %.2f cores, %.0f µs an event",
                   result.dossiers, dossiers, seconds, result.dossiersPerSecond, Double(reading.rssBytes) / 1_048_576,
                   Double(result.holderRSSBytes ?? 0) / 1_048_576, result.eventsReceived ?? -1, result.events, receivedPerTransaction(at: index), cpu,
                   cpu * seconds * 1e6 / Double(max(result.events, 1))))
        return result
    }

    /// Events node `index` received in batches since it started (nil if its metrics cannot be read).
    private func eventsReceived(at index: Int) -> Int? {
        receivedCounters(at: index).map { $0.pushed + $0.pulled }
    }

    /// Events node `index` received per transaction storing them since it started, for the log
    /// ("?" if its metrics cannot be read, or predate the counter).
    private func receivedPerTransaction(at index: Int) -> String {
        guard let counters = try? cluster.replicationCounters(at: cluster.nodes[index]), let groups = counters["batch_groups_received"], groups > 0,
              let received = eventsReceived(at: index) else { return "?" }
        return String(format: "%.0f", Double(received) / Double(groups))
    }

    /// Events node `index` received by push and by pull since it started (nil if its metrics cannot be read).
    private func receivedCounters(at index: Int) -> ReceivedEvents? {
        guard let counters = try? cluster.replicationCounters(at: cluster.nodes[index]),
              let pushed = counters["events_received_pushed"], let pulled = counters["events_received_pulled"] else { return nil }
        return ReceivedEvents(pushed: Int(pushed), pulled: Int(pulled))
    }

    /// Every node's counters, or nil if any cannot be read.
    private func receivedCounters() -> [ReceivedEvents]? {
        let all = (0..<size).compactMap { receivedCounters(at: $0) }
        return all.count == size ? all : nil
    }

    /// Samples a second when profiling a bootstrap: minutes of it at the usual 499 would be
    /// hundreds of megabytes of call graphs to write and read back.
    static let longProfileFrequency = 97

    /// The catch-up or bootstrap profile, led by the shares of the steps of applying replicated events.
    static func profileFinding(_ summary: String, node: String, size: Int, events: Int, cpuCores: Double) -> String {
        let parts: [(symbol: String, meaning: String)] = [
            ("CaseStoreWriter.applyReplicated", "applying replicated events in the writer transaction"),
            ("ReplicatedEventValidator.validate", "validating in the writer the replicated events not checked on receipt"),
            ("ChangeEvent.preparation", "checking and preparing received events on receipt (ReceivedEventRules, filings folded)"),
            ("collapsingWhitespace", "in VietnameseText.collapsingWhitespace"),
            ("refoldDossiers", "refolding dossiers from their events"),
            ("PeerMessageCodec.decode", "decoding peer messages"),
            ("__libc_pwrite", "writing pages to the database and its WAL (pwrite, in the kernel)"),
            ("fdatasync", "flushing to disk (fdatasync)"),
        ]
        let shares = parts.compactMap { part in PerfProfiler.share(of: part.symbol, in: summary).map { "\($0)% \(part.meaning)" } }
        let lead = shares.isEmpty ? "" : " Of its on-CPU samples: " + shares.joined(separator: "; ") + "."
        return String(format: "perf profile of the node %@ on %d nodes (%d events lacked; it used %.2f cores meanwhile, so ", node, size, events, cpuCores)
            + (cpuCores < 0.7 ? "it mostly waited rather than computed" : "it was mostly computing") + "), inclusive on-CPU time by function.\(lead)\n\(summary)"
    }

    /// Polls node `index` every 100 ms until `condition` or the plan's bound; returns its last
    /// counts. A status request counts the node's dossiers (a scan of an index): polled every
    /// 20 ms, a node catching up on 100,000 events spent a large share of its CPU answering.
    private func waitUntil(
        node index: Int, maxSeconds: Double? = nil, answered: () -> Void = {}, holds condition: ((events: Int, dossiers: Int)) -> Bool
    ) -> (events: Int, dossiers: Int) {
        let watch = Stopwatch()
        var last = (events: 0, dossiers: 0)
        while watch.elapsedSeconds < (maxSeconds ?? plan.maxCatchUpSeconds) {
            if let counts = try? cluster.counts(at: cluster.nodes[index]) {
                answered()
                last = counts
                if condition(counts) { break }
            }
            usleep(100_000)
        }
        return last
    }

    /// The event count the nodes agree on, or, if they have not within the plan's bound, the highest (noted).
    private func settledOrMost(_ indexes: [Int], _ findings: inout [String]) throws -> Int {
        if let settled = try? cluster.waitUntilSettled(indexes, timeoutSeconds: plan.settleSeconds) { return settled }
        let counts = try indexes.map { try cluster.counts(at: cluster.nodes[$0]).events }
        findings.append("Replication on \(size) nodes: nodes \(indexes) did not agree within \(Int(plan.settleSeconds)) s after loading (events held: \(counts.map(String.init).joined(separator: ", "))); the highest is the target.")
        return counts.max() ?? 0
    }
}
