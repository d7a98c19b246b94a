import XCTest
@testable import CaseCore

final class CodeRangeTests: XCTestCase {
    func testContainsIsFromInclusiveToExclusiveWithOpenEnds() {
        let cases: [(CodeRange, String, Bool)] = [
            (.all, "", true), (.all, "ZZZ", true),
            (CodeRange(from: "B", to: "D"), "A", false), (CodeRange(from: "B", to: "D"), "B", true),
            (CodeRange(from: "B", to: "D"), "C-9", true), (CodeRange(from: "B", to: "D"), "D", false),
            (CodeRange(from: "B", to: nil), "Z", true), (CodeRange(from: nil, to: "B"), "B", false),
            (CodeRange(from: "", to: ""), "anything", true),
            // Byte order, as SQLite's BINARY collation: "Z" (0x5A) sorts before "a" (0x61).
            (CodeRange(from: "Z", to: "b"), "a", true), (CodeRange(from: "a", to: "b"), "Z", false),
        ]
        for (range, code, expected) in cases {
            XCTAssertEqual(range.contains(code), expected, "\(range) contains \(code)")
        }
        XCTAssertEqual(CodeRange(from: "", to: ""), .all, "empty bounds are open ends")
        XCTAssertEqual(CodeRange(from: "A", to: nil).description, "[A, …)")
    }

    func testValidatedRefusesBackwardsAndOverlongBounds() {
        let long = String(repeating: "X", count: 129)
        let cases: [(String?, String?, String?)] = [
            ("A", "B", nil), (nil, nil, nil), ("", "A", nil),
            ("B", "A", "to: must come after from"), ("A", "A", "to: must come after from"),
            (long, nil, "from: is 129 bytes long"), (nil, long, "to: is 129 bytes long"),
        ]
        for (from, to, problem) in cases {
            switch CodeRange.validated(from: from, to: to) {
            case .success: XCTAssertNil(problem, "\(String(describing: from))..\(String(describing: to))")
            case .failure(let issue):
                XCTAssertTrue(problem.map { issue.description.hasPrefix($0) } ?? false, "\(issue)")
            }
        }
    }

    func testRangeDigestsAgreeOnlyWithTheSameCountAndDigest() {
        let digest = StateDigest.term(forStoredState: Array("x".utf8))
        let range = CodeRange.all
        XCTAssertTrue(RangeDigest(range: range, count: 1, digest: digest).agrees(with: RangeDigest(range: range, count: 1, digest: digest)))
        XCTAssertFalse(RangeDigest(range: range, count: 2, digest: digest).agrees(with: RangeDigest(range: range, count: 1, digest: digest)))
        XCTAssertFalse(RangeDigest(range: range, count: 1, digest: .zero).agrees(with: RangeDigest(range: range, count: 1, digest: digest)))
    }
}
