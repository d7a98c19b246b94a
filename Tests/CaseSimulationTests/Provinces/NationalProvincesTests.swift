import XCTest
@testable import CaseSimulation

final class NationalProvincesTests: XCTestCase {
    func testTheSimulatedNationHasTheRealTotalsAndExtremes() {
        let sizes = NationalProvinces.communeCounts
        XCTAssertEqual(sizes.count, 34)
        XCTAssertEqual(sizes.reduce(0, +), 3_321)
        XCTAssertEqual(sizes.min(), 38)
        XCTAssertEqual(sizes.max(), 168)
        XCTAssertEqual(sizes, sizes.sorted())
        XCTAssertEqual(NationalProvinces.communeCounts(scaledBy: 0.1).count, 34)
        XCTAssertEqual(NationalProvinces.communeCounts(scaledBy: 0.01).min(), 2)
    }
}
