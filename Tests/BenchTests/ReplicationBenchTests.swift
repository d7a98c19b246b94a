@testable import Bench
import Foundation
import NodeLauncher
import XCTest

final class ReplicationBenchTests: XCTestCase {
    static func cluster(size: Int, visibility: LatencySummary, achieved: Double, catchUpEvents: Int = 10_000, catchUpSeconds: Double = 2,
                        dossiers: Int = 20_000, bootstrapSeconds: Double = 4, rssMB: Int = 60) -> ReplicationClusterResult {
        var cluster = ReplicationClusterResult(clusterSize: size)
        cluster.visibilityIdle = visibility
        cluster.visibilityUnderLoad = visibility
        cluster.backgroundTargetPerSecond = 1_000
        cluster.backgroundAchievedPerSecond = achieved
        cluster.replicasOne = [ReplicaRun(clients: 1, filed: 100, failed: 0, seconds: 1, latency: LatencySummary(samplesMs: [0.5, 0.6, 0.7]))]
        cluster.catchUp = CatchUpResult(missedFilings: catchUpEvents, events: catchUpEvents, seconds: catchUpSeconds, startSeconds: 0.2)
        cluster.bootstrap = BootstrapResult(dossiers: dossiers, events: dossiers, seconds: bootstrapSeconds, rssBytes: rssMB << 20,
                                            peakRSSBytes: rssMB << 20, loadFilingsPerSecond: 500)
        cluster.nodesIdle = [ProcessUsage(cpuCores: 0.005, rssBytes: 20 << 20, peakRSSBytes: 20 << 20, seconds: 3)]
        return cluster
    }

    static func verdicts(_ cluster: ReplicationClusterResult) -> [String: TargetStatus.Verdict] {
        var results = MarkdownReportTests.fixture()
        results.replication = ReplicationResult(clusters: [cluster])
        return Dictionary(uniqueKeysWithValues: TargetEvaluation.evaluate(results).map { ($0.target, $0.verdict) })
    }

    static let visibilityTarget = "Replication visibility on 3 nodes under 1,000 filings/s: p50 ≤ 2 ms, p99 ≤ 20 ms"

    func testVisibilityVerdictDependsOnBoundAndAchievedLoad() {
        let fast = LatencySummary(count: 10, meanMs: 1, p50Ms: 1, p90Ms: 2, p99Ms: 10, maxMs: 12)
        let slow = LatencySummary(count: 10, meanMs: 5, p50Ms: 5, p90Ms: 9, p99Ms: 30, maxMs: 40)
        let cases: [(LatencySummary, Double, TargetStatus.Verdict)] = [
            (fast, 1_000, .met), (fast, 400, .notMeasured), (slow, 400, .notMet), (slow, 1_200, .notMet),
        ]
        for (summary, achieved, expected) in cases {
            let verdicts = Self.verdicts(Self.cluster(size: 3, visibility: summary, achieved: achieved))
            XCTAssertEqual(verdicts[Self.visibilityTarget], expected, "p50 \(summary.p50Ms) at \(achieved)/s")
        }
    }

    func testVisibilityOnlyCountsTheThreeNodeCluster() {
        let fast = LatencySummary(count: 10, meanMs: 1, p50Ms: 1, p90Ms: 2, p99Ms: 10, maxMs: 12)
        XCTAssertEqual(Self.verdicts(Self.cluster(size: 5, visibility: fast, achieved: 2_000))[Self.visibilityTarget], .notMeasured)
    }

    func testCatchUpBootstrapAndRSSVerdicts() {
        let summary = LatencySummary(samplesMs: [1])
        let cases: [(cluster: ReplicationClusterResult, catchUp: TargetStatus.Verdict, bootstrap: TargetStatus.Verdict, rss: TargetStatus.Verdict)] = [
            // 5,000 events/s; 20,000 in 4 s → 200 s per million (a miss even extrapolated); 60 MB below bound but not at a million.
            (Self.cluster(size: 3, visibility: summary, achieved: 1, catchUpEvents: 10_000, catchUpSeconds: 2), .notMet, .notMet, .notMeasured),
            // 20,000 events/s; 20,000 in 1 s → 50 s per million extrapolated: not proof; RSS already 400 MB: a miss.
            (Self.cluster(size: 3, visibility: summary, achieved: 1, catchUpEvents: 20_000, catchUpSeconds: 1, bootstrapSeconds: 1, rssMB: 400), .met, .notMeasured, .notMet),
            // A real million in 80 s with 200 MB.
            (Self.cluster(size: 3, visibility: summary, achieved: 1, dossiers: 1_000_000, bootstrapSeconds: 80, rssMB: 200), .notMet, .met, .met),
        ]
        for (index, row) in cases.enumerated() {
            let verdicts = Self.verdicts(row.cluster)
            XCTAssertEqual(verdicts["Catch-up ≥ 15,000 events/s"], row.catchUp, "case \(index)")
            XCTAssertEqual(verdicts["Bootstrap of 1,000,000 dossiers ≤ 90 s"], row.bootstrap, "case \(index)")
            XCTAssertEqual(verdicts["RSS with 1,000,000 dossiers < 300 MB"], row.rss, "case \(index)")
        }
    }

    func testReplicasOneVerdict() {
        var cluster = Self.cluster(size: 3, visibility: LatencySummary(samplesMs: [1]), achieved: 1)
        let target = "Filing latency p50 with replicas=1 ≤ 0.6 ms (1 client, 3 nodes)"
        XCTAssertEqual(Self.verdicts(cluster)[target], .met)
        cluster.replicasOne[0].latency = LatencySummary(samplesMs: [0.9, 1.0])
        XCTAssertEqual(Self.verdicts(cluster)[target], .notMet)
        cluster.replicasOne = []
        XCTAssertEqual(Self.verdicts(cluster)[target], .notMeasured)
    }

    func testReplicationCountersAreReadOffThePrometheusText() {
        let text = """
        # HELP casestore_replication_total Replication counters since start.
        # TYPE casestore_replication_total gauge
        casestore_replication_total{counter="events_applied"} 20002
        casestore_replication_total{counter="events_received_pulled"} 2.5e+04
        casestore_events 7
        casestore_replication_total_other{counter="x"} 1
        """
        XCTAssertEqual(LocalCluster.counters(named: "casestore_replication_total", in: text),
                       ["events_applied": 20_002, "events_received_pulled": 25_000])
    }

    func testBootstrapExtrapolatesLinearly() {
        let bootstrap = BootstrapResult(dossiers: 20_000, events: 20_000, seconds: 4, rssBytes: 0, peakRSSBytes: 0, loadFilingsPerSecond: 1)
        XCTAssertEqual(bootstrap.secondsPerMillion, 200, accuracy: 1e-9)
        XCTAssertEqual(bootstrap.dossiersPerSecond, 5_000, accuracy: 1e-9)
        XCTAssertEqual(CatchUpResult(missedFilings: 1, events: 30_000, seconds: 2, startSeconds: 0.1).eventsPerSecond, 15_000, accuracy: 1e-9)
        XCTAssertEqual(CatchUpResult(missedFilings: 0, events: 0, seconds: 0, startSeconds: 0).eventsPerSecond, 0)
        var rejoining = CatchUpResult(missedFilings: 1, events: 6_000, seconds: 40, startSeconds: 0.1)
        XCTAssertNil(rejoining.transferEventsPerSecond)
        rejoining.firstEventSeconds = 30
        XCTAssertEqual(rejoining.transferEventsPerSecond!, 600, accuracy: 1e-9)
        XCTAssertEqual(rejoining.eventsPerSecond, 150, accuracy: 1e-9)
    }

    func testReportHasOneColumnPerClusterSize() {
        let summary = LatencySummary(samplesMs: [1, 2, 3])
        let lines = ReplicationReport.lines(ReplicationResult(clusters: [Self.cluster(size: 3, visibility: summary, achieved: 180),
                                                                         Self.cluster(size: 5, visibility: summary, achieved: 190)]))
        XCTAssertEqual(lines.first, ReplicationReport.title)
        XCTAssertTrue(lines.contains("| Figure | 3 nodes | 5 nodes |"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("| Background load: target / achieved filings/s | 1,000 / 180 | 1,000 / 190 |"), lines.joined(separator: "\n"))
        XCTAssertFalse(lines.joined().contains("not measured yet"))
        XCTAssertTrue(ReplicationReport.lines(nil).joined().contains("not measured yet"))
    }

    func testDuplicateDeliveriesAreReportedPerEventHeld() {
        XCTAssertEqual(ReplicationReport.received(24_000, for: 10_000), "; 2.40 events received per event held")
        XCTAssertEqual(ReplicationReport.received(nil, for: 10_000), "", "an older results file has no counters")
        XCTAssertEqual(ReplicationReport.received(5, for: 0), "")
    }

    func testBulkRoundsRespectCodesPerAgency() {
        let cases: [(total: Int, nodes: Int, perAgency: Int, rounds: [[Int]])] = [
            (10, 2, 9_000, [[5, 5]]),
            (11, 2, 9_000, [[6, 5]]),
            (20_000, 2, 9_000, [[9_000, 9_000], [1_000, 1_000]]),
            (0, 3, 10, []),
            (25, 3, 5, [[5, 5, 5], [4, 3, 3]]),
        ]
        for row in cases {
            let rounds = BulkLoader.rounds(total: row.total, nodes: row.nodes, perAgency: row.perAgency)
            XCTAssertEqual(rounds, row.rounds, "\(row.total) over \(row.nodes)")
            XCTAssertEqual(rounds.flatMap { $0 }.reduce(0, +), row.total)
        }
    }

    func testMergeReplacesOnlyThisPartsFindings() {
        let previous = ["perf profile of the node at 32 client(s)", "Replication on 3 nodes, catch-up: old", "Visibility idle on 3 nodes: old"]
        let merged = ReplicationCommand.merge(previous: previous, new: ["Bootstrap on 3 nodes: new"], note: "Replication figures from x")
        XCTAssertEqual(merged, ["perf profile of the node at 32 client(s)", "Replication figures from x", "Bootstrap on 3 nodes: new"])
    }

    /// `casebench catch-up --full --write` replaces the catch-up and bootstrap findings only.
    func testACatchUpMergeKeepsTheOtherReplicationFindings() {
        let previous = [
            "Replication figures from y", "Visibility idle on 3 nodes: old", "Bootstrap on 3 nodes: old",
            "perf profile of the node bootstrapping on 3 nodes", "Catch-up and bootstrap figures from z",
        ]
        let merged = ReplicationCommand.merge(
            previous: previous, new: ["Catch-up on 3 nodes: new"], note: "Catch-up and bootstrap figures from x",
            replacing: ReplicationCommand.catchUpFindingPrefixes)
        XCTAssertEqual(merged, ["Replication figures from y", "Visibility idle on 3 nodes: old", "Catch-up and bootstrap figures from x", "Catch-up on 3 nodes: new"])
    }

    func testFilingsLoseTheirActorField() {
        var factory = FilingFactory(seed: 1)
        let filing = ReplicationBenchmark.withoutActor(factory.next())
        XCTAssertNil(filing["actor"])
        XCTAssertNotNil(filing["applicant"])
    }

    func testRestartKeepsTheChosenPorts() {
        let node = CasenodeProcess(executable: "/bin/true", id: "n1", dataDirectory: "/tmp/x", extraArguments: ["--join", "127.0.0.1:9"])
        XCTAssertEqual(node.arguments, ["--id", "n1", "--data", "/tmp/x", "--http", "127.0.0.1:0", "--peer", "127.0.0.1:0", "--join", "127.0.0.1:9"])
    }

    func testCatchUpAndBootstrapSayWhetherSignaturesWereChecked() throws {
        var cluster = Self.cluster(size: 3, visibility: LatencySummary(samplesMs: [1]), achieved: 1_000)
        func row(_ name: String) -> String {
            ReplicationReport.lines(ReplicationResult(clusters: [cluster])).first { $0.hasPrefix("| " + name) } ?? "no row \(name)"
        }
        XCTAssertFalse(row("Catch-up").contains("signature"), "results from before it was recorded say nothing")
        XCTAssertFalse(row("Bootstrap").contains("signature"))
        cluster.catchUp?.signaturesVerified = true
        cluster.bootstrap?.signaturesVerified = false
        XCTAssertTrue(row("Catch-up").contains("certified nodes, every received event's signature chain checked"), row("Catch-up"))
        XCTAssertTrue(row("Bootstrap").contains("nodes without a root key, signatures not checked"), row("Bootstrap"))

        var results = MarkdownReportTests.fixture()
        results.replication = ReplicationResult(clusters: [cluster])
        let decoded = try ResultsFile.decode(ResultsFile.encode(results))
        XCTAssertEqual(decoded, results)
        XCTAssertEqual(decoded.replication?.clusters.first?.catchUp?.signaturesVerified, true)
        XCTAssertEqual(decoded.replication?.clusters.first?.bootstrap?.signaturesVerified, false)
    }

    func testClusterKeyFileIsOneHexLineOwnerOnly() throws {
        let directory = NSTemporaryDirectory() + "replbench-key-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let flags = try ClusterKeyFile.write(in: directory)
        XCTAssertEqual(flags, ["--cluster-key", directory + "/cluster.key"])
        let text = try String(contentsOfFile: flags[1], encoding: .utf8)
        XCTAssertEqual(text.count, 65)
        XCTAssertTrue(text.dropLast().allSatisfy(\.isHexDigit))
        let mode = try FileManager.default.attributesOfItem(atPath: flags[1])[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testResizedPlanWidensItsBoundsToTheNewCounts() {
        let plan = ReplicationPlan.quick.resized(catchUpFilings: 100_000, bootstrapDossiers: 0)
        XCTAssertEqual(plan.catchUpFilings, 100_000)
        XCTAssertEqual(plan.bootstrapDossiers, 0, "0 dossiers: no bootstrap")
        XCTAssertEqual(plan.maxLoadSeconds, 200, "2 ms a filing: quick's 20 s would cut the load off")
        XCTAssertEqual(plan.maxCatchUpSeconds, 100)
        XCTAssertEqual(plan.maxBootstrapSeconds, ReplicationPlan.quick.maxBootstrapSeconds)
        let smaller = ReplicationPlan.full.resized(catchUpFilings: 1_000, bootstrapDossiers: 2_000_000)
        XCTAssertEqual(smaller.maxLoadSeconds, ReplicationPlan.full.maxLoadSeconds, "a bound is never narrowed")
        XCTAssertEqual(smaller.maxBootstrapSeconds, 2_000)
        XCTAssertEqual(ReplicationPlan.full.resized(catchUpFilings: nil, bootstrapDossiers: nil), .full)
    }

    func testACatchUpTimedSeveralTimesKeepsEveryRunsRate() throws {
        var result = CatchUpResult(missedFilings: 100_000, events: 100_000, seconds: 6, startSeconds: 0.1)
        XCTAssertEqual(ReplicationReport.runs(result.runsEventsPerSecond), "", "timed once: nothing more to say")
        result.runsEventsPerSecond = [13_521, 16_273, 15_819]
        XCTAssertEqual(try CatchUpResult(json: result.json, at: "catchUp"), result, "the runs survive the results file")
        let said = ReplicationReport.runs(result.runsEventsPerSecond)
        XCTAssertTrue(said.contains("median of 3 runs"), said)
        XCTAssertTrue(said.contains(Format.number(13_521)), said)
        var bootstrap = BootstrapResult(dossiers: 1_000, events: 1_000, seconds: 2, rssBytes: 1 << 20, peakRSSBytes: 1 << 20, loadFilingsPerSecond: 500)
        XCTAssertEqual(ReplicationReport.runs(seconds: bootstrap.runsSeconds), "")
        bootstrap.runsSeconds = [85, 104.4, 87.5]
        XCTAssertEqual(try BootstrapResult(json: bootstrap.json, at: "bootstrap"), bootstrap)
        XCTAssertTrue(ReplicationReport.runs(seconds: bootstrap.runsSeconds).contains("median of 3 runs"))
        XCTAssertEqual(ReplicationPlan.full.repeats, 3, "the targets' figures are medians")
        XCTAssertEqual(ReplicationPlan.quick.repeats, 1)
    }

    func testTheMedianOfAnEvenCountIsTheSlowerMiddleRun() {
        XCTAssertEqual(ClusterSession.slowerMedian([16_000.0, 17_000, 15_000]) { -$0 }, 16_000)
        XCTAssertEqual(ClusterSession.slowerMedian([16_000.0, 17_000]) { -$0 }, 16_000, "the lower rate")
        XCTAssertEqual(ClusterSession.slowerMedian([75.0, 73.0]) { $0 }, 75, "the longer time")
    }

    func testAClerksFilingsWhileCatchingUpAreReportedBesideThoseAfter() throws {
        var cluster = ReplicationClusterResult(clusterSize: 3)
        cluster.catchUp = CatchUpResult(missedFilings: 100_000, events: 100_000, seconds: 6, startSeconds: 0.1)
        let row = "A clerk's filings at the node while it catches up / after"
        XCTAssertTrue(ReplicationReport.lines(ReplicationResult(clusters: [cluster])).contains { $0.hasPrefix("| \(row)") && $0.hasSuffix("| — |") },
                      "not measured: a dash")
        cluster.catchUp?.filingWhileCatchingUp = LatencySummary(samplesMs: [4, 5, 480])
        cluster.catchUp?.filingAfterCatchingUp = LatencySummary(samplesMs: [3, 4, 6])
        XCTAssertEqual(try CatchUpResult(json: cluster.catchUp!.json, at: "catchUp"), cluster.catchUp, "the latencies survive the results file")
        let line = try XCTUnwrap(ReplicationReport.lines(ReplicationResult(clusters: [cluster])).first { $0.hasPrefix("| \(row)") })
        XCTAssertTrue(line.contains(ReplicationReport.summary(cluster.catchUp!.filingWhileCatchingUp!) + " / " + ReplicationReport.summary(cluster.catchUp!.filingAfterCatchingUp!)), line)
        XCTAssertGreaterThan(ReplicationPlan.full.catchUpProbeFilingsPerSecond, 0, "the full suite measures it")
    }
}

final class ReplicationLimitsTests: XCTestCase {
    func testLimitsAreReadFromTheFigures() {
        var cluster = ReplicationBenchTests.cluster(size: 3, visibility: LatencySummary(samplesMs: [1]), achieved: 160)
        cluster.backlogEventsAfterLoad = 2_000
        cluster.catchUp?.nodeCPUCores = 0.1
        cluster.catchUp?.firstEventSeconds = 1
        let lines = ReplicationReport.whatLimits(cluster)
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].contains("2,000 events behind and had not caught up"), lines[0])
        XCTAssertTrue(lines[1].contains("mostly waited"), lines[1])
        XCTAssertTrue(lines[2].contains("never answered"), lines[2])
        cluster.backlogEventsAfterLoad = 0
        cluster.catchUp = nil
        cluster.bootstrap = nil
        XCTAssertEqual(ReplicationReport.whatLimits(cluster), [])
    }

    func testNodesUsingMostOfTheCoresUnderLoadAreNamedAsALimit() {
        var cluster = ReplicationBenchTests.cluster(size: 3, visibility: LatencySummary(samplesMs: [1]), achieved: 900)
        cluster.catchUp = nil
        cluster.bootstrap = nil
        cluster.backlogEventsAfterLoad = 10
        cluster.nodesUnderLoad = [0.4, 0.8, 0.5].map { ProcessUsage(cpuCores: $0, rssBytes: 1, peakRSSBytes: 1, seconds: 5) }
        let lines = ReplicationReport.whatLimits(cluster, cores: 2)
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines.first?.contains("1.70 of the machine's 2 cores") == true, "\(lines)")
        XCTAssertEqual(ReplicationReport.whatLimits(cluster, cores: 4), [], "1.7 of 4 cores leaves room; 10 events in flight at 900/s is keeping up")
        cluster.receivedUnderLoad = [ReceivedEvents(pushed: 900, pulled: 100), ReceivedEvents(pushed: 600, pulled: 400)]
        XCTAssertTrue(ReplicationReport.whatLimits(cluster, cores: 4).first?.contains("up to 40% of the events") == true)
    }
}
