import CaseCore
import XCTest

/// The dossier decisions on their own: a request, the events so far and a context in;
/// one event, or a refusal, out.
final class DossierDecisionsTests: XCTestCase {
    private let calendar = try! WorkingCalendar(holidays: [])
    private let catalogue = try! ProcedureCatalogue(procedures: [
        Procedure(code: "1.001612", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 3, fees: [Fee(name: "lệ phí", amountVND: 5_000)]),
    ])
    /// A clerk of n1, the deciding node, whose centre handles the dossiers filed here.
    private let clerk = ActingAuthority.clerk(centre: "n1")
    /// Tuesday 1 July 2025, 09:00 in Vietnam.
    private let mondayNineMs: Int64 = 1_751_335_200_000

    private func context(sequence: Int64, atMs offset: Int64 = 0) -> DecisionContext {
        DecisionContext(
            node: "n1", sequence: sequence, timestamp: HLCTimestamp(physicalMs: mondayNineMs + offset, logical: 0), calendar: calendar)
    }

    private func filed(competent: String = "n1") throws -> DossierDecision {
        let request = FilingRequest(
            procedureCode: "1.001612", applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"), competentCentre: competent)
        let filing = try DossierDecisions.check(request, against: catalogue)
        return try DossierDecisions.file(filing, code: DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 1)!, sequence: 1), context: context(sequence: 1))
    }

    /// The history after `actions`, each taken a minute after the one before.
    private func history(after actions: [WorkflowAction]) throws -> [ChangeEvent] {
        var events = [try filed().event]
        for (index, action) in actions.enumerated() {
            let step = try DossierDecisions.act(
                ActionRequest(action: action, reason: "lý do"), by: clerk, history: events, code: "N1-250701-0001",
                context: context(sequence: Int64(index + 2), atMs: Int64(index + 1) * 60_000))
            events.append(step.event)
        }
        return events
    }

    private func refusal(_ body: () throws -> DossierDecision) -> DossierRefusal? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? DossierRefusal
        }
    }

    func testAFilingCarriesTheProcedureTheCentresAndTheDueDate() throws {
        let decision = try filed(competent: "n2")
        XCTAssertEqual(decision.event.kind, .filed)
        XCTAssertEqual(decision.event.id, EventID(origin: "n1", sequence: 1))
        XCTAssertEqual(decision.dossier.receivingCentre, "n1")
        XCTAssertEqual(decision.dossier.competentCentre, "n2")
        XCTAssertEqual(decision.dossier.handlingCentre, "n2")
        XCTAssertEqual(decision.dossier.feesVND, 5_000)
        XCTAssertEqual(decision.dossier.dueAt, try calendar.dueDate(receivedAt: Instant(millisecondsSinceEpoch: mondayNineMs), workingDays: 3))
    }

    func testAnUnknownProcedureIsRefusedBeforeAnythingIsDecided() {
        let request = FilingRequest(procedureCode: "9.999999", applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"))
        XCTAssertThrowsError(try DossierDecisions.check(request, against: catalogue)) { error in
            XCTAssertEqual((error as? DossierRefusal)?.kind, .invalid)
        }
    }

    func testAStepTheStatusDoesNotAllowIsRefused() throws {
        let events = try history(after: [.start])
        let refused = refusal {
            try DossierDecisions.act(ActionRequest(action: .accept), by: clerk, history: events, code: "N1-250701-0001", context: context(sequence: 3, atMs: 600_000))
        }
        XCTAssertEqual(refused?.code, "illegal_transition")
        XCTAssertEqual(refused?.kind, .conflict)
    }

    func testATransferToTheHandlingCentreAndAnApologyThatDoesNotMoveTheDateAreRefused() throws {
        let events = try history(after: [])
        XCTAssertEqual(refusal {
            try DossierDecisions.act(
                ActionRequest(action: .transfer, toCentre: "n1"), by: clerk, history: events, code: "N1-250701-0001", context: context(sequence: 2, atMs: 60_000))
        }?.code, "already_there")
        let processing = try history(after: [.start])
        let early = Instant(millisecondsSinceEpoch: mondayNineMs + 3_600_000)
        XCTAssertEqual(refusal {
            try DossierDecisions.act(
                ActionRequest(action: .apologize, newDueAt: early, reason: "chờ xác minh"), by: clerk, history: processing, code: "N1-250701-0001",
                context: context(sequence: 3, atMs: 120_000))
        }?.code, "validation_failed")
    }

    func testAnUnknownDossierIsNotFound() {
        XCTAssertEqual(refusal {
            try DossierDecisions.act(ActionRequest(action: .note, note: "x"), by: clerk, history: [], code: "N1-250701-0009", context: context(sequence: 1))
        }?.kind, .notFound)
    }

    func testASupplementRequestKeepsTheWorkingTimeLeft() throws {
        let events = try history(after: [.start])
        let decision = try DossierDecisions.act(
            ActionRequest(action: .requestSupplement, reason: "thiếu giấy tờ"), by: clerk, history: events, code: "N1-250701-0001", context: context(sequence: 3, atMs: 3_600_000))
        let dueAt = try filed().dossier.dueAt
        let expected = try calendar.workingTime(from: Instant(millisecondsSinceEpoch: mondayNineMs + 3_600_000), to: dueAt)
        XCTAssertEqual(decision.event.payload["remainingWorkingMs"], .int(expected))
        XCTAssertEqual(decision.dossier.status, .supplementRequested)
    }

    /// A calendar that knows 2025 only cannot date a filing, or a resumed clock, that
    /// needs 2026: refused (503 at the API), never counted as if 2026 had no holidays.
    func testWorkingTimeBeyondTheCalendarIsRefused() throws {
        let only2025 = try WorkingCalendar(holidays: [], coverage: CalendarCoverage(years: 2025...2025, officialYears: nil))
        let newYearsEve: Int64 = 183 * 86_400_000 + 7 * 3_600_000 // 2025-12-31 16:00
        var lateContext = context(sequence: 4, atMs: newYearsEve)
        lateContext.calendar = only2025
        let request = FilingRequest(procedureCode: "1.001612", applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"))
        let filingRefusal = refusal {
            try DossierDecisions.file(
                try DossierDecisions.check(request, against: catalogue),
                code: DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 12, day: 31)!, sequence: 1), context: lateContext)
        }
        XCTAssertEqual(filingRefusal?.kind, .unavailable)
        XCTAssertEqual(filingRefusal?.code, "calendar_not_covered")
        let paused = try history(after: [.start, .requestSupplement])
        let resumeRefusal = refusal {
            try DossierDecisions.act(ActionRequest(action: .supplement), by: clerk, history: paused, code: "N1-250701-0001", context: lateContext)
        }
        XCTAssertEqual(resumeRefusal?.code, "calendar_not_covered")
        XCTAssertTrue(resumeRefusal?.message.contains("not 2026-01-01") == true, resumeRefusal?.message ?? "no refusal")
    }

    func testAHandoverMovesAnUnfinishedDossierAndRefusesAFinishedOne() throws {
        let open = try history(after: [.start])
        let handed = try DossierDecisions.handOver(
            history: open, code: "N1-250701-0001", from: "n1", to: "n9", note: "sáp nhập", actor: "admin", context: context(sequence: 3, atMs: 120_000))
        XCTAssertEqual(handed.dossier.handlingCentre, "n9")
        XCTAssertEqual(handed.dossier.status, .processing)

        let finished = try history(after: [.start, .resolve, .returnResult])
        XCTAssertEqual(refusal {
            try DossierDecisions.handOver(
                history: finished, code: "N1-250701-0001", from: "n1", to: "n9", note: "sáp nhập", actor: "admin",
                context: context(sequence: 5, atMs: 600_000))
        }?.code, "finished")
        XCTAssertEqual(refusal {
            try DossierDecisions.handOver(
                history: open + [handed.event], code: "N1-250701-0001", from: "n1", to: "n9", note: "sáp nhập", actor: "admin",
                context: context(sequence: 4, atMs: 180_000))
        }?.code, "not_handled_by_retired", "a handover run again repeats no step")
    }

    func testSettlingADossierWithoutConflictsIsRefused() throws {
        let events = try history(after: [.start])
        XCTAssertEqual(refusal {
            try DossierDecisions.settle(SettleRequest(events: nil, note: "ok"), history: events, code: "N1-250701-0001", context: context(sequence: 3, atMs: 120_000))
        }?.code, "no_open_conflicts")
    }
}
