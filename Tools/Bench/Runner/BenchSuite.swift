/// The sizes of a run: `quick` fits in 5 minutes on a small machine, `full`
/// in about 20 on 2 cores with the larger counts.
///
/// Only `full` simulates 3,321 nodes (all of Vietnam's communes): a few minutes
/// and about 7 GB of memory; when a run leaves it out, `ScaleSimulation.limitation`
/// says so in the report with the run's own figures.
public struct BenchSuite: Sendable, Equatable {
    public var name: String
    public var probeMaxSingleCommits: Int
    public var probeSingleSeconds: Double
    public var probeBatches: Int
    public var filingClientCounts: [Int]
    public var filingsPerRun: Int
    public var maxSecondsPerFilingRun: Double
    public var idleSeconds: Double
    public var profileClients: Int?
    public var simulatedSizes: [Int]
    public var simulatedExtraDossiers: Int
    public var maxNodesForDossierCost: Int
    /// At least two membership exchanges (every 30 rounds in the fast profile), so a window
    /// does not catch one by luck: a digest each, and records where lists differ.
    public var idleRounds: Int
    /// The nation in provinces (`ProvinceScaleSimulation`), scaled: 1 is all 3,321 communes.
    public var provinceScale: Double
    /// Filings of its workload (5% for a centre of another province).
    public var provinceFilings: Int

    public static let quick = BenchSuite(
        name: "quick", probeMaxSingleCommits: 2_000, probeSingleSeconds: 4, probeBatches: 5,
        filingClientCounts: [1, 8, 32], filingsPerRun: 2_000, maxSecondsPerFilingRun: 20, idleSeconds: 5, profileClients: 32,
        simulatedSizes: [10, 100, 300], simulatedExtraDossiers: 200, maxNodesForDossierCost: 300, idleRounds: 60,
        provinceScale: 0.1, provinceFilings: 500)

    public static let full = BenchSuite(
        name: "full", probeMaxSingleCommits: 10_000, probeSingleSeconds: 15, probeBatches: 20,
        filingClientCounts: [1, 2, 4, 8, 16, 32], filingsPerRun: 9_000, maxSecondsPerFilingRun: 60, idleSeconds: 30, profileClients: 32,
        simulatedSizes: [10, 100, 300, 1_000, ScaleSimulation.allCommunes], simulatedExtraDossiers: 500, maxNodesForDossierCost: 300, idleRounds: 90,
        provinceScale: 1, provinceFilings: 2_000)

    /// The suite called `name`, if any.
    public static func named(_ name: String) -> BenchSuite? { [quick, full].first { $0.name == name } }
}
