import XCTest
@testable import CaseArguments

final class EditDistanceTests: XCTestCase {
    func testDistances() {
        let cases: [(String, String, Int?)] = [
            ("", "", 0), ("", "show", 4), ("show", "", 4), ("show", "show", 0),
            ("shw", "show", 1), ("sohw", "show", 2), ("stauts", "status", 2),
            ("kitten", "sitting", 3), ("đơn", "đon", 1), ("đơn", "don", 2),
            (String(repeating: "a", count: 65), "a", nil),
        ]
        for (source, target, expected) in cases {
            XCTAssertEqual(EditDistance.between(source, target), expected, "\(source) → \(target)")
        }
    }

    func testSuggestionsAreCloseAndDeterministic() {
        let commands = ["show", "act", "export", "cluster", "shop"]
        let cases: [(String, String?)] = [
            ("shw", "show"),      // one deletion; "shop" is two away
            ("shox", "show"),     // tie between show and shop goes to the earlier one
            ("ac", "act"),
            ("a", nil),           // one edit from "act" would be the whole word: not a typo
            ("frobnicate", nil),
            ("clustre", "cluster"),
        ]
        for (word, expected) in cases {
            XCTAssertEqual(EditDistance.closest(to: word, among: commands), expected, word)
        }
    }
}
