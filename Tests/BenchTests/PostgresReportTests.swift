@testable import Bench
import XCTest

final class PostgresReportTests: XCTestCase {
    /// The markdown fixture (casestore: 380 filings/s, p50 3 ms at every client count) plus PostgreSQL figures.
    static func fixture() -> BenchResults {
        var results = MarkdownReportTests.fixture()
        var postgres = PostgresResult(version: "15.18")
        var details = PostgresDetails(serverUser: "postgres", dataDirectory: "/tmp/pg/data", secondsPerRun: 10, measuredAt: "2025-07-01T08:01:00Z",
                                      recordBytes: 1_371, eventBytes: 223, visibilityMethod: "test method")
        let figures: [(mode: PostgresConfig.Mode, clients: Int, tps: Double, p50: Double)] = [
            (.async, 1, 600, 1.5), (.async, 8, 4_000, 1), (.sync, 1, 200, 4), (.sync, 8, 100, 2),
        ]
        for figure in figures {
            let latency = LatencySummary(samplesMs: [figure.p50, figure.p50 * 2])
            let output = PgbenchOutput(transactions: Int(figure.tps) * 10, failed: 0, tps: figure.tps, latencyAverageMs: figure.p50 * 1.5, latencyStddevMs: 0.5)
            details.runs.append(PostgresRun(mode: figure.mode.rawValue, clients: figure.clients, output: output, latency: latency))
            postgres.insertsPerSecond[figure.mode.key(clients: figure.clients)] = figure.tps
            postgres.latencyByMode[figure.mode.key(clients: figure.clients)] = latency
        }
        postgres.standbyVisibility = LatencySummary(samplesMs: [0.5, 0.7, 2])
        postgres.details = details
        results.postgres = postgres
        return results
    }

    func testTargetsComparedWithTheSynchronousStandby() {
        let statuses = Dictionary(uniqueKeysWithValues: TargetEvaluation.evaluate(Self.fixture()).map { ($0.target, $0) })
        let throughput = statuses["Filings/s at 32 clients ≥ 2.5× PostgreSQL record + log inserts at 8 clients"]
        XCTAssertEqual(throughput?.verdict, .met, "380/s ÷ 100/s = 3.8×")
        XCTAssertEqual(throughput?.ratio, "3.80× (need ≥ 2.5×)")
        let latency = statuses["Single-client filing p50 ≤ PostgreSQL's with a synchronous standby"]
        XCTAssertEqual(latency?.verdict, .met, "3 ms ≤ 4 ms")
        XCTAssertEqual(latency?.ratio, "0.75× (need ≤ 1×)")
    }

    func testSectionShowsEveryRunWithItsRatio() {
        let lines = PostgresReport.render(Self.fixture())
        XCTAssertEqual(lines.first, "## PostgreSQL side by side")
        XCTAssertTrue(lines.contains("| sync | 8 | 100 | 3.00 ms ± 0.50 ms | 2.00 ms | 4.00 ms | 4.00 ms | 4.00 ms | 380 | 3.80× | 1.50× |"))
        XCTAssertTrue(lines.contains("| async | 1 | 600 | 2.25 ms ± 0.50 ms | 1.50 ms | 3.00 ms | 3.00 ms | 3.00 ms | 380 | 0.63× | 2.00× |"))
        XCTAssertEqual(lines.filter { $0.hasPrefix("| async |") || $0.hasPrefix("| sync |") }.count, 4)
        XCTAssertTrue(lines.contains { $0.contains("p50 0.70 ms") && $0.contains("test method") })
        XCTAssertTrue(lines.contains { $0.contains("servers run as user `postgres`") })
    }

    func testUnmeasuredSectionSaysSo() {
        let lines = PostgresReport.render(MarkdownReportTests.fixture())
        XCTAssertTrue(lines[2].hasPrefix("Not measured in this run"))
    }

    func testResultsRoundTripThroughJSON() throws {
        let results = Self.fixture()
        let decoded = try ResultsFile.decode(ResultsFile.encode(results))
        XCTAssertEqual(decoded, results)
    }
}
