import CaseCore
import XCTest
@testable import CaseSimulation

/// Scripted runs: one situation, set up by hand, with exact expectations.
final class ScenarioTests: XCTestCase {
    private func options(nodes: Int) -> SimulationOptions {
        var options = SimulationOptions()
        options.nodeCount = nodes
        options.maxClockSkewMs = 0
        options.convergenceTimeoutMs = 30_000
        return options
    }

    /// Three nodes; n1 is cut off from n2 and n3 while clerks on each side
    /// take contradictory steps on the same dossier: n1 received it online and
    /// accepts it at intake, n2 (its competent centre) refuses it. After the heal
    /// all agree: both steps are in the history, the later one (in the agreed
    /// order) did not apply and is listed as a conflict against the other.
    func testContradictoryStepsOnBothSidesOfAPartitionAreKeptAsAConflict() throws {
        let simulation = Simulation(seed: 11, options: options(nodes: 3))
        simulation.start()
        let code = try simulation.fileDossier(at: "n1", channel: .online, competentCentre: "n2").dossierCode
        try simulation.awaitConvergence()

        simulation.inject(.partition(side: ["n1"], rest: ["n2", "n3"]))
        let accept = try simulation.takeStep(.accept, on: code, at: "n1")
        simulation.run(forMs: 50)
        let refuse = try simulation.takeStep(.refuse, on: code, at: "n2")
        simulation.run(forMs: 3_000)

        XCTAssertEqual(simulation.node("n1").log.dossier(code: code)?.status, .received)
        XCTAssertEqual(simulation.node("n3").log.dossier(code: code)?.status, .refused)
        XCTAssertFalse(simulation.isConverged)

        simulation.heal()
        try simulation.awaitConvergence()
        try simulation.verify()

        let (winner, loser) = ChangeEvent.foldOrder(accept, refuse) ? (accept, refuse) : (refuse, accept)
        XCTAssertEqual(winner, accept, "without clock skew the earlier step sorts first")
        for node in simulation.nodes {
            let dossier = try XCTUnwrap(node.log.dossier(code: code), node.id)
            XCTAssertEqual(dossier.status, .received, node.id)
            XCTAssertEqual(dossier.history.map(\.action), ["filed", "accept", "refuse"], node.id)
            XCTAssertEqual(dossier.history.map(\.applied), [true, true, false], node.id)
            XCTAssertEqual(dossier.conflicts.map(\.event), [loser.id], node.id)
            XCTAssertEqual(dossier.conflicts.first?.winningEvent, winner.id, node.id)
            XCTAssertEqual(dossier.conflicts.first?.statusAtApply, .received, node.id)
        }
    }

    /// A clerk's step is decided by the same rules as at a real node: one the dossier's
    /// status does not allow is refused, and nothing is stored, acknowledged or replicated.
    func testAStepTheStatusDoesNotAllowIsRefusedAndChangesNothing() throws {
        let simulation = Simulation(seed: 12, options: options(nodes: 3))
        simulation.start()
        let code = try simulation.fileDossier(at: "n1").dossierCode
        try simulation.awaitConvergence()
        let heldBefore = simulation.node("n1").log.eventCount

        XCTAssertThrowsError(try simulation.takeStep(.returnResult, on: code, at: "n1")) { error in
            XCTAssertEqual((error as? DossierRefusal)?.code, "illegal_transition", "\(error)")
        }
        XCTAssertEqual(simulation.node("n1").log.eventCount, heldBefore)
        try simulation.takeStep(.start, on: code, at: "n1")
        try simulation.awaitConvergence()
        for node in simulation.nodes {
            XCTAssertEqual(node.log.dossier(code: code)?.history.map(\.action), ["filed", "start"], node.id)
        }
    }

    /// Clerks in their lane, as at a real node: n2's clerk may not start a dossier n1 handles
    /// (refused with the handling centre named, nothing stored or acknowledged), but may add
    /// a note to it; an admin working at n2 is not limited. Every node ends with the same steps.
    func testAClerkOutsideTheHandlingCentreIsRefusedAndAnAdminIsNot() throws {
        let simulation = Simulation(seed: 14, options: options(nodes: 3))
        simulation.start()
        let code = try simulation.fileDossier(at: "n1").dossierCode
        try simulation.awaitConvergence()
        let heldBefore = simulation.node("n2").log.eventCount
        let acknowledgedBefore = simulation.ledger.count

        XCTAssertThrowsError(try simulation.takeStep(.start, on: code, at: "n2")) { error in
            let refusal = error as? DossierRefusal
            XCTAssertEqual(refusal?.code, "not_handling_centre", "\(error)")
            XCTAssertEqual(refusal?.kind, .forbidden)
            XCTAssertTrue(refusal?.message.contains("handled by centre n1") == true, "\(error)")
        }
        XCTAssertEqual(simulation.node("n2").log.eventCount, heldBefore, "nothing stored")
        XCTAssertEqual(simulation.ledger.count, acknowledgedBefore, "nothing acknowledged")

        let note = try simulation.takeStep(.note, on: code, at: "n2")
        XCTAssertEqual(note.centre, "n2")
        let start = try simulation.takeStep(.start, on: code, at: "n2", as: .admin)
        try simulation.awaitConvergence()
        try simulation.verify()
        for node in simulation.nodes {
            let dossier = try XCTUnwrap(node.log.dossier(code: code), node.id)
            XCTAssertEqual(dossier.history.map(\.action), ["filed", "note", "start"], node.id)
            XCTAssertEqual(dossier.history.last?.event, start.id, node.id)
            XCTAssertEqual(dossier.status, .processing, node.id)
        }
    }

    /// A token revoked on one side of a partition, while the other side still knew it valid
    /// and created another, is revoked on every node once the partition heals; the revocation
    /// is never undone by the side that held the token valid.
    func testARevokedTokenStaysRevokedOnEveryNodeAfterThePartitionHeals() throws {
        let simulation = Simulation(seed: 13, options: options(nodes: 5))
        simulation.start()
        let token = try simulation.createToken(at: "n1")
        try simulation.awaitConvergence()
        XCTAssertTrue(simulation.nodes.allSatisfy { $0.tokens.tokens[token.id] == token })

        simulation.inject(.partition(side: ["n1", "n2"], rest: ["n3", "n4", "n5"]))
        try simulation.revokeToken(token.id, at: "n4")
        let other = try simulation.createToken(at: "n2", role: .admin)
        simulation.run(forMs: 3_000)
        XCTAssertNil(simulation.node("n1").tokens.tokens[token.id]?.revokedAtMs, "not heard across the partition")
        XCTAssertNotNil(simulation.node("n5").tokens.tokens[token.id]?.revokedAtMs)

        simulation.heal()
        try simulation.awaitConvergence()
        try simulation.verify()
        for node in simulation.nodes {
            XCTAssertNotNil(node.tokens.tokens[token.id]?.revokedAtMs, node.id)
            XCTAssertEqual(node.tokens.tokens[other.id], other, node.id)
            XCTAssertEqual(node.replication?.tokens, node.tokens.tokens, "the core holds what \(node.id) stored")
        }
    }

    /// A thief of n1's files signs a clerk token for centre n2 and an admin token with n1's
    /// key, and n1 pushes them: every other node refuses both (the same rule as a real
    /// node, `TokenAuthority`) and stores nothing; a clerk token of n1's own centre, made by
    /// n1 as a node makes one, reaches every node.
    func testRecordsANodeKeyMayNotSignAreRefusedByEveryOtherNode() throws {
        let simulation = Simulation(seed: 14, options: options(nodes: 3))
        simulation.start()
        let n1 = simulation.node("n1")
        let secret: (UInt8) -> TokenSecret = { byte in n1.issuer.newSecret(using: { Array(repeating: byte, count: $0) }) }
        let forged = [
            n1.issuer.grant(secret(1), name: "Kẻ trộm", role: .clerk, centre: "n2", createdAtMs: SimulatedNode.epochMs),
            n1.issuer.grant(secret(2), name: "Kẻ trộm", role: .admin, centre: nil, createdAtMs: SimulatedNode.epochMs),
        ]
        for record in forged { try simulation.storeToken(record, at: n1) }
        let own = try simulation.createToken(at: "n1", role: .clerk)
        simulation.run(forMs: 3_000)
        for node in simulation.nodes where node.id != "n1" {
            XCTAssertEqual(node.tokens.tokens.sorted, [own], node.id)
            XCTAssertGreaterThanOrEqual(node.replication?.statistics.tokenRecordsRefused ?? 0, 2, node.id)
        }
    }

    /// Regression for the split that never healed: a partition into halves
    /// long enough for each side to declare the other dead. Probes, syncs and
    /// gossip go only to live members, so only the membership exchange with
    /// dead members brings the halves back together.
    func testHalvesThatDeclaredEachOtherDeadReuniteAfterTheHeal() throws {
        let simulation = Simulation(seed: 12, options: options(nodes: 4))
        simulation.start()
        simulation.run(forMs: 1_000)
        simulation.inject(.partition(side: ["n1", "n2"], rest: ["n3", "n4"]))
        try simulation.fileDossier(at: "n1")
        try simulation.fileDossier(at: "n4")
        simulation.run(forMs: 5_000)

        let view = simulation.node("n1").replication!.members.first { $0.record.id == "n3" }
        XCTAssertEqual(view?.record.state, .dead, "the setup needs n1 to have declared n3 dead")

        simulation.heal()
        let tookMs = try simulation.awaitConvergence()
        try simulation.verify()
        XCTAssertLessThanOrEqual(tookMs, 30_000)
        XCTAssertEqual(simulation.node("n2").log.dossierCodes, ["N1-250701-0001", "N4-250701-0001"])
    }

    /// A node that crashed keeps what it committed, restarts with a higher
    /// incarnation, rejoins, and catches up with what was written meanwhile.
    func testACrashedNodeKeepsItsLogAndCatchesUpAfterRestart() throws {
        let simulation = Simulation(seed: 13, options: options(nodes: 3))
        simulation.start()
        let code = try simulation.fileDossier(at: "n3").dossierCode
        simulation.inject(.crash("n3"))
        XCTAssertFalse(simulation.node("n3").isUp)
        XCTAssertNotNil(simulation.node("n3").log.dossier(code: code), "the log survives the crash")
        try simulation.fileDossier(at: "n1")
        simulation.run(forMs: 2_000)

        simulation.inject(.restart("n3"))
        try simulation.awaitConvergence()
        try simulation.verify()

        XCTAssertEqual(simulation.node("n3").replication?.selfRecord.incarnation, 2)
        XCTAssertEqual(simulation.node("n3").log.dossierCodes.count, 2)
    }
}
