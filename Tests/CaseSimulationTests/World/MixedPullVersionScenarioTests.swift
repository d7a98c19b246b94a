import CaseReplication
import CaseWire
import XCTest
@testable import CaseSimulation

/// A cluster during the upgrade to digest-first pulls: some nodes run a version-5 build,
/// which cannot read summarized vectors. Sessions with them carry whole vectors instead
/// (`syncRequest`, empty `eventBatch`), so their pulls keep working both ways.
final class MixedPullVersionScenarioTests: XCTestCase {
    private func options(olderBuilds: Set<String>) -> SimulationOptions {
        var options = SimulationOptions()
        options.olderBuildNodes = olderBuilds
        options.olderBuildVersion = PeerProtocol.digestPullVersion - 1
        return options
    }

    /// Filings at every node, a partition and a heal: every node converges, pulls between
    /// newer builds went digest first, and those with older builds whole.
    func testOlderBuildsKeepPullingWithWholeVectors() throws {
        var options = options(olderBuilds: ["n2", "n3"])
        options.nodeCount = 4
        options.maxClockSkewMs = 0
        options.convergenceTimeoutMs = 30_000
        let simulation = Simulation(seed: 21, options: options)
        simulation.network.countsBytes = true
        simulation.start()
        simulation.run(forMs: 1_000)
        simulation.inject(.partition(side: ["n1", "n2"], rest: ["n3", "n4"]))
        for node in ["n1", "n2", "n3", "n4"] { try simulation.fileDossier(at: node) }
        simulation.run(forMs: 5_000)
        simulation.heal()
        _ = try simulation.awaitConvergence()
        try simulation.verify()
        XCTAssertEqual(simulation.messagesTooNewForSession, 0, "every pull and answer had a form its session carries")
        let sent = simulation.network.statistics.sentByKind
        XCTAssertGreaterThan(sent[.syncRequest] ?? 0, 0, "sessions with older builds carried whole vectors")
        XCTAssertGreaterThan(sent[.vectorPull] ?? 0, 0, "sessions between newer builds carried summaries")
        XCTAssertGreaterThan(sent[.vectorAnswer] ?? 0, 0)
    }

    /// Randomized runs (loss, duplicates, partitions, crashes) with two version-5 builds
    /// among five nodes: every checker holds after the heal.
    func testRandomizedRunsWithVersionFiveBuildsConverge() throws {
        for seed: UInt64 in 1...8 {
            var options = options(olderBuilds: ["n2", "n5"])
            options.nodeCount = 5
            XCTAssertNoThrow(try Simulation(seed: seed, options: options).runRandomized(), "seed \(seed)")
        }
    }
}
