import CaseCore
import CaseSupport
import XCTest

/// Apologies as the rules say (docs/due-dates.md, "Apologies"): a reason, a new date after
/// the current one, marked late when made after the due date; and statistics that judge
/// "on time" by the due date before the apology.
final class ApologyTests: XCTestCase {
    private let calendar = try! WorkingCalendar(holidays: [])
    private let clerk = ActingAuthority.clerk(centre: "n1")
    private let code = "N1-250701-0001"
    /// Tuesday 1 July 2025, 09:00 in Vietnam; the dossier filed then is due Friday 4 July 09:00.
    private let tuesdayNineMs: Int64 = 1_751_335_200_000
    private let hourMs: Int64 = 3_600_000
    private let dayMs: Int64 = 86_400_000

    private func context(_ sequence: Int64, atMs offset: Int64) -> DecisionContext {
        DecisionContext(node: "n1", sequence: sequence, timestamp: HLCTimestamp(physicalMs: tuesdayNineMs + offset, logical: 0), calendar: calendar)
    }

    private func instant(_ offset: Int64) -> Instant { Instant(millisecondsSinceEpoch: tuesdayNineMs + offset) }

    /// Filed (three working days) and started.
    private func processing() throws -> [ChangeEvent] {
        let procedure = Procedure(code: "1.001612", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 3, fees: [])
        let request = FilingRequest(procedureCode: "1.001612", applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"))
        let filing = try DossierDecisions.check(request, against: ProcedureCatalogue(procedures: [procedure]))
        let filed = try DossierDecisions.file(
            filing, code: DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 1)!, sequence: 1), context: context(1, atMs: 0))
        let start = try DossierDecisions.act(ActionRequest(action: .start), by: clerk, history: [filed.event], code: code, context: context(2, atMs: 60_000))
        return [filed.event, start.event]
    }

    @discardableResult
    private func act(_ request: ActionRequest, after events: inout [ChangeEvent], atMs offset: Int64) throws -> DossierDecision {
        let decision = try DossierDecisions.act(request, by: clerk, history: events, code: code, context: context(Int64(events.count + 1), atMs: offset))
        events.append(decision.event)
        return decision
    }

    func testAnApologyAfterTheDueDateIsMarkedLate() throws {
        let cases: [(atMs: Int64, late: Bool, why: String)] = [
            (2 * dayMs, false, "Thursday, before the due date"),
            (3 * dayMs, false, "Friday 09:00, at the due date: not yet past it"),
            (3 * dayMs + hourMs, true, "Friday 10:00, an hour past the due date"),
        ]
        for (atMs, late, why) in cases {
            var events = try processing()
            let decision = try act(
                ActionRequest(action: .apologize, newDueAt: instant(7 * dayMs), reason: "chờ xác minh"), after: &events, atMs: atMs)
            XCTAssertEqual(decision.event.payload["late"], late ? .bool(true) : nil, why)
            XCTAssertEqual(decision.dossier.history.last?.details["late"], late ? .bool(true) : nil, why)
            XCTAssertEqual(decision.dossier.dueAt, instant(7 * dayMs), why)
            XCTAssertEqual(decision.dossier.originalDueAt, instant(3 * dayMs), "the original due date stays: \(why)")
        }
    }

    func testAnApologyWithoutAReasonOrALaterDateIsRefusedAndChangesNothing() throws {
        let cases: [(request: ActionRequest, field: String)] = [
            (ActionRequest(action: .apologize, newDueAt: instant(7 * dayMs)), "reason"),
            (ActionRequest(action: .apologize, newDueAt: instant(3 * dayMs), reason: "chờ xác minh"), "newDueAt"),
            (ActionRequest(action: .apologize, newDueAt: instant(2 * dayMs), reason: "chờ xác minh"), "newDueAt"),
            (ActionRequest(action: .apologize, reason: "chờ xác minh"), "newDueAt"),
        ]
        for (request, field) in cases {
            var events = try processing()
            XCTAssertThrowsError(try act(request, after: &events, atMs: dayMs), field) { error in
                let refusal = error as? DossierRefusal
                XCTAssertEqual(refusal?.kind, .invalid, field)
                XCTAssertTrue(refusal?.message.hasPrefix(field) == true, "\(String(describing: refusal?.message))")
            }
            XCTAssertEqual(events.count, 2, "nothing was appended: \(field)")
        }
    }

    /// Statistics judge by the due date before the first apology, moved by waits for the
    /// citizen before it; the apology's date never makes a late dossier on time.
    func testStatisticsJudgeByTheDueDateBeforeTheApology() throws {
        var events = try processing()
        try act(ActionRequest(action: .requestSupplement, reason: "thiếu giấy tờ"), after: &events, atMs: dayMs)
        // Supplied five days later: the two working days left run from Monday 7 July 09:00.
        let resumed = try act(ActionRequest(action: .supplement), after: &events, atMs: 6 * dayMs).dossier.dueAt
        XCTAssertEqual(resumed, instant(8 * dayMs))
        try act(ActionRequest(action: .apologize, newDueAt: instant(14 * dayMs), reason: "chờ xác minh"), after: &events, atMs: 7 * dayMs)
        let cases: [(resolvedMs: Int64, late: Bool)] = [(8 * dayMs, false), (8 * dayMs + 1, true), (13 * dayMs, true)]
        for (resolvedMs, late) in cases {
            var resolved = events
            let dossier = try act(ActionRequest(action: .resolve), after: &resolved, atMs: resolvedMs).dossier
            let judged = StatisticsDueDate.judged(originalDueAt: dossier.originalDueAt, moves: dossier.dueDateMoves)
            XCTAssertEqual(judged.dueAt, resumed)
            XCTAssertTrue(judged.apologised)
            XCTAssertEqual(dossier.finishedLate, late, "resolved \(resolvedMs / hourMs) h after filing")
        }
    }
}
