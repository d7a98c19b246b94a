import XCTest
@testable import CaseSimulation
import CaseReplication

final class SimulatedNetworkTests: XCTestCase {
    private func ping(_ sequence: UInt64) -> PeerMessage {
        .ping(sequence: sequence, gossip: [])
    }

    private func drain(_ network: SimulatedNetwork, untilMs: Int64 = 1_000_000) -> [InFlightMessage] {
        var delivered: [InFlightMessage] = []
        while let message = network.nextDelivery(notAfterMs: untilMs) { delivered.append(message) }
        return delivered
    }

    func testMessagesArriveByDeliveryTimeThenByOrderOfSending() {
        let network = SimulatedNetwork(seed: 1, conditions: NetworkConditions(latencyMs: 5...5))
        network.send(ping(1), from: "n1", to: "n2", nowMs: 10)
        network.send(ping(2), from: "n3", to: "n2", nowMs: 10)
        network.send(ping(3), from: "n1", to: "n2", nowMs: 8)

        XCTAssertNil(network.nextDelivery(notAfterMs: 12))
        XCTAssertEqual(drain(network).map(\.message), [ping(3), ping(1), ping(2)])
        XCTAssertEqual(network.statistics.delivered, 3)
    }

    func testAOneWayCutLosesOnlyThatDirection() {
        let network = SimulatedNetwork(seed: 1)
        network.cut(from: "n1", to: "n2")
        network.send(ping(1), from: "n1", to: "n2", nowMs: 0)
        network.send(ping(2), from: "n2", to: "n1", nowMs: 0)

        XCTAssertEqual(drain(network).map(\.message), [ping(2)])
        XCTAssertEqual(network.statistics.droppedByPartition, 1)
    }

    func testAPartitionLosesMessagesAlreadyInFlightAndHealing() {
        let network = SimulatedNetwork(seed: 1)
        network.send(ping(1), from: "n1", to: "n3", nowMs: 0)
        network.partition(["n1", "n2"], from: ["n3"])
        network.send(ping(2), from: "n3", to: "n2", nowMs: 0)

        XCTAssertEqual(drain(network).count, 0)
        XCTAssertEqual(network.statistics.droppedByPartition, 2)

        network.healPartitions()
        network.send(ping(3), from: "n3", to: "n2", nowMs: 0)
        XCTAssertEqual(drain(network).map(\.message), [ping(3)])
    }

    func testADownNodeLosesWhatWasInFlightAndWhatIsSentUntilItIsUp() {
        let network = SimulatedNetwork(seed: 1)
        network.send(ping(1), from: "n1", to: "n2", nowMs: 0)
        network.send(ping(2), from: "n2", to: "n1", nowMs: 0)
        network.nodeDown("n2")
        network.send(ping(3), from: "n1", to: "n2", nowMs: 0)
        network.nodeUp("n2")
        network.send(ping(4), from: "n1", to: "n2", nowMs: 0)

        XCTAssertEqual(drain(network).map(\.message), [ping(2), ping(4)])
        XCTAssertEqual(network.statistics.droppedAtDownNode, 2)
    }

    /// Each case: conditions, and how many copies of one message arrive.
    func testLossAndDuplication() {
        let cases: [(NetworkConditions, Int)] = [
            (NetworkConditions(dropProbability: 1), 0),
            (NetworkConditions(duplicateProbability: 1), 2),
            (NetworkConditions(dropProbability: 0, duplicateProbability: 0), 1),
        ]
        for (conditions, copies) in cases {
            let network = SimulatedNetwork(seed: 1, conditions: conditions)
            network.send(ping(1), from: "n1", to: "n2", nowMs: 0)
            XCTAssertEqual(drain(network).count, copies, "\(conditions)")
        }
    }

    func testTheSameSeedSchedulesTheSameDeliveries() {
        let conditions = NetworkConditions(
            dropProbability: 0.2, duplicateProbability: 0.1, latencyMs: 1...30, reorderProbability: 0.1, detourMs: 10...500)
        func schedule(seed: UInt64) -> [String] {
            let network = SimulatedNetwork(seed: seed, conditions: conditions)
            for index in 0..<200 { network.send(ping(UInt64(index)), from: "n1", to: "n2", nowMs: Int64(index)) }
            return drain(network).map { "\($0.message) at \($0.deliverAtMs)" }
        }

        XCTAssertEqual(schedule(seed: 3), schedule(seed: 3))
        XCTAssertNotEqual(schedule(seed: 3), schedule(seed: 4))
        XCTAssertNotEqual(schedule(seed: 3).count, 200, "some are lost or duplicated")
    }
}
