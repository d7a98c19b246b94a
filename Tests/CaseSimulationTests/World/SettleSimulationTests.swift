import CaseCore
import TestSupport
import XCTest
@testable import CaseSimulation

/// Admins settling conflicts while the cluster is partitioned, crashes and reorders messages:
/// a settle may reach a node before the conflict it names (or before the steps that make the
/// named step a conflict there), and every node must still end with identical dossiers.
final class SettleSimulationTests: XCTestCase {
    /// Seeds with admins at work; every property of the sweep must hold for each.
    static let seeds: ClosedRange<UInt64> = 1...40

    func testSettlingDuringFaultsConvergesToTheSameStateEverywhere() throws {
        var options = SimulationOptions()
        options.settleProbability = 0.2
        var settles = 0
        var settledConflicts = 0
        for seed in Self.seeds {
            let simulation = Simulation(seed: seed, options: options)
            do {
                _ = try simulation.runRandomized()
            } catch {
                XCTFail("seed \(seed) with settling: \(error)")
                continue
            }
            settles += simulation.ledger.order.filter { simulation.ledger.events[$0]!.kind == .action(.settle) }.count
            let log = simulation.nodes[0].log
            settledConflicts += log.dossierCodes.compactMap { log.dossier(code: $0) }
                .reduce(0) { $0 + $1.conflicts.filter { $0.settledBy != nil }.count }
        }
        XCTAssertGreaterThan(settles, 10, "admins settled conflicts")
        XCTAssertGreaterThan(settledConflicts, 10, "conflicts ended settled")
    }

    /// n1 files, starts and resolves; n3 (cut off) asks for withdrawal: a conflict. An admin at
    /// n2 settles it; n4's stop, taken earlier but delivered last, makes n1's resolution a second
    /// conflict. Whatever order the four origins' batches reach a log in (the settle before the
    /// step it names, before the filing, …), the log ends with the same dossier and digest.
    func testBatchesInAnyOrderGiveOneStateOnTheLog() throws {
        let code = "N1-250701-0001"
        let n1 = [
            TestEvents.filed(code, origin: "n1", sequence: 1),
            TestEvents.step(.start, code, origin: "n1", sequence: 2, atMs: 10),
            TestEvents.step(.resolve, code, origin: "n1", sequence: 3, atMs: 30),
        ]
        let withdrawal = TestEvents.step(.requestWithdrawal, code, origin: "n3", sequence: 1, atMs: 40)
        let settle = TestEvents.step(.settle, code, origin: "n2", sequence: 1, atMs: 50, payload: TestEvents.settlement(of: [withdrawal.id]))
        let stop = TestEvents.step(.stop, code, origin: "n4", sequence: 1, atMs: 20)
        let batches = [n1, [settle], [withdrawal], [stop]]

        var reference: (Dossier, StateDigest)?
        for order in Self.permutations(of: Array(batches.indices)) {
            let log = InMemoryReplicaLog(localOrigin: "n9")
            for index in order { _ = try log.apply(batches[index]) }
            let dossier = try XCTUnwrap(log.dossier(code: code), "\(order)")
            XCTAssertEqual(try log.digest(), try log.recomputedDigest(), "\(order)")
            if let reference {
                XCTAssertEqual(dossier, reference.0, "\(order)")
                XCTAssertEqual(try log.digest(), reference.1, "\(order)")
            } else {
                reference = (dossier, try log.digest())
            }
        }
        let dossier = try XCTUnwrap(reference?.0)
        XCTAssertEqual(dossier.status, .stopped)
        XCTAssertEqual(dossier.conflicts.map(\.event), [n1[2].id, withdrawal.id])
        XCTAssertEqual(dossier.conflicts.map(\.settledBy), [nil, settle.id])
    }

    /// A conflict made across a partition (n1 received the dossier online and accepts it,
    /// n3 handles it and refuses it), settled by an admin on the other side once healed:
    /// every node shows it settled by the same event.
    func testASettleTakenAtOneCentreReachesEveryNode() throws {
        var options = SimulationOptions()
        options.nodeCount = 3
        options.maxClockSkewMs = 0
        let simulation = Simulation(seed: 21, options: options)
        simulation.start()
        let code = try simulation.fileDossier(at: "n1", channel: .online, competentCentre: "n3").dossierCode
        try simulation.awaitConvergence()
        simulation.inject(.partition(side: ["n3"], rest: ["n1", "n2"]))
        try simulation.takeStep(.accept, on: code, at: "n1")
        simulation.run(forMs: 50)
        let refusal = try simulation.takeStep(.refuse, on: code, at: "n3")
        XCTAssertNil(try simulation.settleConflicts(of: code, at: "n3"), "n3 does not see a conflict yet")
        simulation.heal()
        try simulation.awaitConvergence()

        let settle = try XCTUnwrap(try simulation.settleConflicts(of: code, at: "n2"))
        try simulation.awaitConvergence()
        try simulation.verify()
        for node in simulation.nodes {
            let dossier = try XCTUnwrap(node.log.dossier(code: code), node.id)
            XCTAssertEqual(dossier.status, .received, node.id)
            XCTAssertEqual(dossier.conflicts.map(\.event), [refusal.id], node.id)
            XCTAssertEqual(dossier.conflicts.map(\.settledBy), [settle.id], node.id)
            XCTAssertEqual(dossier.history.last?.action, "settle", node.id)
        }
    }

    private static func permutations(of items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[Int]] in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(of: rest).map { [first] + $0 }
        }
    }
}
