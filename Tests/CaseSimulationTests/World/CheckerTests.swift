import XCTest
@testable import CaseSimulation

/// A checker that never fails proves nothing: with a deliberately broken log
/// the same seeds that pass must fail, with the seed and what differs.
final class CheckerTests: XCTestCase {
    private let seed: UInt64 = 5

    /// Short runs: a broken log never converges, so the bound is what ends
    /// them (and nodes whose vectors never advance resend everything, over and over).
    private func options(faults: InMemoryReplicaLog.Faults) -> SimulationOptions {
        var options = SimulationOptions()
        options.nodeCount = 3
        options.operationCount = 40
        options.workloadDurationMs = 3_000
        options.convergenceTimeoutMs = 2_000
        options.logFaults = faults
        options.tokenOperationProbability = 0
        return options
    }

    func testTheSeedPassesWithACorrectLog() throws {
        let report = try Simulation(seed: seed, options: options(faults: [])).runRandomized()
        XCTAssertEqual(report.acknowledgedEvents + report.refusals.values.reduce(0, +), 40, "each operation stored or refused")
    }

    func testAnApplyThatSkipsTheVersionVectorUpdateIsCaught() {
        XCTAssertThrowsError(try Simulation(seed: seed, options: options(faults: [.skipVersionVectorUpdate])).runRandomized()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("simulation failed (seed \(seed)): "), message)
            XCTAssertTrue(message.contains("did not converge within 2000 ms"), message)
            XCTAssertTrue(message.contains("version vectors differ from the acknowledged"), message)
            XCTAssertTrue(message.contains("CASESTORE_SIM_SEED=\(seed)"), message)
        }
    }

    func testAnApplyThatSkipsTheRefoldIsCaught() {
        XCTAssertThrowsError(try Simulation(seed: seed, options: options(faults: [.skipRefold])).runRandomized()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("simulation failed (seed \(seed)): "), message)
            XCTAssertTrue(message.contains("digests differ"), message)
        }
    }

    func testALostEventAndAMissingHistoryStepAreReported() throws {
        var options = SimulationOptions()
        options.nodeCount = 2
        let simulation = Simulation(seed: 1, options: options)
        simulation.start()
        simulation.run(forMs: 500)
        simulation.inject(.partition(side: ["n1"], rest: ["n2"]))
        try simulation.fileDossier(at: "n1")
        simulation.run(forMs: 2_000)

        XCTAssertThrowsError(try simulation.verify()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("simulation failed (seed 1): "), message)
            XCTAssertTrue(message.contains("n2 lacks 1 acknowledged events (n1/1)"), message)
            XCTAssertTrue(message.contains("n2: 1 acknowledged events are missing from their dossier's history (n1/1)"), message)
            XCTAssertTrue(message.contains("n1 sees n2 as dead"), message)
        }
    }
}
