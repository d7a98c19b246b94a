import Dispatch
import Foundation
import Synchronization
import XCTest
@testable import CaseSimulation

/// The simulation over many seeds: each seed is a different workload and
/// fault plan (loss, duplicates, delays, partitions, crashes), then a heal,
/// and every property must hold after it.
///
/// To replay one seed (for example one this test reported as failing), set
/// `CASESTORE_SIM_SEED`: the sweep then runs exactly that seed and prints its
/// report (a failure prints its fault plan).
///
///     CASESTORE_SIM_SEED=80 swift test --disable-swift-testing --filter CaseSimulationTests.SeedSweepTests
///
/// To search further (a nightly job, or after changing the replication core),
/// set `CASESTORE_SIM_SEEDS` to a range instead: `CASESTORE_SIM_SEEDS=201-5000`.
final class SeedSweepTests: XCTestCase {
    /// Seeds 1…200: a fixed base, so that a failure replays with its seed.
    static let seeds: ClosedRange<UInt64> = 1...200
    /// Seeds are independent, so two run at once (the test machines have two cores).
    static let workers = 2

    func testTwoHundredSeeds() throws {
        let seeds = try Self.seedsToRun()
        let startedAt = Date()
        let outcomes = Self.run(seeds)
        let failures = outcomes.filter { $0.failure != nil }
        for outcome in failures { print(outcome.failure!) }
        if seeds.count == 1, let report = outcomes.first?.report {
            print("seed \(report.seed): \(report)")
        }
        let seconds = Date().timeIntervalSince(startedAt)
        print("simulated \(seeds.count) seeds in \(String(format: "%.1f", seconds)) s; failing seeds: \(failures.map(\.seed))")

        XCTAssertEqual(outcomes.count, seeds.count)
        XCTAssertEqual(failures.map(\.seed), [], "failing seeds (replay each with CASESTORE_SIM_SEED=N)")
        let reports = outcomes.compactMap(\.report)
        if seeds.count > 1 {
            // The sweep must exercise what it claims to: faults happened and conflicts arose.
            XCTAssertGreaterThan(reports.map(\.crashes).reduce(0, +), 0)
            XCTAssertGreaterThan(reports.map(\.network.droppedByPartition).reduce(0, +), 0)
            XCTAssertGreaterThan(reports.map(\.network.duplicated).reduce(0, +), 0)
            XCTAssertGreaterThan(reports.map(\.conflicts).reduce(0, +), 0)
            // The clerks run the real rules: some of their requests were refused, nothing stored.
            let refusals = reports.reduce(into: [String: Int]()) { total, report in total.merge(report.refusals, uniquingKeysWith: +) }
            XCTAssertGreaterThan(refusals["illegal_transition"] ?? 0, 0, "refusals: \(refusals)")
            // Clerks stay in their lane: the few that stray are refused, naming the handling
            // centre, and the work goes on (most steps asked for are stored).
            XCTAssertGreaterThan(refusals["not_handling_centre"] ?? 0, 0, "refusals: \(refusals)")
            let steps = reports.map { $0.acknowledgedEvents - $0.dossiers }.reduce(0, +)
            XCTAssertGreaterThan(steps, 3 * refusals.values.reduce(0, +), "steps stored \(steps), refusals: \(refusals)")
            // Token records were created and revoked at some nodes and reached all of them.
            XCTAssertGreaterThan(reports.map(\.revokedTokens).reduce(0, +), 0)
        }
    }

    struct Outcome: Sendable {
        var seed: UInt64
        var report: SimulationReport?
        var failure: String?
    }

    static func seedsToRun() throws -> [UInt64] {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["CASESTORE_SIM_SEED"] {
            return [try XCTUnwrap(UInt64(text), "CASESTORE_SIM_SEED must be a seed number, got \"\(text)\"")]
        }
        if let text = environment["CASESTORE_SIM_SEEDS"] {
            let bounds = text.split(separator: "-").compactMap { UInt64($0) }
            guard bounds.count == 2, bounds[0] <= bounds[1] else {
                XCTFail("CASESTORE_SIM_SEEDS must be a range like 201-5000, got \"\(text)\"")
                return []
            }
            return Array(bounds[0]...bounds[1])
        }
        return Array(seeds)
    }

    /// Runs the seeds on `workers` threads, each taking the next seed; outcomes in seed order.
    static func run(_ seeds: [UInt64], options: SimulationOptions = SimulationOptions()) -> [Outcome] {
        let next = Mutex(0)
        let outcomes = Mutex<[Outcome]>([])
        DispatchQueue.concurrentPerform(iterations: min(workers, seeds.count)) { _ in
            while true {
                let index = next.withLock { value in
                    defer { value += 1 }
                    return value
                }
                guard index < seeds.count else { return }
                let outcome = runOne(seeds[index], options: options)
                outcomes.withLock { $0.append(outcome) }
            }
        }
        return outcomes.withLock { $0 }.sorted { $0.seed < $1.seed }
    }

    private static func runOne(_ seed: UInt64, options: SimulationOptions) -> Outcome {
        do {
            return Outcome(seed: seed, report: try Simulation(seed: seed, options: options).runRandomized())
        } catch {
            return Outcome(seed: seed, failure: "\(error)")
        }
    }
}
