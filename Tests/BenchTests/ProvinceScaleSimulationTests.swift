@testable import Bench
import XCTest

final class ProvinceScaleSimulationTests: XCTestCase {
    /// The whole run on a tiny nation: its partitions hold until the heal, the checks pass after
    /// it, and every figure the report judges is filled in.
    func testATinyNationRunsThroughItsPartitionsAndPassesItsChecks() throws {
        let result = try ProvinceScaleSimulation(sizes: [2, 3, 4, 2], crossFilings: 4, filings: 60, idleRounds: 5) { _ in }.run()
        XCTAssertTrue(result.checksPassed)
        XCTAssertEqual(result.nodes, 11)
        XCTAssertEqual(result.crossFilings, 4)
        XCTAssertNotNil(result.partition)
        XCTAssertEqual(result.partitionFilings, 4 * ProvinceScaleSimulation.filingsAcrossEachCut)
        XCTAssertNotNil(result.convergedAfterHealSeconds)
        XCTAssertGreaterThan(result.meanStorageShare, 0)
        XCTAssertLessThan(result.meanStorageShare, 1, "a node holds only its provinces' dossiers")
        XCTAssertNotNil(result.idle)
    }
}
