@testable import Bench
import XCTest

final class PercentileTests: XCTestCase {
    func testNearestRankPercentiles() {
        let cases: [(samples: [Double], percent: Double, expected: Double)] = [
            ([1], 50, 1),
            ([1, 2], 50, 1),
            ([1, 2, 3, 4], 50, 2),
            ([1, 2, 3, 4], 75, 3),
            ([1, 2, 3, 4], 100, 4),
            (Array(1...100).map(Double.init), 99, 99),
            (Array(1...100).map(Double.init), 90, 90),
            (Array(1...1000).map(Double.init), 99, 990),
            ([5, 1, 4, 2, 3].sorted(), 0, 1),
        ]
        for (samples, percent, expected) in cases {
            XCTAssertEqual(LatencySummary.percentile(percent, ofSorted: samples), expected, "p\(percent) of \(samples.count) samples")
        }
    }

    func testSummaryOfUnsortedSamples() {
        let summary = LatencySummary(samplesMs: [10, 1, 7, 3, 5, 9, 2, 8, 4, 6])
        XCTAssertEqual(summary.count, 10)
        XCTAssertEqual(summary.p50Ms, 5)
        XCTAssertEqual(summary.p90Ms, 9)
        XCTAssertEqual(summary.p99Ms, 10)
        XCTAssertEqual(summary.maxMs, 10)
        XCTAssertEqual(summary.meanMs, 5.5, accuracy: 1e-9)
    }

    func testEmptySummaryIsZero() {
        XCTAssertEqual(LatencySummary(samplesMs: []), LatencySummary(count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0))
    }

    func testThinningKeepsEndsAndBound() {
        let sorted = (0..<10_000).map(Double.init)
        let thinned = LatencySummary.thinned(sorted, to: 100)
        XCTAssertEqual(thinned.count, 100)
        XCTAssertEqual(thinned.first, 0)
        XCTAssertEqual(thinned.last, 9_999)
        XCTAssertEqual(thinned, thinned.sorted())
        XCTAssertEqual(LatencySummary.thinned([1, 2, 3], to: 100), [1, 2, 3])
    }
}
