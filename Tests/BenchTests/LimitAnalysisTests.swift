@testable import Bench
import XCTest

final class LimitAnalysisTests: XCTestCase {
    func testCommitBoundWhenAtTheSingleCommitCeiling() {
        let text = LimitAnalysis.explain(MarkdownReportTests.fixture()).joined()
        XCTAssertTrue(text.contains("sits at the single-commit ceiling"), text)
    }

    func testCPUBoundWhenFarBelowTheSingleCommitCeiling() {
        var results = MarkdownReportTests.fixture()
        results.limits!.singleCommitsPerSecond = 8_000
        let text = LimitAnalysis.explain(results).joined()
        XCTAssertTrue(text.contains("So the disk is not what bounds it"), text)
        XCTAssertFalse(text.contains("sits at the single-commit ceiling"), text)
    }

    func testReplicasOneIsExplainedAsTheFilingPlusTheWaitForAPeer() throws {
        var results = MarkdownReportTests.fixture()
        var cluster = ReplicationClusterResult(clusterSize: 3)
        cluster.replicasOne = [ReplicaRun(clients: 1, filed: 100, failed: 0, seconds: 1, latency: LatencySummary(samplesMs: [3.9, 4.1, 4.0]))]
        results.replication = ReplicationResult(clusters: [cluster])
        let text = try XCTUnwrap(LimitAnalysis.replicasOne(results))
        XCTAssertTrue(text.contains("plus 1.00 ms of waiting for one peer"), text)
        XCTAssertTrue(text.contains("The filing alone already exceeds"), text)
        results.replication?.clusters[0].replicasOne[0].latency = LatencySummary(samplesMs: [0.5])
        XCTAssertNil(LimitAnalysis.replicasOne(results), "a met bound needs no explanation")
    }

    func testProfileSharesAreReadFromReportLines() {
        let summary = """
            52.08%     0.13%  [.] JSONObjectReader.string(_:)
            42.83%     0.00%  [.] WriterQueue.runOnQueue<A>(_:)
            """
        XCTAssertEqual(PerfProfiler.share(of: "WriterQueue.runOnQueue", in: summary), 42.83)
        XCTAssertNil(PerfProfiler.share(of: "normalizedMarks", in: summary))
        let finding = FilingBenchmark.profileFinding(summary, clients: 32)
        XCTAssertTrue(finding.contains("42.83% inside the writer queue"), finding)
        XCTAssertTrue(finding.contains("52.08% in JSONObjectReader.string"), finding)
    }
}

final class GossipCostGrowthTests: XCTestCase {
    private func cluster(_ nodes: Int, _ costs: [(Int, Double)]) -> SimulatedCluster {
        SimulatedCluster(nodes: nodes, theoryRounds: GossipTheory.expectedRounds(nodes: nodes),
                         bytesPerNodePerRound: costs.map { DossierCountCost(dossiers: $0.0, bytesPerNodePerRound: $0.1, messagesPerNodePerRound: 4) })
    }

    func testLinearGrowthIsExplainedAndDossierCostsCompared() throws {
        let simulation = SimulationResult(roundMs: 100, clusters: [cluster(10, [(1, 200), (501, 204)]), cluster(1_000, [(1, 20_000)])])
        let text = try XCTUnwrap(LimitAnalysis.gossipCostGrowth(simulation))
        XCTAssertTrue(text.contains("N^1.00"), text)
        XCTAssertTrue(text.contains("membership exchange"), text)
        XCTAssertTrue(text.contains("10 nodes: 200 B with 1 dossier(s), 204 B with 501"), text)
    }

    func testFlatGrowthNeedsNoExplanation() throws {
        let simulation = SimulationResult(roundMs: 100, clusters: [cluster(10, [(1, 200)]), cluster(1_000, [(1, 400)])])
        let text = try XCTUnwrap(LimitAnalysis.gossipCostGrowth(simulation))
        XCTAssertTrue(text.contains("N^0.15"), text)
        XCTAssertFalse(text.contains("membership exchange"), text)
        XCTAssertNil(LimitAnalysis.gossipCostGrowth(SimulationResult(roundMs: 100, clusters: [cluster(10, [(1, 200)])])))
    }
}
