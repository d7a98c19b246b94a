import CaseCore
import CaseSupport
import XCTest

/// Dossiers of procedures whose limit is not in working days (docs/due-dates.md, "Units"):
/// the receiving node computes the due date with the unit and carries it in the event, so a
/// node of an older version folds the same dates.
final class DossierTimeLimitTests: XCTestCase {
    private let calendar = try! WorkingCalendar(holidays: [])
    private let clerk = ActingAuthority.clerk(centre: "n1")
    private let code = DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 7)!, sequence: 1)

    /// Monday 7 July 2025 at `hour`:`minute` plus `days` days, Vietnam time.
    private func monday(_ hour: Int, _ minute: Int = 0, plusDays days: Int = 0) -> Instant {
        VietnamTime.instant(date: CivilDate(year: 2025, month: 7, day: 7 + days)!, minuteOfDay: hour * 60 + minute)
    }

    private func context(_ sequence: Int64, at instant: Instant) -> DecisionContext {
        DecisionContext(
            node: "n1", sequence: sequence, timestamp: HLCTimestamp(physicalMs: instant.millisecondsSinceEpoch, logical: 0),
            calendar: calendar)
    }

    /// A birth registration, "trong ngày" (same day), as the shipped catalogue records it.
    private let birth = Procedure(
        code: "1.001193", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 1, fees: [],
        timeLimit: TimeLimit(amount: 1, unit: .sameDay))

    private func file(_ procedure: Procedure, _ channel: Dossier.Channel = .counter, at instant: Instant) throws -> DossierDecision {
        let request = FilingRequest(
            procedureCode: procedure.code, applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"), channel: channel)
        let filing = try DossierDecisions.check(request, against: ProcedureCatalogue(procedures: [procedure]))
        return try DossierDecisions.file(filing, code: code, context: context(1, at: instant))
    }

    func testABirthRegistrationIsDueTheSameDayOrTheNextAfterThree() throws {
        let cases: [(received: Instant, due: Instant, why: String)] = [
            (monday(9), monday(17), "received Monday 09:00: due Monday 17:00, not Tuesday 09:00"),
            (monday(15, 30), monday(17, plusDays: 1), "received Monday 15:30: due Tuesday 17:00"),
        ]
        for (received, due, why) in cases {
            let decision = try file(birth, at: received)
            XCTAssertEqual(decision.dossier.dueAt, due, why)
            XCTAssertEqual(decision.dossier.originalDueAt, due, why)
            XCTAssertEqual(decision.dossier.timeLimit, TimeLimit(amount: 1, unit: .sameDay), why)
            XCTAssertEqual(decision.event.payload["timeLimitUnit"], "sameDay", why)
            XCTAssertEqual(decision.event.payload["timeLimitWorkingDays"], .int(1), "older nodes still read a limit: \(why)")
        }
    }

    func testAnOnlineSameDayDossierIsDueTheDayOfItsAcceptance() throws {
        var events = [try file(birth, .online, at: monday(9)).event]
        let decision = try DossierDecisions.act(
            ActionRequest(action: .accept), by: clerk, history: events, code: code.description,
            context: context(2, at: monday(15, 30, plusDays: 2)))
        events.append(decision.event)
        XCTAssertEqual(decision.dossier.dueAt, monday(17, plusDays: 3), "accepted Wednesday 15:30: due Thursday's closing")
        XCTAssertEqual(decision.event.payload["dueAtMs"], .int(monday(17, plusDays: 3).millisecondsSinceEpoch))
    }

    /// What a node of the release before units shows: it ignores `timeLimitUnit` and
    /// `timeLimit`, and takes every date from the events, so its dates are the same; its
    /// stored state lacks only the `timeLimit` member.
    func testANodeThatIgnoresTheUnitFoldsTheSameDates() throws {
        let decision = try file(birth, at: monday(15, 30))
        let oldView = try replacingPayload(of: decision.event) { payload in
            payload["timeLimitUnit"] = nil
            payload["timeLimit"] = nil
        }
        let old = try XCTUnwrap(DossierReducer.fold([oldView]))
        XCTAssertEqual(old.dueAt, decision.dossier.dueAt)
        XCTAssertEqual(old.originalDueAt, decision.dossier.originalDueAt)
        XCTAssertNil(old.timeLimitInUnit)
        guard case .object(var newState) = decision.dossier.storedJSON else { return XCTFail("a state is an object") }
        XCTAssertEqual(newState.removeValue(forKey: "timeLimit"), ["amount": 1, "unit": "sameDay"])
        XCTAssertEqual(JSONValue.object(newState), old.storedJSON)
    }

    func testAWorkingDayProcedureKeepsThePayloadAndStateOfOlderVersions() throws {
        let marriage = Procedure(code: "1.000894", name: "Đăng ký kết hôn", field: "Hộ tịch", timeLimitWorkingDays: 5, fees: [])
        let decision = try file(marriage, at: monday(9))
        XCTAssertNil(decision.event.payload["timeLimitUnit"])
        XCTAssertNil(decision.event.payload["timeLimit"])
        XCTAssertNil(decision.dossier.storedJSON["timeLimit"])
        XCTAssertEqual(decision.dossier.dueAt, monday(9, plusDays: 7))
    }

    func testAUnitFromANewerVersionReadsAsWorkingDays() throws {
        let event = try replacingPayload(of: file(birth, at: monday(9)).event) { $0["timeLimitUnit"] = "fortnights" }
        let dossier = try XCTUnwrap(DossierReducer.fold([event]))
        XCTAssertEqual(dossier.timeLimit, .workingDays(1))
        XCTAssertEqual(dossier.dueAt, monday(17), "the due date is the writer's")
    }

    /// Three half-days from Monday 09:00 are 12 working hours: Tuesday 13:30 + 1.5 h. The
    /// event keeps 2 working days for the nodes that do not know half-days, which read the
    /// unit as absent and fold the writer's dates.
    func testAHalfDayProcedureIsDueInHalfWorkingDaysAndFoldsTheSameOnOlderNodes() throws {
        let halfDays = Procedure(
            code: "1.000001", name: "Thủ tục nửa ngày", field: "Thử", timeLimitWorkingDays: 2, fees: [],
            timeLimit: TimeLimit(amount: 3, unit: .halfDays))
        let decision = try file(halfDays, at: monday(9))
        XCTAssertEqual(decision.dossier.dueAt, monday(15, plusDays: 1))
        XCTAssertEqual(decision.event.payload["timeLimitUnit"], "halfDays")
        XCTAssertEqual(decision.event.payload["timeLimit"], .int(3))
        XCTAssertEqual(decision.event.payload["timeLimitWorkingDays"], .int(2))
        let oldView = try replacingPayload(of: decision.event) { $0["timeLimitUnit"] = "a unit the old node lacks" }
        let old = try XCTUnwrap(DossierReducer.fold([oldView]))
        XCTAssertEqual(old.dueAt, decision.dossier.dueAt)
        XCTAssertEqual(old.timeLimit, .workingDays(2))
    }

    /// `event` with its payload object changed by `change`.
    private func replacingPayload(of event: ChangeEvent, _ change: (inout [String: JSONValue]) -> Void) throws -> ChangeEvent {
        guard case .object(var payload) = event.payload else { throw XCTSkip("a filed payload is an object") }
        change(&payload)
        return ChangeEvent(
            origin: event.origin, sequence: event.sequence, timestamp: event.timestamp, dossierCode: event.dossierCode,
            kind: event.kind, actor: event.actor, centre: event.centre, payload: .object(payload))
    }
}
