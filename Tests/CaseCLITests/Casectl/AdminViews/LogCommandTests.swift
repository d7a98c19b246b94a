import CaseCore
import XCTest
@testable import CaseCLI
import CaseArguments
import CaseSupport

/// `casectl log` from fixed answers, and its options.
final class LogCommandTests: XCTestCase {
    static let answer: JSONValue = [
        "node": "n1", "limit": 50, "count": 3, "origin": .null, "dossier": .null,
        "items": [
            ["event": "n2/4", "origin": "n2", "sequence": 4, "at": "2026-11-22T10:05:00.000+07:00", "kind": "transfer",
             "actor": "Trần Văn Bình", "centre": "n2", "dossier": "N1-261122-0001", "payload": ["to": "n3", "note": "thuộc thẩm quyền xã Ba"]],
            ["event": "n1/2", "origin": "n1", "sequence": 2, "at": "2026-11-22T09:30:00.000+07:00", "kind": "apologize",
             "actor": "clerk", "centre": "n1", "dossier": "N1-261122-0001",
             "payload": ["newDueAtMs": 1_795_500_000_000, "reason": "chờ xác minh"]],
            ["event": "n1/1", "origin": "n1", "sequence": 1, "at": "2026-11-22T09:00:00.000+07:00", "kind": "filed",
             "actor": "clerk", "centre": "n1", "dossier": "N1-261122-0001",
             "payload": ["procedureCode": "1.001193", "competentCentre": "n2", "applicant": ["fullName": "Lê Thị Hồng"]]],
        ],
    ]

    func testGoldenTableOfTheLatestEvents() {
        XCTAssertEqual(LogCommand.render(Self.answer), """
            At                             Event  Kind       Dossier         Centre  Actor          Details
            -----------------------------  -----  ---------  --------------  ------  -------------  -------------------------------------------------------
            2026-11-22T10:05:00.000+07:00  n2/4   transfer   N1-261122-0001  n2      Trần Văn Bình  to n3; note: thuộc thẩm quyền xã Ba
            2026-11-22T09:30:00.000+07:00  n1/2   apologize  N1-261122-0001  n1      clerk          due 2026-11-24T13:00:00.000+07:00; reason: chờ xác minh
            2026-11-22T09:00:00.000+07:00  n1/1   filed      N1-261122-0001  n1      clerk          procedure 1.001193; for n2
            3 events of n1's log, newest first
            """)
    }

    func testAnEmptyFilteredLogSaysSo() {
        let empty: JSONValue = ["node": "n1", "items": [], "count": 0, "limit": 50, "origin": "n9", "dossier": "X-1"]
        XCTAssertEqual(LogCommand.render(empty), "No events (origin n9, dossier X-1).")
    }

    func testOptionsBecomeTheQueryAndABadLimitIsAUsageError() throws {
        let cases: [(arguments: [String], query: String?)] = [
            ([], ""),
            (["--origin", "n2"], "?origin=n2"),
            (["--dossier", "N1-261122-0001", "--limit", "5"], "?dossier=N1-261122-0001&limit=5"),
            (["--origin", "xã một"], "?origin=x%C3%A3%20m%E1%BB%99t"),
            (["--limit", "500"], "?limit=500"),
            (["--limit", "0"], nil), (["--limit", "501"], nil), (["--limit", "ten"], nil),
        ]
        for (arguments, query) in cases {
            guard case .parsed(let parsed) = try ArgumentParser(root: CasectlSpec.root).parse(["log"] + arguments) else {
                return XCTFail("\(arguments) did not parse")
            }
            if let query {
                XCTAssertEqual(try LogCommand.query(from: parsed), query, "\(arguments)")
            } else {
                XCTAssertThrowsError(try LogCommand.query(from: parsed), "\(arguments)") { error in
                    XCTAssertTrue((error as? CasectlUsageError)?.message.hasPrefix("--limit must be a whole number from 1 to 500") == true)
                }
            }
        }
    }
}
