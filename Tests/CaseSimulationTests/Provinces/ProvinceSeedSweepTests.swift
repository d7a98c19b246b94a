import Foundation
import XCTest
@testable import CaseSimulation

/// The seeded simulation with provinces (issue 16): 200 seeds of a world of six
/// provinces of unequal sizes, a few filings crossing provinces, and the fault plans of
/// `SeedSweepTests` (partitions fall within provinces and between them). Every check of a
/// healed cluster holds per province, and every dossier is held by exactly the nodes of
/// its provinces. Replay a seed with `CASESTORE_SIM_SEED=N`, as for `SeedSweepTests`.
final class ProvinceSeedSweepTests: XCTestCase {
    /// Six provinces of 1 to 3 nodes (12 in all): small enough for 200 seeds in CI, unequal
    /// as the real ones are, one with a single node: it has no peer of its own province, so
    /// what other provinces' origins write for it reaches it only across provinces.
    static let provinceSizes = [2, 2, 3, 1, 2, 2]

    static var options: SimulationOptions {
        var options = SimulationOptions.provinces(provinceSizes)
        // Enough filings (60 a run) that some cross provinces in most runs (5%, the issue's share).
        options.filingProbability = 0.3
        return options
    }

    func testTwoHundredSeedsWithProvinces() throws {
        let seeds = try SeedSweepTests.seedsToRun()
        let startedAt = Date()
        let outcomes = SeedSweepTests.run(seeds, options: Self.options)
        let failures = outcomes.filter { $0.failure != nil }
        for outcome in failures { print(outcome.failure!) }
        let seconds = Date().timeIntervalSince(startedAt)
        print("simulated \(seeds.count) seeds with provinces in \(String(format: "%.1f", seconds)) s; failing seeds: \(failures.map(\.seed))")

        XCTAssertEqual(failures.map(\.seed), [], "failing seeds (replay each with CASESTORE_SIM_SEED=N)")
        let reports = outcomes.compactMap(\.report)
        if seeds.count > 1 {
            XCTAssertGreaterThan(reports.map(\.crashes).reduce(0, +), 0)
            XCTAssertGreaterThan(reports.map(\.network.droppedByPartition).reduce(0, +), 0)
            XCTAssertGreaterThan(reports.map(\.crossProvinceDossiers).reduce(0, +), seeds.count / 2)
        }
    }

    /// Thirty seeds of the same world with signed events and nodes that learn every centre's
    /// province from certificates (`SimulationOptions.learnsPlacement`): no directory is
    /// given, a node places only itself at the start, and every check holds once healed,
    /// every node placing every centre among them. Thirty, not two hundred: each signature
    /// costs half a millisecond in a debug build. `CASESTORE_SIM_SEED=N` replays one.
    func testThirtySeedsWhereNodesLearnWhereCentresBelong() throws {
        let environment = ProcessInfo.processInfo.environment
        let replays = environment["CASESTORE_SIM_SEED"] != nil || environment["CASESTORE_SIM_SEEDS"] != nil
        let seeds = replays ? try SeedSweepTests.seedsToRun() : Array(1...30)
        var options = Self.options
        options.identities = true
        options.learnsPlacement = true
        options.crossProvinceFilingProbability = 0.2
        let outcomes = SeedSweepTests.run(seeds, options: options)
        let failures = outcomes.filter { $0.failure != nil }
        for outcome in failures { print(outcome.failure!) }
        XCTAssertEqual(failures.map(\.seed), [], "failing seeds (replay each with CASESTORE_SIM_SEED=N)")
        XCTAssertGreaterThan(outcomes.compactMap(\.report).map(\.crossProvinceDossiers).reduce(0, +), seeds.count / 2)
    }
}
