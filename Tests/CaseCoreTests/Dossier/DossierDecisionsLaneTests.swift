import CaseCore
import XCTest

/// The lane through `DossierDecisions.act`: what a step outside it is refused with (403,
/// naming the handling centre), and that it is judged before the dossier's status.
final class DossierDecisionsLaneTests: XCTestCase {
    private let ownClerk = ActingAuthority.clerk(centre: "n1")

    private let calendar = try! WorkingCalendar(holidays: [])
    private let catalogue = try! ProcedureCatalogue(procedures: [
        Procedure(code: "1.001612", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 3, fees: []),
    ])
    private let code = "N1-250701-0001"
    /// Tuesday 1 July 2025, 09:00 in Vietnam.
    private let startMs: Int64 = 1_751_335_200_000

    private func context(sequence: Int64) -> DecisionContext {
        DecisionContext(
            node: "n1", sequence: sequence, timestamp: HLCTimestamp(physicalMs: startMs + sequence * 60_000, logical: 0), calendar: calendar)
    }

    /// The events of a dossier filed at n1 for `competent`.
    private func filed(competent: String, channel: Dossier.Channel) throws -> [ChangeEvent] {
        let request = FilingRequest(
            procedureCode: "1.001612", applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"),
            competentCentre: competent, channel: channel)
        let filing = try DossierDecisions.check(request, against: catalogue)
        let dossierCode = DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 1)!, sequence: 1)
        return [try DossierDecisions.file(filing, code: dossierCode, context: context(sequence: 1)).event]
    }

    private func act(_ action: WorkflowAction, on history: [ChangeEvent], by authority: ActingAuthority) throws -> DossierDecision {
        try DossierDecisions.act(
            ActionRequest(action: action, note: "ghi chú", toCentre: "n3", reason: "lý do"), by: authority, history: history, code: code,
            context: context(sequence: Int64(history.count + 1)))
    }

    private func refusal(_ action: WorkflowAction, on history: [ChangeEvent], by authority: ActingAuthority) -> DossierRefusal? {
        do {
            _ = try act(action, on: history, by: authority)
            return nil
        } catch {
            return error as? DossierRefusal
        }
    }

    func testAStepOnADossierAnotherCentreHandlesIsForbiddenNamingThatCentreBeforeItsStatusIsLookedAt() throws {
        let history = try filed(competent: "n2", channel: .counter)
        for action in [WorkflowAction.transfer, .start, .resolve, .returnResult] {
            let refused = refusal(action, on: history, by: ownClerk)
            XCTAssertEqual(refused?.kind, .forbidden, action.rawValue)
            XCTAssertEqual(refused?.code, "not_handling_centre", action.rawValue)
            XCTAssertTrue(refused?.message.contains("handled by centre n2") == true, "\(action.rawValue): \(String(describing: refused))")
            XCTAssertTrue(refused?.message.contains("a clerk of centre n1") == true, "\(action.rawValue): \(String(describing: refused))")
        }
        XCTAssertEqual(try act(.note, on: history, by: ownClerk).dossier.history.last?.action, "note")
        XCTAssertEqual(try act(.start, on: history, by: .admin).dossier.status, .processing)
        XCTAssertEqual(refusal(.returnResult, on: history, by: .admin)?.code, "illegal_transition", "an admin is held to the status machine only")
    }

    func testTheReceivingCentreTakesTheIntakeStepsAndThenOnlyNotes() throws {
        let submitted = try filed(competent: "n2", channel: .online)
        XCTAssertEqual(try act(.refuse, on: submitted, by: ownClerk).dossier.status, .refused)
        XCTAssertEqual(try act(.requestSupplement, on: submitted, by: ownClerk).dossier.status, .supplementRequested)
        XCTAssertEqual(refusal(.transfer, on: submitted, by: ownClerk)?.code, "not_handling_centre", "a transfer is the handling centre's")
        let accepted = try act(.accept, on: submitted, by: ownClerk)
        XCTAssertEqual(accepted.dossier.status, .received)

        let afterIntake = submitted + [accepted.event]
        let started = refusal(.start, on: afterIntake, by: ownClerk)
        XCTAssertEqual(started?.code, "not_handling_centre")
        XCTAssertEqual(
            started?.message,
            "dossier N1-250701-0001 is handled by centre n2: a clerk of centre n1 may not start it; it may add a note, or ask n2's clerks or an admin")
        let refused = refusal(.refuse, on: afterIntake, by: ownClerk)
        XCTAssertEqual(refused?.code, "not_handling_centre", "intake is over")
        XCTAssertTrue(
            refused?.message.contains("(n1 received it, so it may accept, refuse or request-supplement it only while it is submitted; it is received)") == true,
            "\(String(describing: refused))")
        XCTAssertNil(refusal(.note, on: afterIntake, by: ownClerk))
    }

    func testAClerkOfAnotherCentreAndAClerkAskingForAnAdminsStepAreForbidden() throws {
        let history = try filed(competent: "n1", channel: .counter)
        let elsewhere = refusal(.note, on: history, by: .clerk(centre: "n2"))
        XCTAssertEqual(elsewhere?.code, "wrong_centre")
        XCTAssertEqual(elsewhere?.kind, .forbidden)
        XCTAssertThrowsError(try DossierDecisions.act(
            ActionRequest(action: .handover, toCentre: "n3"), by: ownClerk, history: history, code: code, context: context(sequence: 2))
        ) { error in
            XCTAssertEqual((error as? DossierRefusal)?.code, "forbidden", "\(error)")
            XCTAssertEqual((error as? DossierRefusal)?.kind, .forbidden)
        }
        XCTAssertEqual(
            try DossierDecisions.act(
                ActionRequest(action: .handover, toCentre: "n3"), by: .admin, history: history, code: code, context: context(sequence: 2)
            ).dossier.handlingCentre, "n3")
    }
}
