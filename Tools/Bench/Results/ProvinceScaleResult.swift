import CaseCore

/// The nation by simulation in provinces (issue 16, `ProvinceScaleSimulation`).
public struct ProvinceScaleResult: Sendable, Equatable {
    public var nodes: Int
    public var provinces: Int
    public var smallestProvince: Int
    public var largestProvince: Int
    public var roundMs: Int64
    /// Cross-province filings timed one at a time.
    public var crossFilings: Int = 0
    /// Rounds from the filing until its competent centre (in another province) holds it.
    public var competentRoundsMedian: Double = 0
    public var competentRoundsMax: Double = 0
    /// Rounds until every node of both provinces holds it.
    public var bothProvincesRoundsMedian: Double = 0
    public var bothProvincesRoundsMax: Double = 0
    /// The worst filing's rounds to its competent centre over the issue's target
    /// 2·log₂(province size) + 4, for its competent centre's province.
    public var worstShareOfTarget: Double = 0
    /// The workload after the timed filings: events and dossiers, 5% crossing provinces.
    public var events: Int = 0
    public var dossiers: Int = 0
    /// Events held per node over all events (full replication: 1), mean and largest.
    public var meanStorageShare: Double = 0
    public var maxStorageShare: Double = 0
    public var meanDossiersHeld: Double = 0
    /// The partitions while the workload was filed (`ProvinceScaleSimulation.partition`),
    /// described; nil in results of runs without them (before December 2026).
    public var partition: String?
    /// Filings across the cuts while they held (none reached the far side before the heal).
    public var partitionFilings: Int = 0
    /// Virtual seconds from the heal until every province converged.
    public var convergedAfterHealSeconds: Double?
    /// Idle cost once converged.
    public var idle: DossierCountCost?
    /// Whether every check of the simulator held (exact holders, nothing lost, converged).
    public var checksPassed = false
    public var wallSeconds: Double = 0
    /// Peak RSS of the process that ran it (VmHWM), at its end: in `casebench full`, that of
    /// the parts run before it too. Nil in results of earlier runs.
    public var peakRSSBytes: Int?

    public init(nodes: Int, provinces: Int, smallestProvince: Int, largestProvince: Int, roundMs: Int64) {
        self.nodes = nodes
        self.provinces = provinces
        self.smallestProvince = smallestProvince
        self.largestProvince = largestProvince
        self.roundMs = roundMs
    }
}

extension ProvinceScaleResult: ResultRecord {
    init(fields: JSONObjectReader) throws(ValidationIssue) {
        nodes = try fields.need("nodes")
        provinces = try fields.need("provinces")
        smallestProvince = try fields.need("smallestProvince")
        largestProvince = try fields.need("largestProvince")
        roundMs = try fields.need("roundMs")
        crossFilings = try fields.need("crossFilings")
        competentRoundsMedian = try fields.need("competentRoundsMedian")
        competentRoundsMax = try fields.need("competentRoundsMax")
        bothProvincesRoundsMedian = try fields.need("bothProvincesRoundsMedian")
        bothProvincesRoundsMax = try fields.need("bothProvincesRoundsMax")
        worstShareOfTarget = try fields.need("worstShareOfTarget")
        events = try fields.need("events")
        dossiers = try fields.need("dossiers")
        meanStorageShare = try fields.need("meanStorageShare")
        maxStorageShare = try fields.need("maxStorageShare")
        meanDossiersHeld = try fields.need("meanDossiersHeld")
        partition = try fields.optional("partition")
        partitionFilings = try fields.optional("partitionFilings") ?? 0
        convergedAfterHealSeconds = try fields.optional("convergedAfterHealSeconds")
        idle = try fields.optional("idle")
        checksPassed = try fields.need("checksPassed")
        wallSeconds = try fields.need("wallSeconds")
        peakRSSBytes = try fields.optional("peakRSSBytes")
    }
}
