import CaseCore
import CaseSimulation
import XCTest

/// A commune merger under faults: centre n4 closes, an admin at n2 hands its
/// unfinished dossiers to n3 while the network loses, duplicates and reorders
/// messages, an admin at n1 is cut off and keeps working on n4's dossiers, and n4 is down.
final class RetirementScenarioTests: XCTestCase {
    private func options() -> SimulationOptions {
        var options = SimulationOptions()
        options.nodeCount = 4
        options.convergenceTimeoutMs = 60_000
        return options
    }

    /// Files 24 dossiers for n4 at every centre and 4 for n2, and n4's clerks take them to a mix of statuses.
    private func seed(_ simulation: Simulation) throws -> (forN4: [String], forN2: [String]) {
        var forN4: [String] = []
        for index in 0..<24 {
            let channel: Dossier.Channel = index < 16 ? .counter : .online
            forN4.append(try simulation.fileDossier(at: "n\(index % 4 + 1)", channel: channel, competentCentre: "n4").dossierCode)
        }
        let forN2 = try (0..<4).map { _ in try simulation.fileDossier(at: "n1", competentCentre: "n2").dossierCode }
        try simulation.awaitConvergence()
        let plan: [(Range<Int>, [WorkflowAction])] = [
            (0..<2, [.start, .resolve, .returnResult]),  // returned: finished
            (2..<4, [.start, .resolve]),  // resolved: finished
            (4..<8, [.start, .requestSupplement]),  // waiting for papers: unfinished
            (8..<12, [.start]),  // processing
            // 12..<16 stay received
            (16..<18, [.refuse]),  // online and refused: finished
            // 18..<24 stay submitted
        ]
        for (range, actions) in plan {
            for index in range {
                for action in actions { try simulation.takeStep(action, on: forN4[index], at: "n4") }
            }
        }
        try simulation.awaitConvergence()
        return (forN4, forN2)
    }

    func testAHandoverDuringFaultsConvergesWithEveryDossierAwaitingHandoverOfTheRetiredCentreAtTheSuccessor() throws {
        let simulation = Simulation(seed: 41, options: options())
        simulation.start()
        let (forN4, forN2) = try seed(simulation)
        let before = Dictionary(uniqueKeysWithValues: (forN4 + forN2).map { ($0, simulation.node("n2").log.dossier(code: $0)!) })
        // Unfinished, or resolved and not yet returned: still owed to the citizen.
        let unfinishedAtN4 = forN4.filter { before[$0]!.status.awaitsHandover }.sorted()
        XCTAssertEqual(unfinishedAtN4.count, 20, "the setup")

        simulation.network.conditions = NetworkConditions(
            dropProbability: 0.2, duplicateProbability: 0.1, latencyMs: 1...20, reorderProbability: 0.1, detourMs: 50...300)
        simulation.inject(.partition(side: ["n1"], rest: ["n2", "n3", "n4"]))
        simulation.inject(.crash("n4"))
        // Cut off, an admin at n1 keeps working on n4's dossiers (outside the lane of n1's
        // clerks), and a clerk files one more for n4.
        try simulation.takeStep(.start, on: forN4[12], at: "n1", as: .admin)
        try simulation.takeStep(.resolve, on: forN4[8], at: "n1", as: .admin)
        let straggler = try simulation.fileDossier(at: "n1", competentCentre: "n4").dossierCode
        simulation.run(forMs: 300)

        let firstRun = try simulation.retire("n4", successor: "n3", at: "n2")
        XCTAssertEqual(firstRun.map(\.dossierCode), unfinishedAtN4, "every dossier awaiting handover n2 held for n4, once")
        simulation.run(forMs: 2_000)
        simulation.heal()
        try simulation.awaitConvergence()
        try simulation.verify()

        // The straggler reached n2 only after the heal: running retire again picks it up, and only it.
        XCTAssertEqual(simulation.node("n2").log.dossier(code: straggler)?.handlingCentre, "n4")
        XCTAssertEqual(try simulation.retire("n4", successor: "n3", at: "n2").map(\.dossierCode), [straggler])
        try simulation.awaitConvergence()
        XCTAssertEqual(try simulation.retire("n4", successor: "n3", at: "n2"), [], "a third run changes nothing")
        try simulation.awaitConvergence()
        try simulation.verify()

        for node in simulation.activeNodes {
            let held = node.log.dossierCodes.compactMap { node.log.dossier(code: $0) }
            XCTAssertEqual(held.filter { $0.status.awaitsHandover && $0.handlingCentre == "n4" }.map(\.code), [], "\(node.id): nothing owed is left at n4")
            for code in unfinishedAtN4 + [straggler] {
                let dossier = try XCTUnwrap(node.log.dossier(code: code), "\(node.id) \(code)")
                let handovers = dossier.history.filter { $0.action == WorkflowAction.handover.rawValue && $0.applied }
                XCTAssertLessThanOrEqual(handovers.count, 1, "\(node.id) \(code): no step is repeated")
                if dossier.status.awaitsHandover {
                    XCTAssertEqual(dossier.handlingCentre, "n3", "\(node.id) \(code)")
                    XCTAssertEqual(dossier.competentCentre, "n3", "\(node.id) \(code): n4 was competent, n3 is now")
                    XCTAssertEqual(dossier.originalCentre, "n4", "\(node.id) \(code)")
                    XCTAssertEqual(handovers.count, 1, "\(node.id) \(code)")
                }
                if let earlier = before[code] {
                    XCTAssertEqual(dossier.dueAt, earlier.dueAt, "\(node.id) \(code): due date unchanged")
                    XCTAssertEqual(dossier.receivedAt, earlier.receivedAt, "\(node.id) \(code)")
                }
            }
            XCTAssertEqual(node.log.dossier(code: forN4[8])?.status, .resolved, "\(node.id): n1's resolve and the handover are both kept")
            for code in forN4.filter({ !before[$0]!.status.awaitsHandover }) + forN2 {
                XCTAssertEqual(node.log.dossier(code: code)?.handlingCentre, before[code]!.handlingCentre, "\(node.id) \(code): not moved")
            }
            let n4 = node.replication?.members.first { $0.record.id == "n4" }?.record
            XCTAssertEqual(n4?.state, .retired, node.id)
            XCTAssertEqual(node.persistedRetirements.map(\.id), ["n4"], "\(node.id) would remember it after a restart")
        }
    }

    /// A retired node that is up hears of its retirement from the first peer it
    /// contacts and stops taking part; a crash and restart of the others keeps it retired.
    func testARunningRetiredNodeStopsAndRestartedPeersStillKnowItIsRetired() throws {
        let simulation = Simulation(seed: 42, options: options())
        simulation.start()
        let code = try simulation.fileDossier(at: "n4", competentCentre: "n4").dossierCode
        try simulation.awaitConvergence()

        XCTAssertEqual(try simulation.retire("n4", successor: "n1", at: "n3").map(\.dossierCode), [code])
        try simulation.awaitConvergence()
        simulation.run(forMs: 3_000)
        XCTAssertEqual(simulation.node("n4").replication?.isRetired, true, "n4 learnt it is retired")
        XCTAssertEqual(simulation.node("n4").persistedRetirements.map(\.id), ["n4"])

        simulation.inject(.crash("n2"))
        simulation.inject(.crash("n4"))
        simulation.run(forMs: 500)
        simulation.inject(.restart("n2"))
        simulation.inject(.restart("n4"))
        XCTAssertFalse(simulation.node("n4").isUp, "a retired node is not started again")
        try simulation.awaitConvergence()
        try simulation.verify()
        XCTAssertEqual(simulation.node("n2").log.dossier(code: code)?.handlingCentre, "n1")
    }
}
