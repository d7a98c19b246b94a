import CaseCore
import XCTest
@testable import CaseCLI
import CaseSupport

/// `casectl dossier CODE [--everywhere]` from fixed answers.
final class DossierCommandTests: XCTestCase {
    static let code = "N1-261122-0001"

    static func dossier(status: String, version: Int64, handling: String = "n2", overdue: Bool = false) -> JSONValue {
        [
            "code": .string(code), "status": .string(status), "version": .int(version), "handlingCentre": .string(handling),
            "dueAt": "2026-11-23T17:00:00.000+07:00", "overdue": .bool(overdue), "procedureCode": "1.001193",
        ]
    }

    static let differing: [JSONValue] = [
        DossierCommand.copy(node: "n1", state: "alive", answer: .found(dossier(status: "processing", version: 2))),
        DossierCommand.copy(node: "n2", state: "alive", answer: .found(dossier(status: "received", version: 1, overdue: true))),
        DossierCommand.copy(node: "n3", state: "dead", answer: .unreachable("cannot connect to 127.0.0.1:7430: Connection refused")),
        DossierCommand.copy(node: "n4", state: "alive", answer: .notHeld),
    ]

    func testTheReportSaysWhichFieldsDiffer() {
        let report = DossierCommand.json(code: Self.code, everywhere: true, copies: Self.differing)
        XCTAssertEqual(report["holders"], 2)
        XCTAssertEqual(report["agree"], false)
        XCTAssertEqual(report["differences"], ["status", "version"])
        XCTAssertEqual(report["copies"]?[0], [
            "node": "n1", "state": "alive", "reachable": true, "found": true, "error": .null, "skipped": .null, "notHeld": .null,
            "status": "processing",
            "version": 2, "handlingCentre": "n2", "dueAt": "2026-11-23T17:00:00.000+07:00", "overdue": false,
        ])
        XCTAssertEqual(report["copies"]?[2]?["reachable"], false)
        XCTAssertEqual(report["copies"]?[3]?["found"], false)
    }

    func testGoldenTableOfCopiesThatDiffer() {
        XCTAssertEqual(DossierCommand.render(DossierCommand.json(code: Self.code, everywhere: true, copies: Self.differing)), """
            Dossier N1-261122-0001 on 4 members (3 reachable): held by 2, copies DIFFER in status, version

            Node  Status              Version  Handling  Due                            Note
            ----  ------------------  -------  --------  -----------------------------  -----------------------------------------------------------------
            n1    processing                2  n2        2026-11-23T17:00:00.000+07:00
            n2    received (OVERDUE)        1  n2        2026-11-23T17:00:00.000+07:00
            n3    —                         —  —         —                              unreachable: cannot connect to 127.0.0.1:7430: Connection refused
            n4    —                         —  —         —                              not held
            """)
    }

    func testGoldenTableOfCopiesThatAgreeAndOfOneNode() {
        let agreeing = [
            DossierCommand.copy(node: "n1", state: "alive", answer: .found(Self.dossier(status: "processing", version: 2))),
            DossierCommand.copy(node: "n2", state: "suspect", answer: .found(Self.dossier(status: "processing", version: 2))),
        ]
        let report = DossierCommand.json(code: Self.code, everywhere: true, copies: agreeing)
        XCTAssertEqual(report["agree"], true)
        XCTAssertEqual(report["differences"], [])
        XCTAssertEqual(DossierCommand.render(report), """
            Dossier N1-261122-0001 on 2 members (2 reachable): held by 2, all 2 copies agree

            Node  Status      Version  Handling  Due                            Note
            ----  ----------  -------  --------  -----------------------------  -------
            n1    processing        2  n2        2026-11-23T17:00:00.000+07:00
            n2    processing        2  n2        2026-11-23T17:00:00.000+07:00  suspect
            """)
        let single = DossierCommand.json(code: Self.code, everywhere: false, copies: [
            DossierCommand.copy(node: "n1", state: nil, answer: .found(Self.dossier(status: "resolved", version: 4, handling: "n1"))),
        ])
        XCTAssertEqual(DossierCommand.render(single), """
            Dossier N1-261122-0001 on n1

            Node  Status    Version  Handling  Due                            Note
            ----  --------  -------  --------  -----------------------------  ----
            n1    resolved        4  n1        2026-11-23T17:00:00.000+07:00
            """)
    }

    /// A node of Hồ Chí Minh's `not_held` error object for a dossier of Hà Nội.
    static func notHeld(contact: JSONValue = ["id": "p2", "httpAddress": "127.0.0.1:7420"], resolved: Bool = true) -> JSONValue {
        [
            "code": "not_held", "message": "dossier N1-261122-0001 is not held here: …", "dossier": .string(code),
            "nodeProvince": ["code": "79", "name": "Thành phố Hồ Chí Minh"],
            "province": resolved ? ["code": "01", "name": "Thành phố Hà Nội"] : .null,
            "receivingCentre": resolved ? "n1" : .null, "contact": resolved ? contact : .null,
        ]
    }

    func testANodeOfAnotherProvinceShowsWhichProvinceHoldsIt() {
        let copies = [
            DossierCommand.copy(node: "q1", state: "alive", answer: .heldElsewhere(Self.notHeld())),
            DossierCommand.copy(node: "q2", state: "alive", answer: .heldElsewhere(Self.notHeld(contact: .null))),
            DossierCommand.copy(node: "q3", state: "suspect", answer: .heldElsewhere(Self.notHeld(resolved: false))),
        ]
        let report = DossierCommand.json(code: Self.code, everywhere: true, copies: copies)
        XCTAssertEqual(report["holders"], 0)
        XCTAssertEqual(report["copies"]?[0]?["notHeld"], [
            "nodeProvince": ["code": "79", "name": "Thành phố Hồ Chí Minh"], "province": ["code": "01", "name": "Thành phố Hà Nội"],
            "receivingCentre": "n1", "contact": ["id": "p2", "httpAddress": "127.0.0.1:7420"],
        ])
        XCTAssertEqual(DossierCommand.render(report), """
            Dossier N1-261122-0001 on 3 members (3 reachable): held by 0, all 0 copies agree

            Node  Status  Version  Handling  Due  Note
            ----  ------  -------  --------  ---  -----------------------------------------------------------------------------
            q1    —             —  —         —    not held: province 01 (Thành phố Hà Nội) holds it, ask p2 at 127.0.0.1:7420
            q2    —             —  —         —    not held: province 01 (Thành phố Hà Nội) holds it, no live member of it known
            q3    —             —  —         —    not held: this node holds only province 79 (Thành phố Hồ Chí Minh); suspect
            """)
    }

    /// The error when no node asked holds it names the province one of them said holds it.
    func testTheErrorOfADossierHeldElsewhereSaysWhere() {
        let unresolved = DossierCommand.copy(node: "q3", state: "alive", answer: .heldElsewhere(Self.notHeld(resolved: false)))
        let resolved = DossierCommand.copy(node: "q1", state: "alive", answer: .heldElsewhere(Self.notHeld()))
        let plain = DossierCommand.copy(node: "n9", state: "alive", answer: .notHeld)
        XCTAssertEqual(
            DossierNowhere(code: Self.code, asked: 3, elsewhere: DossierCommand.elsewhere([plain, unresolved, resolved])).description,
            "dossier N1-261122-0001 is held by none of the 3 reachable members; q1 says province 01 (Thành phố Hà Nội) holds it, ask p2 at 127.0.0.1:7420")
        XCTAssertEqual(
            DossierCommand.elsewhere([unresolved]), "q3 says this node holds only province 79 (Thành phố Hồ Chí Minh)")
        XCTAssertNil(DossierCommand.elsewhere([plain]))
    }

    func testADossierHeldNowhereIsABadAnswer() {
        XCTAssertEqual(
            DossierNowhere(code: Self.code, asked: 3).description, "dossier N1-261122-0001 is held by none of the 3 reachable members")
        XCTAssertEqual(DossierNowhere(code: Self.code, asked: 1).description, "dossier N1-261122-0001 is held by none of the 1 reachable member")
    }
}
