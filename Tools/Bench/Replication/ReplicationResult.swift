import CaseCore

/// The replication benchmarks of one run: one entry per local cluster size.
public struct ReplicationResult: Sendable, Equatable {
    public var clusters: [ReplicationClusterResult]

    public init(clusters: [ReplicationClusterResult] = []) { self.clusters = clusters }

    /// The cluster of `size` nodes, if measured.
    public func cluster(size: Int) -> ReplicationClusterResult? { clusters.first { $0.clusterSize == size } }
}

/// What one local cluster of release-built casenode processes measured. A nil part was not run on it.
public struct ReplicationClusterResult: Sendable, Equatable {
    public var clusterSize: Int
    /// Time from a filing's 201 at one node until every other node answers 200 for it.
    public var visibilityIdle: LatencySummary?
    public var visibilityUnderLoad: LatencySummary?
    /// The background load during `visibilityUnderLoad`: what was asked and what the node sustained.
    public var backgroundTargetPerSecond: Double?
    public var backgroundAchievedPerSecond: Double?
    /// Events the other nodes still lacked when the background load stopped, and how long they took to
    /// catch up after it (nil: they had not within two minutes): whether replication kept up with the load.
    public var backlogEventsAfterLoad: Int?
    public var drainSecondsAfterLoad: Double?
    /// Events each node received while the background load ran and drained, by how they came
    /// (node order): pushed is the fast path; pulled means a push was lost, refused or out of order.
    public var receivedUnderLoad: [ReceivedEvents]?
    /// Filing with `?replicas=1` (201 only once one other member holds it).
    public var replicasOne: [ReplicaRun] = []
    public var catchUp: CatchUpResult?
    public var bootstrap: BootstrapResult?
    /// Each node's CPU and RSS, idle and during the background load (node order).
    public var nodesIdle: [ProcessUsage] = []
    public var nodesUnderLoad: [ProcessUsage] = []

    public init(clusterSize: Int) { self.clusterSize = clusterSize }
}

/// Events one node received in batches over some time, from its `/metrics` counters.
public struct ReceivedEvents: Sendable, Equatable {
    public var pushed: Int
    public var pulled: Int

    public init(pushed: Int, pulled: Int) {
        self.pushed = pushed
        self.pulled = pulled
    }

    /// The share of events that came by pull.
    public var pulledShare: Double { pushed + pulled > 0 ? Double(pulled) / Double(pushed + pulled) : 0 }
}

/// One closed-loop run of filings with `?replicas=1`.
public struct ReplicaRun: Sendable, Equatable {
    public var clients: Int
    public var filed: Int
    /// Answers other than 201 (202 = the replica did not confirm in time).
    public var failed: Int
    public var seconds: Double
    public var latency: LatencySummary

    public var filingsPerSecond: Double { seconds > 0 ? Double(filed) / seconds : 0 }

    public init(clients: Int, filed: Int, failed: Int, seconds: Double, latency: LatencySummary) {
        self.clients = clients
        self.filed = filed
        self.failed = failed
        self.seconds = seconds
        self.latency = latency
    }
}

/// A stopped node restarted after missing filings, until its event count equals the others'.
public struct CatchUpResult: Sendable, Equatable {
    /// Filings made while it was down.
    public var missedFilings: Int
    /// Events it fetched: all it lacked (the others' count minus its own before the restart)
    /// when `complete`, else those it held when the time bound ran out.
    public var events: Int
    /// Whether it caught up fully within the plan's bound; if not, `seconds` is the bound.
    public var complete = true
    /// From the restart (process launch) until its count equals the others'.
    public var seconds: Double
    /// Of which the node took to start serving.
    public var startSeconds: Double
    /// When its event count first rose after the restart: rejoining the cluster, before any transfer.
    public var firstEventSeconds: Double?
    /// Events per second from the first event on (the transfer alone, without rejoining).
    public var transferEventsPerSecond: Double? {
        guard let first = firstEventSeconds, seconds > first else { return nil }
        return Double(events) / (seconds - first)
    }
    /// The catching-up node's CPU (cores) while it caught up: near 1 means compute-bound, far below means waiting.
    public var nodeCPUCores: Double?
    /// Events that reached the node in batches, pushed or pulled, duplicates included (its
    /// `/metrics` counters at the end): against `events`, what duplicate deliveries cost.
    public var eventsReceived: Int?
    /// Whether the nodes had the root key, so the node checked each received event's signature
    /// chain (nil in results from before it was recorded).
    public var signaturesVerified: Bool?
    /// When the catch-up was timed more than once from the same start (`ReplicationPlan.repeats`),
    /// every run's rate in the order run; this result is the median run. Nil: timed once.
    public var runsEventsPerSecond: [Double]?
    /// A clerk's filings at the node while it caught up once more from the same start, and as many
    /// once it had (`ReplicationPlan.catchUpProbeFilingsPerSecond`); nil: not measured.
    public var filingWhileCatchingUp: LatencySummary?
    public var filingAfterCatchingUp: LatencySummary?

    public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }

    public init(missedFilings: Int, events: Int, seconds: Double, startSeconds: Double) {
        self.missedFilings = missedFilings
        self.events = events
        self.seconds = seconds
        self.startSeconds = startSeconds
    }
}

/// A new, empty node joining a cluster that holds `dossiers` dossiers.
public struct BootstrapResult: Sendable, Equatable {
    /// Dossiers the new node held at the end: all the cluster's when `complete`.
    public var dossiers: Int
    /// Whether it held all of them within the plan's bound; if not, `seconds` is the bound.
    public var complete = true
    public var events: Int
    /// From launch until it holds every dossier.
    public var seconds: Double
    /// The new node's RSS and peak RSS right after.
    public var rssBytes: Int
    public var peakRSSBytes: Int
    /// When the new node first answered a status request with the cluster's admin token, that is when
    /// it had heard from the cluster (token registry synced): joining, before any dossier arrives.
    public var admittedSeconds: Double?
    /// The new node's CPU (cores) while it bootstrapped.
    public var nodeCPUCores: Double?
    /// Events that reached the node in batches, pushed or pulled, duplicates included (its
    /// `/metrics` counters at the end): against `events`, what duplicate deliveries cost.
    public var eventsReceived: Int?
    /// How fast the cluster was loaded before (filings/s): in process since the preload
    /// (`ClusterPreload`), over HTTP before, when it bounded `dossiers`.
    public var loadFilingsPerSecond: Double
    /// The largest RSS among the nodes that held the dossiers, after serving the bootstrap.
    public var holderRSSBytes: Int?
    /// Whether the nodes had the root key and the preloaded events were signed by a certified
    /// origin, so the new node checked them on receipt (nil in results from before it was recorded).
    public var signaturesVerified: Bool?
    /// When the bootstrap was timed more than once (`ReplicationPlan.repeats`), every run's
    /// seconds in the order run; this result is the median run. Nil: timed once.
    public var runsSeconds: [Double]?

    /// The larger of the new node's RSS and the holders': what a node holding this many dossiers needs.
    public var largestRSSBytes: Int { max(rssBytes, holderRSSBytes ?? 0) }

    public var dossiersPerSecond: Double { seconds > 0 ? Double(dossiers) / seconds : 0 }
    /// Linear extrapolation to 1,000,000 dossiers (exact when `dossiers` is a million).
    public var secondsPerMillion: Double { dossiers > 0 ? seconds * 1_000_000 / Double(dossiers) : 0 }

    public init(dossiers: Int, events: Int, seconds: Double, rssBytes: Int, peakRSSBytes: Int, loadFilingsPerSecond: Double) {
        self.dossiers = dossiers
        self.events = events
        self.seconds = seconds
        self.rssBytes = rssBytes
        self.peakRSSBytes = peakRSSBytes
        self.loadFilingsPerSecond = loadFilingsPerSecond
    }
}

extension ReplicationResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        clusters = try fields.need("clusters")
    }
}

extension ReplicationClusterResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        clusterSize = try fields.need("clusterSize")
        visibilityIdle = try fields.optional("visibilityIdle")
        visibilityUnderLoad = try fields.optional("visibilityUnderLoad")
        backgroundTargetPerSecond = try fields.optional("backgroundTargetPerSecond")
        backgroundAchievedPerSecond = try fields.optional("backgroundAchievedPerSecond")
        backlogEventsAfterLoad = try fields.optional("backlogEventsAfterLoad")
        drainSecondsAfterLoad = try fields.optional("drainSecondsAfterLoad")
        receivedUnderLoad = try fields.optional("receivedUnderLoad")
        replicasOne = try fields.need("replicasOne")
        catchUp = try fields.optional("catchUp")
        bootstrap = try fields.optional("bootstrap")
        nodesIdle = try fields.need("nodesIdle")
        nodesUnderLoad = try fields.need("nodesUnderLoad")
    }
}

extension ReceivedEvents: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        pushed = try fields.need("pushed")
        pulled = try fields.need("pulled")
    }
}

extension ReplicaRun: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        clients = try fields.need("clients")
        filed = try fields.need("filed")
        failed = try fields.need("failed")
        seconds = try fields.need("seconds")
        latency = try fields.need("latency")
    }
}

extension CatchUpResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        missedFilings = try fields.need("missedFilings")
        events = try fields.need("events")
        complete = try fields.need("complete")
        seconds = try fields.need("seconds")
        startSeconds = try fields.need("startSeconds")
        firstEventSeconds = try fields.optional("firstEventSeconds")
        nodeCPUCores = try fields.optional("nodeCPUCores")
        eventsReceived = try fields.optional("eventsReceived")
        signaturesVerified = try fields.optional("signaturesVerified")
        runsEventsPerSecond = try fields.optional("runsEventsPerSecond")
        filingWhileCatchingUp = try fields.optional("filingWhileCatchingUp")
        filingAfterCatchingUp = try fields.optional("filingAfterCatchingUp")
    }
}

extension BootstrapResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        dossiers = try fields.need("dossiers")
        complete = try fields.need("complete")
        events = try fields.need("events")
        seconds = try fields.need("seconds")
        rssBytes = try fields.need("rssBytes")
        peakRSSBytes = try fields.need("peakRSSBytes")
        admittedSeconds = try fields.optional("admittedSeconds")
        nodeCPUCores = try fields.optional("nodeCPUCores")
        eventsReceived = try fields.optional("eventsReceived")
        loadFilingsPerSecond = try fields.need("loadFilingsPerSecond")
        holderRSSBytes = try fields.optional("holderRSSBytes")
        signaturesVerified = try fields.optional("signaturesVerified")
        runsSeconds = try fields.optional("runsSeconds")
    }
}
