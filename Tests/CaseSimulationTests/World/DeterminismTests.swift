import XCTest
@testable import CaseSimulation
import CaseSupport

/// A seed must replay exactly: the same delivered messages in the same order,
/// the same acknowledged events, the same final state.
final class DeterminismTests: XCTestCase {
    func testTheSameSeedGivesTheSameTraceAndFinalState() throws {
        let first = try Simulation(seed: 42).runRandomized()
        let second = try Simulation(seed: 42).runRandomized()

        XCTAssertEqual(first.traceHash, second.traceHash)
        XCTAssertEqual(first.finalDigest, second.finalDigest)
        XCTAssertEqual(first, second)
        XCTAssertGreaterThan(first.network.delivered, 1_000, "a run delivers many messages")
    }

    func testAnotherSeedGivesAnotherTrace() throws {
        let first = try Simulation(seed: 42).runRandomized()
        let other = try Simulation(seed: 43).runRandomized()

        XCTAssertNotEqual(first.traceHash, other.traceHash)
        XCTAssertNotEqual(first.finalDigest, other.finalDigest)
    }

    func testTheFaultPlanComesFromTheSeed() {
        var random = SplitMix64(seed: 9)
        var again = SplitMix64(seed: 9)
        let ids = ["n1", "n2", "n3", "n4", "n5"]

        let plan = FaultPlan.random(using: &random, nodeIDs: ids, durationMs: 10_000)
        let replay = FaultPlan.random(using: &again, nodeIDs: ids, durationMs: 10_000)

        XCTAssertEqual(plan.faults, replay.faults)
        XCTAssertEqual(plan.conditions, replay.conditions)
        XCTAssertEqual(plan.faults.map(\.atMs), plan.faults.map(\.atMs).sorted())
        XCTAssertTrue(plan.faults.allSatisfy { $0.atMs < 10_000 })
        XCTAssertTrue((0...0.2).contains(plan.conditions.dropProbability))
    }
}
