import CaseCore
import CaseSimulation
import XCTest

/// Safe retries in the simulation, decided by `DossierDecisions.retry` as at a real node: a
/// retry at another node that holds the first outcome answers it; one that got there before
/// the outcome replicated makes a second dossier (the documented limit), and then every node
/// answers the key with the same, earlier, filing.
final class IdempotentRetryScenarioTests: XCTestCase {
    private func simulation() -> Simulation {
        var options = SimulationOptions()
        options.nodeCount = 3
        options.convergenceTimeoutMs = 60_000
        let simulation = Simulation(seed: 17, options: options)
        simulation.start()
        return simulation
    }

    private let key = "sim-retry-key-00000001"
    // Every retry names the same competent centre: by default a filing names the node it is
    // filed at, which would make the same clerk's request at another node a different one.

    func testARetryAtAnotherNodeAnswersTheOriginalFilingOnceReplicated() throws {
        let simulation = simulation()
        let original = try simulation.fileDossier(at: "n1", competentCentre: "n1", idempotencyKey: key)
        try simulation.awaitConvergence()
        let events = simulation.node("n2").log.eventCount
        let retried = try simulation.fileDossier(at: "n2", competentCentre: "n1", idempotencyKey: key)
        XCTAssertEqual(retried.id, original.id)
        XCTAssertEqual(simulation.node("n2").log.eventCount, events, "nothing stored")
        XCTAssertThrowsError(try simulation.fileDossier(at: "n2", competentCentre: "n3", idempotencyKey: key)) { error in
            XCTAssertEqual((error as? DossierRefusal)?.code, "idempotency_key_reused")
        }
        try simulation.verify()
    }

    func testARetryThatOutranReplicationMakesASecondDossierAndEveryNodeThenAnswersTheEarlierOne() throws {
        let simulation = simulation()
        simulation.inject(.partition(side: ["n1"], rest: ["n2", "n3"]))
        let first = try simulation.fileDossier(at: "n1", competentCentre: "n1", idempotencyKey: key)
        simulation.run(forMs: 100)
        let second = try simulation.fileDossier(at: "n2", competentCentre: "n1", idempotencyKey: key)
        XCTAssertNotEqual(first.dossierCode, second.dossierCode, "n2 had not heard of the key")
        simulation.heal()
        try simulation.awaitConvergence()
        try simulation.verify()
        let earlier = [first, second].min { ($0.timestamp, $0.origin, $0.sequence) < ($1.timestamp, $1.origin, $1.sequence) }!
        for node in simulation.activeNodes {
            XCTAssertEqual(node.log.idempotencyKey(scope: "simulated-clerks", key: key)?.event, earlier.id, node.id)
            XCTAssertEqual(try simulation.fileDossier(at: node.id, competentCentre: "n1", idempotencyKey: key).id, earlier.id, node.id)
        }
    }
}
