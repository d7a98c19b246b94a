import CaseCore
import XCTest
@testable import CaseCLI
import CaseSupport

/// `casectl conflicts` from fixed node answers: both sides of each conflict joined from the
/// dossier's history, the exact table, and JSON that parses.
final class ConflictRenderingTests: XCTestCase {
    static let listedItem: JSONValue = [
        "code": "N1-250701-0004", "status": "returned",
        "conflicts": [
            ["event": "n2/41", "at": "2025-07-01T10:00:08.340+07:00", "centre": "n2", "action": "request-withdrawal",
             "statusAtApply": "resolved", "winningEvent": "n1/6", "reason": "request-withdrawal is not allowed from resolved",
             "settledBy": "n3/9"],
            ["event": "n2/42", "at": "2025-07-01T10:00:09.000+07:00", "centre": "n2", "action": "stop",
             "statusAtApply": "resolved", "winningEvent": "n1/6", "reason": "stop is not allowed from resolved"],
        ],
    ]

    static let dossier: JSONValue = [
        "code": "N1-250701-0004", "status": "returned",
        "history": [
            ["event": "n1/4", "at": "2025-07-01T09:00:00.000+07:00", "centre": "n1", "actor": "clerk", "action": "filed", "to": "received", "applied": true],
            ["event": "n1/6", "at": "2025-07-01T10:00:07.310+07:00", "centre": "n1", "actor": "Lê Thị Hoa", "action": "resolve",
             "from": "processing", "to": "resolved", "applied": true],
            ["event": "n2/41", "at": "2025-07-01T10:00:08.340+07:00", "centre": "n2", "actor": "clerk", "action": "request-withdrawal",
             "from": "resolved", "to": "resolved", "applied": false, "note": "dân xin rút", "conflict": "request-withdrawal is not allowed from resolved"],
            ["event": "n2/42", "at": "2025-07-01T10:00:09.000+07:00", "centre": "n2", "actor": "clerk", "action": "stop",
             "from": "resolved", "to": "resolved", "applied": false],
            ["event": "n3/9", "at": "2025-07-01T11:30:00.000+07:00", "centre": "n3", "actor": "Trưởng phòng", "action": "settle",
             "from": "resolved", "to": "resolved", "applied": true, "note": "đã trả kết quả", "details": ["events": ["n2/41"]]],
            ["event": "n1/7", "at": "2025-07-01T14:00:00.000+07:00", "centre": "n1", "actor": "clerk", "action": "return",
             "from": "resolved", "to": "returned", "applied": true],
        ],
    ]

    static var listing: JSONValue {
        ["items": [ConflictListing.enrich(listedItem, dossier: dossier)], "total": 1, "limit": 50, "offset": 0, "open": false]
    }

    func testEachConflictGetsBothSidesTheOutcomeAndItsSettlement() throws {
        let conflicts = try XCTUnwrap(Self.listing["items"]?[0]?["conflicts"]?.arrayValue)
        XCTAssertEqual(conflicts[0]["notApplied"], [
            "event": "n2/41", "action": "request-withdrawal", "centre": "n2", "actor": "clerk",
            "at": "2025-07-01T10:00:08.340+07:00", "note": "dân xin rút",
        ])
        XCTAssertEqual(conflicts[0]["winningStep"]?["action"], "resolve")
        XCTAssertEqual(conflicts[0]["winningStep"]?["actor"], "Lê Thị Hoa")
        XCTAssertEqual(conflicts[0]["outcome"], "resolved")
        XCTAssertEqual(conflicts[0]["settlement"]?["note"], "đã trả kết quả")
        XCTAssertEqual(conflicts[1]["settlement"], .null)
        XCTAssertEqual(conflicts[1]["reason"], "stop is not allowed from resolved", "the node's fields are kept")
        let reparsed = try JSONParser().parse(JSONWriter.string(Self.listing, pretty: true))
        XCTAssertEqual(reparsed, Self.listing)
    }

    func testTheTableShowsOneConflictPerRow() {
        XCTAssertEqual(ConflictRendering.table(Self.listing), """
            Dossier         Now       Not applied                                          Winning step                             Outcome          Settled
            --------------  --------  ---------------------------------------------------  ---------------------------------------  ---------------  --------------------------------------
            N1-250701-0004  returned  n2/41 request-withdrawal at n2, 2025-07-01 10:00:08  n1/6 resolve at n1, 2025-07-01 10:00:07  resolved stands  by n3/9 (Trưởng phòng): đã trả kết quả
            N1-250701-0004  returned  n2/42 stop at n2, 2025-07-01 10:00:09                n1/6 resolve at n1, 2025-07-01 10:00:07  resolved stands  no
            2 conflicts in 1 dossier (from 1, of 1 with conflicts); 1 open
            Settle with: casectl conflicts settle CODE --note TEXT [--event ID ...]
            """)
    }

    func testEmptyListingsSaySo() {
        XCTAssertEqual(ConflictRendering.table(["items": [], "total": 0, "limit": 50, "offset": 0, "open": false]), "No conflicts recorded.")
        XCTAssertEqual(ConflictRendering.table(["items": [], "total": 0, "limit": 50, "offset": 0, "open": true]), "No open conflicts.")
    }

    func testASettleAnswerIsSummedUpInOneLine() {
        var dossier = Self.dossier.objectValue!
        dossier["history"] = .array(Array(Self.dossier["history"]!.arrayValue!.prefix(5)))
        dossier["status"] = "resolved"
        dossier["conflicts"] = Self.listedItem["conflicts"]
        XCTAssertEqual(ConflictRendering.settled(.object(dossier)),
                       "Settled n2/41 of N1-250701-0004 by n3/9; status stays resolved; 1 conflict still open")
    }

    func testTimesAreShortenedToTheSecond() {
        XCTAssertEqual(ConflictRendering.shortTime("2025-07-01T10:00:08.340+07:00"), "2025-07-01 10:00:08")
        XCTAssertEqual(ConflictRendering.shortTime("soon"), "soon")
    }
}
