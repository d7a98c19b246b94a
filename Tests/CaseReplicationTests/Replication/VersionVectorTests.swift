import XCTest
@testable import CaseCore
@testable import CaseReplication

final class VersionVectorTests: XCTestCase {
    func testLacksMissingCountAndCovers() {
        let mine = VersionVector(["n1": 5, "n2": 3])
        let theirs = VersionVector(["n1": 7, "n2": 3, "n3": 2])
        XCTAssertEqual(mine.lacks(comparedTo: theirs).map { "\($0.origin):\($0.after)-\($0.through)" }, ["n1:5-7", "n3:0-2"])
        XCTAssertEqual(mine.missingCount(comparedTo: theirs), 4)
        XCTAssertEqual(theirs.missingCount(comparedTo: mine), 0)
        XCTAssertTrue(theirs.covers(mine))
        XCTAssertFalse(mine.covers(theirs))
        XCTAssertEqual(mine.merged(with: theirs), VersionVector(["n1": 7, "n2": 3, "n3": 2]))
        XCTAssertEqual(theirs.total, 12)
    }

    func testZeroHeadsAreTheSameAsAbsentOnes() {
        XCTAssertEqual(VersionVector(["n1": 0]), VersionVector())
        XCTAssertEqual(VersionVector()["anyone"], 0)
        XCTAssertEqual(VersionVector(["b": 1, "a": 2]).origins, ["a", "b"])
    }

    func testAdvanceOnlyMovesForward() {
        var vector = VersionVector()
        vector.advance("n1", to: 3)
        vector.advance("n1", to: 3)
        XCTAssertEqual(vector["n1"], 3)
    }
}
