import CaseCore
import XCTest

/// Who may re-issue a dossier's lookup PIN, and what the step is.
final class LookupPinReissueTests: XCTestCase {
    private let calendar = try! WorkingCalendar(holidays: [])
    private let catalogue = try! ProcedureCatalogue(procedures: [
        Procedure(code: "1.001612", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 3, fees: []),
    ])
    private let code = "N1-250701-0001"
    private let newHash = LookupPinHash.make(LookupPin(parsing: "654321")!) { Array(repeating: 9, count: $0) }

    private func context(node: String, sequence: Int64) -> DecisionContext {
        DecisionContext(node: node, sequence: sequence, timestamp: HLCTimestamp(physicalMs: 1_751_335_200_000 + sequence * 60_000, logical: 0), calendar: calendar)
    }

    /// Filed at n1 for n2, with the PIN 123456.
    private func history() throws -> [ChangeEvent] {
        var request = FilingRequest(
            procedureCode: "1.001612", applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"), competentCentre: "n2")
        request.lookupPin = LookupPinHash.make(LookupPin(parsing: "123456")!) { Array(repeating: 1, count: $0) }
        let filing = try DossierDecisions.check(request, against: catalogue)
        let dossierCode = DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 1)!, sequence: 1)
        return [try DossierDecisions.file(filing, code: dossierCode, context: context(node: "n1", sequence: 1)).event]
    }

    private func reissue(by authority: ActingAuthority, at node: String) throws -> DossierDecision {
        try DossierDecisions.reissueLookupPin(newHash, by: authority, actor: "clerk", history: try history(), code: code, context: context(node: node, sequence: 2))
    }

    func testAReissueIsANoteCarryingTheNewHashAndTheOldPinStopsWorking() throws {
        let decision = try reissue(by: .clerk(centre: "n1"), at: "n1")
        XCTAssertEqual(decision.event.kind, .action(.note))
        XCTAssertEqual(decision.event.payload[LookupPinHash.payloadKey]?.stringValue, newHash.encoded)
        XCTAssertEqual(decision.dossier.history.last?.note, DossierDecisions.lookupPinReissueNote)
        let pin = try XCTUnwrap(decision.dossier.lookupPin)
        XCTAssertTrue(pin.verifies(LookupPin(parsing: "654321")!))
        XCTAssertFalse(pin.verifies(LookupPin(parsing: "123456")!))
        XCTAssertEqual(decision.dossier.status, .received, "the status does not move")
    }

    func testTheReceivingAndHandlingCentresAndAdminsMayOthersMayNot() throws {
        XCTAssertNoThrow(try reissue(by: .clerk(centre: "n2"), at: "n2"), "the handling centre")
        XCTAssertNoThrow(try reissue(by: .admin, at: "n3"))
        for (authority, node, refusal) in [
            (ActingAuthority.clerk(centre: "n3"), "n3", "not_handling_centre"), (.clerk(centre: "n1"), "n3", "wrong_centre"),
        ] {
            XCTAssertThrowsError(try reissue(by: authority, at: node)) { error in
                XCTAssertEqual((error as? DossierRefusal)?.code, refusal)
                XCTAssertEqual((error as? DossierRefusal)?.kind, .forbidden)
            }
        }
    }

    func testAnUnknownDossierIsNotFound() {
        XCTAssertThrowsError(
            try DossierDecisions.reissueLookupPin(newHash, by: .admin, actor: "a", history: [], code: code, context: context(node: "n1", sequence: 1))
        ) { error in XCTAssertEqual((error as? DossierRefusal)?.kind, .notFound) }
    }
}
