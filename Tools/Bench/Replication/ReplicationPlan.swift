/// The sizes of the replication benchmarks in a suite. The quick suite runs 3 nodes only and
/// waits at most a minute for a (re)joining node: on a busy 2-core machine loading alone takes
/// most of its five minutes; the full suite runs 3 and 5 nodes. Catch-up and bootstrap
/// run on the smallest cluster only: they measure one node fetching from the
/// others, which more nodes do not change. The bootstrap's cluster is filled in process
/// (`ClusterPreload`), the catch-up's missed filings over HTTP.
public struct ReplicationPlan: Sendable, Equatable {
    public var clusterSizes: [Int]
    public var idleSeconds: Double
    public var visibilityFilings: Int
    /// Pause between one filing becoming visible everywhere and the next, so "idle" is idle.
    public var idleGapMs: Int
    public var visibilityFilingsUnderLoad: Int
    /// Bounds each visibility run: a filing not visible everywhere costs the probe 10 s.
    public var maxVisibilitySeconds: Double
    /// The cluster sizes that get the under-load part (the quick suite keeps it to 3 nodes for time).
    public var underLoadClusterSizes: [Int]
    public var backgroundRatePerSecond: Double
    public var backgroundClients: Int
    public var replicaClientCounts: [Int]
    public var replicaFilingsPerRun: Int
    public var catchUpFilings: Int
    /// Dossiers every node of the bootstrap's cluster holds before a new node joins (filed in process).
    public var bootstrapDossiers: Int
    /// Bounds loading the catch-up's missed filings over HTTP (twice this, whatever the count).
    public var maxLoadSeconds: Double
    public var loadClientsPerNode: Int
    /// Bounds on waiting for a node to catch up or bootstrap, and for nodes to agree after loading:
    /// past them the rate so far is reported as such (a slow node must not stall the suite).
    public var maxCatchUpSeconds: Double
    public var maxBootstrapSeconds: Double
    public var settleSeconds: Double
    /// Profile the catching-up and the bootstrapping node with perf (if installed). Off in
    /// the suites: perf following a node of many threads took more than one of the
    /// machine's two cores (seen with top), so rates measured under it are the profiler's
    /// as much as the node's (`casebench catch-up --profile` turns it on, and says so).
    public var profileCatchingUpNodes: Bool
    /// The bootstrap on certified nodes, as in production: the preloaded events signed by a
    /// certified origin and checked by the new node on receipt. Off only to compare with the
    /// cost before identities (`casebench catch-up --uncertified-bootstrap`); filling the
    /// cluster is then faster too, since its events are not signed one by one.
    public var certifiedBootstrap = true
    /// How many times the catch-up and the bootstrap are timed, each from the same start (the
    /// restarted node's files copied back; another new node), reporting the median: single
    /// runs of one build varied from 13,500 to 17,500 events/s, and from 85 to 104 s for the
    /// bootstrap, on this 2-core machine, while loading the filings and preloading the dossiers
    /// take most of the time (4.5 and 7 minutes), so more runs cost little. 3 in the full suite
    /// (its figures are the targets'), 1 in the quick one; `casebench catch-up --repeat N`.
    public var repeats = 1
    /// After the timed catch-ups, one more from the same start with a clerk filing at the catching-up
    /// node at this rate meanwhile, then as many filings once it caught up: how long a filing waits
    /// behind the groups of received events the node stores in one transaction (up to `PeerInbox`'s
    /// 5,000). 0: not measured. Not a timed run, since the probe's filings cost the node time.
    public var catchUpProbeFilingsPerSecond: Double = 20

    public static let quick = ReplicationPlan(
        clusterSizes: [3], idleSeconds: 2, visibilityFilings: 100, idleGapMs: 20, visibilityFilingsUnderLoad: 100, maxVisibilitySeconds: 10,
        underLoadClusterSizes: [3], backgroundRatePerSecond: 200, backgroundClients: 4, replicaClientCounts: [1, 8], replicaFilingsPerRun: 500,
        catchUpFilings: 10_000, bootstrapDossiers: 20_000, maxLoadSeconds: 20, loadClientsPerNode: 4,
        maxCatchUpSeconds: 60, maxBootstrapSeconds: 60, settleSeconds: 30, profileCatchingUpNodes: false)

    /// The counts of issue 7: 100,000 missed filings, 1,000,000 dossiers to bootstrap.
    public static let full = ReplicationPlan(
        clusterSizes: [3, 5], idleSeconds: 10, visibilityFilings: 1_000, idleGapMs: 20, visibilityFilingsUnderLoad: 500, maxVisibilitySeconds: 120,
        underLoadClusterSizes: [3, 5], backgroundRatePerSecond: 1_000, backgroundClients: 8, replicaClientCounts: [1, 8], replicaFilingsPerRun: 2_000,
        catchUpFilings: 100_000, bootstrapDossiers: 1_000_000, maxLoadSeconds: 300, loadClientsPerNode: 4,
        maxCatchUpSeconds: 600, maxBootstrapSeconds: 600, settleSeconds: 120, profileCatchingUpNodes: false, repeats: 3)

    /// The plan for the suite called `name` (quick when unknown).
    public static func forSuite(_ name: String) -> ReplicationPlan { name == "full" ? full : quick }

    /// This plan with other counts for catch-up and bootstrap (`casebench catch-up --filings/--dossiers`;
    /// no bootstrap when `bootstrapDossiers` is 0), its time bounds widened to match: loading is given
    /// at least 2 ms a filing, catching up and bootstrapping 1 ms an event, so a larger count on the
    /// quick suite is measured whole instead of cut off at quick's bounds.
    public func resized(catchUpFilings: Int?, bootstrapDossiers: Int?) -> ReplicationPlan {
        var plan = self
        if let catchUpFilings {
            plan.catchUpFilings = catchUpFilings
            plan.maxLoadSeconds = max(plan.maxLoadSeconds, Double(catchUpFilings) / 500)
            plan.maxCatchUpSeconds = max(plan.maxCatchUpSeconds, Double(catchUpFilings) / 1_000)
        }
        if let bootstrapDossiers {
            plan.bootstrapDossiers = bootstrapDossiers
            plan.maxBootstrapSeconds = max(plan.maxBootstrapSeconds, Double(bootstrapDossiers) / 1_000)
        }
        return plan
    }
}
