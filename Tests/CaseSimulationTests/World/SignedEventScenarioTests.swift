import CaseCore
import CaseReplication
import XCTest
@testable import CaseSimulation

/// Nodes with certified keys: a member that forges another origin's events, or sends
/// them unsigned or with broken signatures, gets nothing stored, and replication of
/// every origin goes on.
final class SignedEventScenarioTests: XCTestCase {
    private func simulation(seed: UInt64) -> Simulation {
        var options = SimulationOptions()
        options.nodeCount = 3
        options.maxClockSkewMs = 0
        options.convergenceTimeoutMs = 30_000
        options.identities = true
        return Simulation(seed: seed, options: options)
    }

    func testForgedUnsignedAndBrokenEventsAreNeverStoredAndEveryOriginStillReplicates() throws {
        let simulation = simulation(seed: 21)
        let identities = SimulatedIdentities.self
        simulation.start()
        let filing = try simulation.fileDossier(at: "n2")
        try simulation.awaitConvergence()
        XCTAssertEqual(filing.signature.count, 64, "n2 signed what it wrote")

        // n3 writes n2's next event: a note, as if n2's clerk had written it.
        let base = try XCTUnwrap(simulation.node("n1").log.event(filing.id))
        let note = ChangeEvent(
            origin: "n2", sequence: 2, timestamp: HLCTimestamp(physicalMs: base.timestamp.physicalMs + 1, logical: 0),
            dossierCode: filing.dossierCode, kind: .action(.note), actor: "kẻ giả mạo", centre: "n2", payload: ["note": "giả"])
        let signedByN3 = EventChain.seal(note, after: base.chain, key: identities.key(for: "n3"))
        var broken = signedByN3.signature
        broken[0] ^= 1
        let attempts: [(String, ChangeEvent)] = [
            ("signed by another node than its origin", signedByN3.sealed(chain: [], signature: signedByN3.signature)),
            ("without a signature", note),
            ("with a broken signature", note.sealed(chain: [], signature: broken)),
        ]
        for (index, attempt) in attempts.enumerated() {
            let batch = EventBatch(events: [attempt.1], senderVersionVector: VersionVector(), hasMore: false, isPush: true,
                                   certificates: [identities.certificate(for: "n2"), identities.certificate(for: "n3")])
            simulation.network.send(.eventBatch(batch), from: "n3", to: "n1", nowMs: simulation.nowMs)
            simulation.run(forMs: 500)
            XCTAssertNil(try simulation.node("n1").log.event(note.id), attempt.0)
            XCTAssertEqual(simulation.node("n1").log.refusedRuns, index + 1, attempt.0)
        }

        // n2's real next event, and n3's own, replicate as usual.
        let real = try simulation.takeStep(.note, on: filing.dossierCode, at: "n2")
        _ = try simulation.fileDossier(at: "n3")
        try simulation.awaitConvergence()
        try simulation.verify()
        XCTAssertEqual(try simulation.node("n1").log.event(real.id)?.actor, real.actor)
        XCTAssertEqual(try simulation.node("n1").log.event(real.id)?.signature, real.signature)
    }

    func testARevokedNodesLaterEventsAreNeverStoredThoughSignedWithItsOwnKey() throws {
        var options = SimulationOptions()
        options.nodeCount = 4
        options.maxClockSkewMs = 0
        options.convergenceTimeoutMs = 30_000
        options.identities = true
        let simulation = Simulation(seed: 23, options: options)
        simulation.start()
        let filing = try simulation.fileDossier(at: "n4", competentCentre: "n4")
        try simulation.awaitConvergence()
        try simulation.retire("n4", successor: "n1", at: "n3")
        try simulation.awaitConvergence()
        let decision = try XCTUnwrap(simulation.node("n1").replication?.membershipDecisions.first)
        XCTAssertEqual(decision.member, "n4")
        XCTAssertEqual(decision.lastSequence, UInt64(filing.sequence), "the cut-off is n4's last event the admin's node held")

        // A thief of n4's files writes n4's next event with n4's own key; a member relays it.
        let base = try XCTUnwrap(simulation.node("n1").log.event(filing.id))
        let note = ChangeEvent(
            origin: "n4", sequence: filing.sequence + 1, timestamp: HLCTimestamp(physicalMs: base.timestamp.physicalMs + 1, logical: 0),
            dossierCode: filing.dossierCode, kind: .action(.note), actor: "kẻ trộm", centre: "n4", payload: ["note": "giả"])
        let stolen = EventChain.seal(note, after: base.chain, key: SimulatedIdentities.key(for: "n4"))
        let batch = EventBatch(events: [stolen.sealed(chain: [], signature: stolen.signature)], senderVersionVector: VersionVector(),
                               hasMore: false, isPush: true, certificates: [SimulatedIdentities.certificate(for: "n4")])
        let refusedBefore = simulation.node("n1").log.refusedRuns
        simulation.network.send(.eventBatch(batch), from: "n2", to: "n1", nowMs: simulation.nowMs)
        simulation.run(forMs: 500)
        XCTAssertNil(try simulation.node("n1").log.event(note.id), "written after the revocation")
        XCTAssertEqual(simulation.node("n1").log.refusedRuns, refusedBefore + 1)
        XCTAssertNotNil(try simulation.node("n1").log.event(filing.id), "n4's events before it stay")
        try simulation.verify()
    }

    /// A retirement decided on one side of a partition reaches the other side after the
    /// heal (decisions' anti-entropy), and a node down at the time learns it on restart.
    func testARetirementDecidedDuringAPartitionReachesEveryMemberAfterTheHeal() throws {
        var options = SimulationOptions()
        options.nodeCount = 5
        options.maxClockSkewMs = 0
        options.convergenceTimeoutMs = 60_000
        options.identities = true
        let simulation = Simulation(seed: 29, options: options)
        simulation.start()
        _ = try simulation.fileDossier(at: "n5", competentCentre: "n5")
        try simulation.awaitConvergence()

        simulation.inject(.partition(side: ["n1", "n2"], rest: ["n3", "n4", "n5"]))
        simulation.inject(.crash("n2"))
        try simulation.retire("n5", successor: "n3", at: "n4")
        simulation.run(forMs: 5_000)
        XCTAssertEqual(simulation.node("n1").replication?.members.first { $0.record.id == "n5" }?.record.state == .retired, false,
                       "not heard across the partition")
        simulation.inject(.healPartitions)
        simulation.inject(.restart("n2"))
        try simulation.awaitConvergence()
        for id in ["n1", "n2", "n3", "n4"] {
            let node = try XCTUnwrap(simulation.node(id).replication, id)
            XCTAssertEqual(node.members.first { $0.record.id == "n5" }?.record.state, .retired, id)
            XCTAssertEqual(node.membershipDecisions.map(\.member), ["n5"], id)
            XCTAssertEqual(try simulation.node(id).log.decisions().map(\.member), ["n5"], "\(id) keeps it")
        }
        try simulation.verify()
    }

    func testASignedClusterConvergesUnderTheUsualFaults() throws {
        var options = SimulationOptions()
        options.nodeCount = 4
        options.operationCount = 80
        options.identities = true
        let simulation = Simulation(seed: 5, options: options)
        // Throws unless it converges and every check (ledger, digests, versions) holds.
        _ = try simulation.runRandomized()
        XCTAssertTrue(simulation.nodes.allSatisfy { $0.log.refusedRuns == 0 }, "members' own events are always vouched for")
        for node in simulation.nodes {
            XCTAssertTrue(node.log.allEvents.allSatisfy { $0.signature.count == 64 }, node.id)
        }
    }
}

/// The randomized workload, faults included, with every node signing and checking:
/// a few seeds (signatures cost real time), each required to converge with nothing
/// refused, since every event a member writes is vouched for by its own signature.
final class SignedEventSweepTests: XCTestCase {
    func testSeedsConvergeWithEveryEventSignedAndNothingRefused() throws {
        for seed: UInt64 in 1...6 {
            var options = SimulationOptions()
            options.identities = true
            let simulation = Simulation(seed: seed, options: options)
            do {
                _ = try simulation.runRandomized()
            } catch {
                return XCTFail("seed \(seed): \(error) (replay: Simulation(seed: \(seed)) with options.identities = true)")
            }
            XCTAssertEqual(simulation.nodes.map(\.log.refusedRuns), Array(repeating: 0, count: simulation.nodes.count), "seed \(seed)")
            XCTAssertTrue(simulation.nodes.allSatisfy { $0.log.allEvents.allSatisfy { $0.signature.count == 64 } }, "seed \(seed)")
        }
    }
}
