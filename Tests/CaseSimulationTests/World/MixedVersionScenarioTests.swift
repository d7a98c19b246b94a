import CaseReplication
import XCTest
@testable import CaseSimulation

/// A cluster during an upgrade: some nodes run a version-4 build, which cannot read the
/// digest-first member-list messages. Sessions with them carry the whole list instead,
/// so every exchange still reaches them, and partitions heal across the versions.
final class MixedVersionScenarioTests: XCTestCase {
    private func options(olderBuilds: Set<String>) -> SimulationOptions {
        var options = SimulationOptions()
        options.nodeCount = 4
        options.maxClockSkewMs = 0
        options.convergenceTimeoutMs = 30_000
        options.olderBuildNodes = olderBuilds
        return options
    }

    /// The halves' only way back to each other is the exchange with members believed dead;
    /// each half has a node of each build, so it must cross versions both ways.
    func testHalvesOfMixedBuildsThatDeclaredEachOtherDeadReunite() throws {
        let simulation = Simulation(seed: 12, options: options(olderBuilds: ["n2", "n3"]))
        simulation.network.countsBytes = true
        simulation.start()
        simulation.run(forMs: 1_000)
        simulation.inject(.partition(side: ["n1", "n2"], rest: ["n3", "n4"]))
        try simulation.fileDossier(at: "n1")
        try simulation.fileDossier(at: "n4")
        simulation.run(forMs: 5_000)
        XCTAssertEqual(simulation.node("n2").replication!.members.first { $0.record.id == "n4" }?.record.state, .dead,
                       "the setup needs the halves to have declared each other dead")

        simulation.heal()
        _ = try simulation.awaitConvergence()
        try simulation.verify()
        XCTAssertEqual(simulation.messagesTooNewForSession, 0, "every exchange had a form its session carries")
        let sent = simulation.network.statistics.sentByKind
        XCTAssertGreaterThan(sent[.membership] ?? 0, 0, "sessions with older builds carried whole lists")
        XCTAssertGreaterThan(sent[.memberDigest] ?? 0, 0, "sessions between newer builds carried digests")
    }

    /// Randomized runs (loss, duplicates, partitions, crashes) with two older builds among
    /// five nodes: every checker holds after the heal.
    func testRandomizedRunsWithOlderBuildsConverge() throws {
        for seed: UInt64 in 1...8 {
            var options = SimulationOptions()
            options.olderBuildNodes = ["n2", "n5"]
            XCTAssertNoThrow(try Simulation(seed: seed, options: options).runRandomized(), "seed \(seed)")
        }
    }
}
