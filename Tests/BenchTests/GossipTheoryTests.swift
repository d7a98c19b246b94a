@testable import Bench
import Foundation
import XCTest

final class GossipTheoryTests: XCTestCase {
    func testExpectedRoundsIsLog2PlusLn() {
        let cases: [(nodes: Int, expected: Double)] = [
            (1, 0),
            (2, 1 + log(2.0)),
            (8, 3 + log(8.0)),
            (1_024, 10 + log(1_024.0)),
            (3_321, log2(3_321.0) + log(3_321.0)),
        ]
        for (nodes, expected) in cases {
            XCTAssertEqual(GossipTheory.expectedRounds(nodes: nodes), expected, accuracy: 1e-12, "N = \(nodes)")
        }
        XCTAssertEqual(GossipTheory.expectedRounds(nodes: 3_321), 19.81, accuracy: 0.01)
    }

    func testTargetIsOneAndAHalfTimesTheory() {
        let theory = GossipTheory.expectedRounds(nodes: 100)
        XCTAssertTrue(GossipTheory.meetsTarget(rounds: theory * 1.5, nodes: 100))
        XCTAssertFalse(GossipTheory.meetsTarget(rounds: theory * 1.5 + 0.01, nodes: 100))
    }

    func testCurveGrowsWithN() {
        let values = [10, 100, 1_000, 3_321].map { GossipTheory.expectedRounds(nodes: $0) }
        XCTAssertEqual(values, values.sorted())
        XCTAssertEqual(ReportCharts.theoryXs(from: 10, to: 1_000).first, 10)
        XCTAssertEqual(ReportCharts.theoryXs(from: 10, to: 1_000).last, 1_000)
    }
}
