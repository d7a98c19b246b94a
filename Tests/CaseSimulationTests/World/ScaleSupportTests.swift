import XCTest
@testable import CaseSimulation
import CaseReplication
import CaseWire

/// What the scale benchmark relies on: seed nodes, byte counting, member lookups, clusters past 99 nodes.
final class ScaleSupportTests: XCTestCase {
    func testSeedNodesBoundTheJoinAddressesAndTheClusterStillForms() throws {
        var options = SimulationOptions()
        options.nodeCount = 8
        options.seedNodeCount = 2
        options.injectsFaults = false
        let simulation = Simulation(seed: 11, options: options)
        XCTAssertEqual(simulation.joinAddresses, ["sim://n1", "sim://n2"])
        simulation.start()
        try simulation.awaitConvergence()
        for node in simulation.nodes {
            XCTAssertEqual(node.replication?.knownMemberCount, 8, node.id)
            XCTAssertEqual(node.replication?.member("n8")?.record.state, .alive, node.id)
        }
        XCTAssertNil(simulation.node("n1").replication?.member("n99"))
    }

    func testWithoutSeedNodesEveryNodeIsAJoinAddress() {
        var options = SimulationOptions()
        options.nodeCount = 3
        XCTAssertEqual(Simulation(seed: 1, options: options).joinAddresses, ["sim://n1", "sim://n2", "sim://n3"])
    }

    func testBytesAreCountedOnlyWhenAskedAndMatchTheFrames() {
        let network = SimulatedNetwork(seed: 1)
        let message = PeerMessage.ping(sequence: 7, gossip: [])
        network.send(message, from: "n1", to: "n2", nowMs: 0)
        XCTAssertEqual(network.statistics.sentBytes, 0)
        network.countsBytes = true
        network.send(message, from: "n1", to: "n2", nowMs: 0)
        XCTAssertEqual(network.statistics.sentBytes, FrameEncoder.encode(PeerMessageCodec.encode(message)).count)
        XCTAssertEqual(network.statistics.sent, 2)
    }

    func testMoreThanNinetyNineNodesCanBeSimulated() {
        var options = SimulationOptions()
        options.nodeCount = 150
        options.seedNodeCount = 3
        let simulation = Simulation(seed: 3, options: options)
        XCTAssertEqual(simulation.nodes.count, 150)
        XCTAssertEqual(simulation.nodes.last?.id, "n150")
    }
}
