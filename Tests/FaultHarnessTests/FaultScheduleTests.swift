import FaultHarness
import XCTest

final class FaultScheduleTests: XCTestCase {
    private let nodes = ["n1", "n2", "n3", "n4", "n5"]

    func testTheSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        let timing = FaultSchedule.Timing.short
        let first = FaultSchedule(seed: 7, nodes: nodes, durationMs: 120_000, timing: timing)
        let again = FaultSchedule(seed: 7, nodes: nodes, durationMs: 120_000, timing: timing)
        let other = FaultSchedule(seed: 8, nodes: nodes, durationMs: 120_000, timing: timing)
        XCTAssertEqual(first, again)
        XCTAssertNotEqual(first, other)
    }

    func testShortModeSchedulesEveryFaultKindForSeveralSeeds() {
        let options = NemesisOptions.short()
        for seed in [1, 2, 3, 42, 1_000] as [UInt64] {
            let schedule = FaultSchedule(seed: seed, nodes: nodes, durationMs: options.durationSeconds * 1_000, timing: options.timing)
            XCTAssertEqual(Set(schedule.events.map(\.kind)), Set(FaultKind.allCases), "seed \(seed)")
            let cuts = Set(schedule.events.filter(\.kind.isPartition).map(\.amountMs))
            XCTAssertEqual(cuts, [0, 1], "seed \(seed): both black holes (0) and refusals (1)")
        }
    }

    func testFaultsDoNotOverlapAndFitTheDuration() {
        let schedule = FaultSchedule(seed: 3, nodes: nodes, durationMs: 300_000, timing: .soak)
        XCTAssertFalse(schedule.events.isEmpty)
        for (earlier, later) in zip(schedule.events, schedule.events.dropFirst()) {
            XCTAssertLessThanOrEqual(earlier.startMs + earlier.durationMs, later.startMs)
        }
        XCTAssertLessThanOrEqual(schedule.events.last.map { $0.startMs + $0.durationMs } ?? 0, 300_000)
    }

    func testPausesOutlastTheFailureTimeout() {
        // 300 ms probes: a suspect is dead after 4 intervals plus the probe timeout, well under 2.5 s.
        let schedule = FaultSchedule(seed: 11, nodes: nodes, durationMs: 600_000, timing: .short)
        let pauses = schedule.events.filter { $0.kind == .pause }
        XCTAssertFalse(pauses.isEmpty)
        XCTAssertTrue(pauses.allSatisfy { $0.durationMs >= 2_500 })
    }

    func testPartitionShapes() throws {
        func event(_ kind: FaultKind, _ targets: [String]) -> FaultEvent {
            FaultEvent(kind: kind, startMs: 0, durationMs: 1, nodes: targets)
        }
        let halves = try XCTUnwrap(Partition(event(.partitionHalves, ["n1", "n2"]), nodes: nodes))
        XCTAssertEqual(halves.reachable(from: "n1", among: nodes), ["n2"])
        XCTAssertEqual(halves.reachable(from: "n3", among: nodes), ["n4", "n5"])

        let isolated = try XCTUnwrap(Partition(event(.partitionIsolated, ["n4"]), nodes: nodes))
        XCTAssertEqual(isolated.reachable(from: "n4", among: nodes), [])
        XCTAssertEqual(isolated.reachable(from: "n1", among: nodes), ["n2", "n3", "n5"])

        let bridge = try XCTUnwrap(Partition(event(.partitionBridge, ["n3", "n1", "n2", "n4", "n5"]), nodes: nodes))
        XCTAssertEqual(bridge.reachable(from: "n3", among: nodes), ["n1", "n2", "n4", "n5"])
        XCTAssertEqual(bridge.reachable(from: "n1", among: nodes), ["n2", "n3"])
        XCTAssertEqual(bridge.reachable(from: "n5", among: nodes), ["n3", "n4"])

        let ring = try XCTUnwrap(Partition(event(.partitionRing, ["n1", "n2", "n3", "n4", "n5"]), nodes: nodes))
        var views = Set<[String]>()
        for node in nodes {
            let view = ring.reachable(from: node, among: nodes)
            XCTAssertEqual(view.count + 1, 3, "\(node) sees a majority, itself included")
            views.insert((view + [node]).sorted())
        }
        XCTAssertEqual(views.count, nodes.count, "no two nodes see the same majority")

        let oneWay = try XCTUnwrap(Partition(event(.partitionOneWay, ["n1", "n2"]), nodes: nodes))
        XCTAssertEqual(oneWay.reachable(from: "n1", among: nodes), ["n2"])
        XCTAssertEqual(oneWay.reachable(from: "n3", among: nodes), ["n1", "n2", "n4", "n5"])

        XCTAssertNil(Partition(event(.kill, ["n1"]), nodes: nodes))
    }
}
