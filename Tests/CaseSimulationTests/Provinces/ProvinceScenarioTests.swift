import CaseCore
import CaseReplication
import XCTest
@testable import CaseSimulation

/// Provinces in the simulation (issue 16 step 3): each node holds the dossiers of its
/// province, and a dossier filed in one province for a centre of another reaches both.
final class ProvinceScenarioTests: XCTestCase {
    /// n1–n3 in province 01, n4–n6 in province 04.
    private func twoProvinces(seed: UInt64 = 7) -> Simulation {
        var options = SimulationOptions.provinces([3, 3])
        options.injectsFaults = false
        let simulation = Simulation(seed: seed, options: options)
        simulation.start()
        simulation.run(forMs: 2_000)
        return simulation
    }

    func testAFilingForACentreOfTheSameProvinceStaysInIt() throws {
        let simulation = twoProvinces()
        let filing = try simulation.fileDossier(at: "n1", competentCentre: "n2")
        try simulation.awaitConvergence()
        try simulation.verify()
        for id in ["n1", "n2", "n3"] { XCTAssertNotNil(simulation.node(id).log.dossier(code: filing.dossierCode), id) }
        for id in ["n4", "n5", "n6"] {
            XCTAssertNil(simulation.node(id).log.dossier(code: filing.dossierCode), id)
            XCTAssertNil(try simulation.node(id).log.event(filing.id), id)
        }
        XCTAssertEqual(filing.tags.map(\.province.rawValue), ["01"])
    }

    func testAFilingForACentreOfAnotherProvinceReachesBothAndItsStepsComeBack() throws {
        let simulation = twoProvinces()
        let local = try simulation.fileDossier(at: "n2", competentCentre: "n3")
        let filing = try simulation.fileDossier(at: "n1", competentCentre: "n5")
        XCTAssertEqual(filing.tags.map(\.province.rawValue), ["01", "04"])
        try simulation.awaitConvergence()
        for node in simulation.nodes { XCTAssertNotNil(node.log.dossier(code: filing.dossierCode), node.id) }
        // The competent centre works on it: the step is tagged with both, and province 01 sees it.
        let step = try simulation.takeStep(.note, on: filing.dossierCode, at: "n5", as: .admin)
        XCTAssertEqual(step.tags.map(\.province.rawValue), ["01", "04"])
        try simulation.awaitConvergence()
        try simulation.verify()
        XCTAssertNotNil(try simulation.node("n3").log.event(step.id))
        // Province 04 holds n1's events tagged 04 only: a sparse stream, under its own key.
        let vector = try simulation.node("n6").log.versionVector()
        XCTAssertEqual(vector["n1@04"], filing.sequence)
        XCTAssertEqual(vector["n1"], 0)
        XCTAssertNil(simulation.node("n6").log.dossier(code: local.dossierCode))
    }
}

/// Provinces replay exactly from their seed too, and hold when every node signs what it writes.
final class ProvinceDeterminismTests: XCTestCase {
    func testAProvinceRunReplaysExactlyFromItsSeed() throws {
        let options = ProvinceSeedSweepTests.options
        let first = try Simulation(seed: 42, options: options).runRandomized()
        let second = try Simulation(seed: 42, options: options).runRandomized()
        XCTAssertEqual(first, second)
        XCTAssertNotEqual(first.traceHash, try Simulation(seed: 43, options: options).runRandomized().traceHash)
        XCTAssertGreaterThan(first.network.delivered, 1_000, "a run delivers many messages")
    }

    func testSignedProvinceRunsHoldEveryCheck() throws {
        // Signatures cost half a millisecond each in a debug build: a few short seeds, not a sweep.
        var options = SimulationOptions.provinces([2, 2, 3])
        options.identities = true
        options.operationCount = 80
        options.filingProbability = 0.4
        options.crossProvinceFilingProbability = 0.3
        var crossing = 0
        for seed: UInt64 in 1...3 {
            let report = try Simulation(seed: seed, options: options).runRandomized()
            crossing += report.crossProvinceDossiers
        }
        XCTAssertGreaterThan(crossing, 0, "some filings crossed provinces, signed sparse streams and all")
    }

    /// Nodes that start placing only themselves learn every centre's province from the
    /// certificates they are sent and ask for (`ReplicationNode+Certificates`): every healed
    /// run has every node placing every centre (a check of `verify`), and clerks file across
    /// provinces for the centres their node has placed, under the sweep's faults.
    func testNodesThatLearnPlacementPlaceEveryCentreAndFileAcrossProvinces() throws {
        var options = SimulationOptions.provinces([3, 2, 3, 1])
        options.identities = true
        options.learnsPlacement = true
        options.operationCount = 80
        options.filingProbability = 0.4
        options.crossProvinceFilingProbability = 0.3
        var crossing = 0
        var asked: Int64 = 0
        for seed: UInt64 in 1...4 {
            let simulation = Simulation(seed: seed, options: options)
            let report = try simulation.runRandomized()
            crossing += report.crossProvinceDossiers
            asked += simulation.nodes.compactMap(\.replication).map(\.statistics.certificateRequestsSent).reduce(0, +)
            for node in simulation.nodes {
                XCTAssertEqual(node.replication?.unplacedMembers, [], "seed \(seed): \(node.id) places every member")
            }
        }
        XCTAssertGreaterThan(crossing, 0, "clerks filed across provinces for centres their node had placed")
        XCTAssertGreaterThan(asked, 0, "nodes asked for certificates they lacked")
    }

    /// Right after the start no certificate has travelled, so each node places only itself:
    /// the check names them; once converged (the asks answered), every node places every centre.
    func testTheCheckFindsANodeThatCannotPlaceACentre() throws {
        var options = SimulationOptions.provinces([2, 2])
        options.identities = true
        options.learnsPlacement = true
        let simulation = Simulation(seed: 7, options: options)
        simulation.start()
        XCTAssertThrowsError(try simulation.verify()) { error in
            XCTAssertTrue("\(error)".contains("cannot place"), "\(error)")
        }
        try simulation.awaitConvergence()
        try simulation.verify()
    }
}
