import CaseCore

/// Scale by simulation: dissemination and gossip cost in the deterministic simulator.
public struct SimulationResult: Sendable, Equatable {
    /// Virtual milliseconds per gossip round (the sync / probe interval of the simulated profile).
    public var roundMs: Int64
    public var clusters: [SimulatedCluster]
    /// What bounded the simulated sizes, if anything did.
    public var limitations: [String] = []

    public init(roundMs: Int64, clusters: [SimulatedCluster]) {
        self.roundMs = roundMs
        self.clusters = clusters
    }
}

/// One simulated cluster size.
public struct SimulatedCluster: Sendable, Equatable {
    public var nodes: Int
    /// log2(N) + ln(N): push-pull gossip's expected rounds to reach everyone.
    public var theoryRounds: Double
    /// Rounds (and virtual ms) from a filing's commit at one node until every node holds it.
    public var filingRounds: Double?
    public var filingVirtualMs: Int64?
    /// Rounds from a new node's start until every node sees it alive.
    public var joinRounds: Double?
    public var joinVirtualMs: Int64?
    /// Rounds from a crash until every other node sees the node dead, and how much of that
    /// is the deliberate suspicion timeout (detection, not dissemination).
    public var deathRounds: Double?
    public var deathVirtualMs: Int64?
    public var suspicionTimeoutMs: Int64?
    /// Idle gossip cost, bytes sent per node per round, at each number of dossiers held.
    public var bytesPerNodePerRound: [DossierCountCost]
    /// Wall-clock seconds the simulation of this size took, and its process RSS after.
    public var wallSeconds: Double
    public var rssBytesAfter: Int

    public init(nodes: Int, theoryRounds: Double, bytesPerNodePerRound: [DossierCountCost] = [], wallSeconds: Double = 0, rssBytesAfter: Int = 0) {
        self.nodes = nodes
        self.theoryRounds = theoryRounds
        self.bytesPerNodePerRound = bytesPerNodePerRound
        self.wallSeconds = wallSeconds
        self.rssBytesAfter = rssBytesAfter
    }
}

/// Idle gossip bytes per node per round while every node holds `dossiers` dossiers.
public struct DossierCountCost: Sendable, Equatable {
    public var dossiers: Int
    public var bytesPerNodePerRound: Double
    public var messagesPerNodePerRound: Double
    /// The same two figures by message kind ("ping", "membership", …); nil in results of runs before they were counted.
    public var bytesPerNodePerRoundByKind: [String: Double]?
    public var messagesPerNodePerRoundByKind: [String: Double]?

    public init(
        dossiers: Int, bytesPerNodePerRound: Double, messagesPerNodePerRound: Double,
        bytesPerNodePerRoundByKind: [String: Double]? = nil, messagesPerNodePerRoundByKind: [String: Double]? = nil
    ) {
        self.dossiers = dossiers
        self.bytesPerNodePerRound = bytesPerNodePerRound
        self.messagesPerNodePerRound = messagesPerNodePerRound
        self.bytesPerNodePerRoundByKind = bytesPerNodePerRoundByKind
        self.messagesPerNodePerRoundByKind = messagesPerNodePerRoundByKind
    }
}

extension SimulationResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        roundMs = try fields.need("roundMs")
        clusters = try fields.need("clusters")
        limitations = try fields.need("limitations")
    }
}

extension SimulatedCluster: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        nodes = try fields.need("nodes")
        theoryRounds = try fields.need("theoryRounds")
        filingRounds = try fields.optional("filingRounds")
        filingVirtualMs = try fields.optional("filingVirtualMs")
        joinRounds = try fields.optional("joinRounds")
        joinVirtualMs = try fields.optional("joinVirtualMs")
        deathRounds = try fields.optional("deathRounds")
        deathVirtualMs = try fields.optional("deathVirtualMs")
        suspicionTimeoutMs = try fields.optional("suspicionTimeoutMs")
        bytesPerNodePerRound = try fields.need("bytesPerNodePerRound")
        wallSeconds = try fields.need("wallSeconds")
        rssBytesAfter = try fields.need("rssBytesAfter")
    }
}

extension DossierCountCost: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        dossiers = try fields.need("dossiers")
        bytesPerNodePerRound = try fields.need("bytesPerNodePerRound")
        messagesPerNodePerRound = try fields.need("messagesPerNodePerRound")
        bytesPerNodePerRoundByKind = try fields.optional("bytesPerNodePerRoundByKind")
        messagesPerNodePerRoundByKind = try fields.optional("messagesPerNodePerRoundByKind")
    }
}
