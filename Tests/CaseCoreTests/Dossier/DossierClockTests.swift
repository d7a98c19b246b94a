import CaseCore
import CaseSupport
import Foundation
import XCTest

/// The clock as the rules say (docs/due-dates.md), at fixed clock readings in July 2025
/// (no holidays): when it starts, when it stops while the citizen is waited for, and that
/// events written before these rules fold as they did.
final class DossierClockTests: XCTestCase {
    private let calendar = try! WorkingCalendar(holidays: [])
    private let clerk = ActingAuthority.clerk(centre: "n1")
    private let code = DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 1)!, sequence: 1)
    /// Tuesday 1 July 2025, 00:00 in Vietnam.
    private let julyFirstMidnightMs: Int64 = 1_751_302_800_000

    /// Day `day` of July 2025 (1 = Tuesday 1 July) at `hour`:`minute`, Vietnam time.
    private func july(_ day: Int64, _ hour: Int64, _ minute: Int64 = 0) -> Instant {
        Instant(millisecondsSinceEpoch: julyFirstMidnightMs + (day - 1) * 86_400_000 + (hour * 60 + minute) * 60_000)
    }

    private func context(_ sequence: Int64, at instant: Instant) -> DecisionContext {
        DecisionContext(
            node: "n1", sequence: sequence, timestamp: HLCTimestamp(physicalMs: instant.millisecondsSinceEpoch, logical: 0),
            calendar: calendar)
    }

    /// A birth registration (three working days) filed at n1 on Tuesday 1 July at 09:00.
    private func filed(_ channel: Dossier.Channel, competent: String = "n1", paymentTimeExcluded: Bool = false) throws -> [ChangeEvent] {
        let procedure = Procedure(
            code: "1.001612", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 3, fees: [],
            paymentTimeExcluded: paymentTimeExcluded)
        let catalogue = try ProcedureCatalogue(procedures: [procedure])
        let request = FilingRequest(
            procedureCode: "1.001612", applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"),
            competentCentre: competent, channel: channel)
        let filing = try DossierDecisions.check(request, against: catalogue)
        return [try DossierDecisions.file(filing, code: code, context: context(1, at: july(1, 9))).event]
    }

    /// `events` with each of `steps` decided and appended at its instant; the dossier after the last.
    @discardableResult
    private func take(_ steps: [(WorkflowAction, Instant)], after events: inout [ChangeEvent]) throws -> Dossier {
        var dossier = try XCTUnwrap(DossierReducer.fold(events))
        for (action, at) in steps {
            let decision = try DossierDecisions.act(
                ActionRequest(action: action, reason: "thiếu giấy tờ"), by: clerk, history: events, code: code.description,
                context: context(Int64(events.count + 1), at: at))
            events.append(decision.event)
            dossier = decision.dossier
        }
        return dossier
    }

    func testAnOnlineDossierIsDueCountingFromItsAcceptance() throws {
        // Submitted Tuesday 1 July 09:00: counted from submission it would be due Friday 09:00.
        let cases: [(accepted: Instant, due: Instant, why: String)] = [
            (july(3, 9), july(8, 9), "accepted two days after submission"),
            (july(1, 9, 30), july(4, 9, 30), "accepted the same morning"),
            (july(4, 16), july(9, 16), "accepted on Friday afternoon: over the weekend"),
            (july(5, 10), july(9, 17), "accepted on Saturday: counted from Monday's opening"),
        ]
        for (accepted, due, why) in cases {
            var events = try filed(.online)
            XCTAssertEqual(try DossierReducer.fold(events)?.dueAt, july(4, 9), why)
            let dossier = try take([(.accept, accepted)], after: &events)
            XCTAssertEqual(dossier.status, .received, why)
            XCTAssertEqual(dossier.dueAt, due, why)
            XCTAssertEqual(dossier.originalDueAt, due, "the due date at receipt is the original one: \(why)")
            XCTAssertEqual(dossier.history.last?.details["dueAt"], .string(VietnamTime.iso8601(due)), why)
        }
    }

    func testAnAcceptanceTheCalendarCannotDateIsRefused() throws {
        let events = try filed(.online)
        var lateContext = context(2, at: Instant(millisecondsSinceEpoch: july(1, 16).millisecondsSinceEpoch + 183 * 86_400_000))
        lateContext.calendar = try WorkingCalendar(holidays: [], coverage: CalendarCoverage(years: 2025...2025, officialYears: nil))
        XCTAssertEqual(VietnamTime.iso8601(lateContext.timestamp.instant), "2025-12-31T16:00:00.000+07:00")
        XCTAssertThrowsError(
            try DossierDecisions.act(ActionRequest(action: .accept), by: clerk, history: events, code: code.description, context: lateContext)
        ) { error in
            XCTAssertEqual((error as? DossierRefusal)?.code, "calendar_not_covered")
        }
    }

    func testACounterFilingStillStartsTheClockAtFiling() throws {
        let dossier = try XCTUnwrap(DossierReducer.fold(try filed(.counter)))
        XCTAssertEqual(dossier.status, .received)
        XCTAssertEqual(dossier.dueAt, july(4, 9))
        XCTAssertEqual(dossier.originalDueAt, july(4, 9))
    }

    func testAnIntakeSupplementReceivesTheDossierAndStartsItsClock() throws {
        var events = try filed(.online)
        let sentBack = try take([(.requestSupplement, july(1, 10))], after: &events)
        XCTAssertEqual(sentBack.status, .supplementRequested)
        XCTAssertTrue(sentBack.awaitingIntakeSupplement)
        XCTAssertFalse(sentBack.isOverdue(at: july(7, 9)), "waiting for the citizen past the submission's due date")
        let received = try take([(.supplement, july(7, 14))], after: &events)
        XCTAssertEqual(received.status, .received, "received when complete, not processing")
        XCTAssertFalse(received.awaitingIntakeSupplement)
        XCTAssertEqual(received.dueAt, july(10, 14), "three working days from Monday 7 July 14:00")
        XCTAssertEqual(received.originalDueAt, july(10, 14))
        XCTAssertEqual(received.history.last?.to, .received)
        XCTAssertEqual(try take([(.start, july(7, 15))], after: &events).status, .processing)
    }

    func testTheReceivingCentreRecordsTheSupplementItAskedForAtIntake() throws {
        // Filed online at n1 for n2 (phi địa giới): n1 checks it, sends it back, and takes the papers.
        var events = try filed(.online, competent: "n2")
        let received = try take([(.requestSupplement, july(1, 10)), (.supplement, july(7, 14))], after: &events)
        XCTAssertEqual(received.status, .received)
        XCTAssertEqual(received.handlingCentre, "n2")
        XCTAssertEqual(received.history.last?.centre, "n1")
        XCTAssertEqual(
            DossierLane.verdict(.supplement, on: received, by: clerk, atNode: "n1"), .notHandlingCentre,
            "once received, only the handling centre records supplements")
    }

    func testASupplementDuringProcessingStillResumesTheTimeLeft() throws {
        var events = try filed(.counter)
        let resumed = try take([(.start, july(1, 10)), (.requestSupplement, july(2, 9)), (.supplement, july(8, 9))], after: &events)
        XCTAssertEqual(resumed.status, .processing)
        XCTAssertEqual(resumed.dueAt, july(10, 9), "16 working hours were left on Wednesday 09:00")
        XCTAssertEqual(resumed.originalDueAt, july(4, 9), "a pause does not change the original due date")
    }

    func testAWaitForTheCitizenPastTheOldDueDateIsNotOverdue() throws {
        // Filed Tuesday 09:00, due Friday 4 July 09:00; the wait starts Wednesday 09:00 with
        // 16 working hours left, lasts past Friday, and ends Tuesday 8 July 09:00.
        let cases: [(wait: WorkflowAction, resume: WorkflowAction, excluded: Bool, overdueWhileWaiting: Bool, due: Instant)] = [
            (.requestSupplement, .supplement, false, false, july(10, 9)),
            (.requestPayment, .paid, true, false, july(10, 9)),
            (.requestPayment, .paid, false, true, july(4, 9)),
        ]
        for (wait, resume, excluded, overdueWhileWaiting, due) in cases {
            let why = "\(wait.rawValue), payment time excluded: \(excluded)"
            var events = try filed(.counter, paymentTimeExcluded: excluded)
            let waiting = try take([(.start, july(1, 10)), (wait, july(2, 9))], after: &events)
            XCTAssertFalse(waiting.isOverdue(at: july(3, 9)), why)
            XCTAssertEqual(waiting.isOverdue(at: july(7, 9)), overdueWhileWaiting, why)
            let paused = waiting.json(now: july(7, 9))["clockPausedForPayment"]?.boolValue
            XCTAssertEqual(paused, wait == .requestPayment && excluded ? true : nil, why)
            let resumed = try take([(resume, july(8, 9))], after: &events)
            XCTAssertEqual(resumed.dueAt, due, why)
            XCTAssertEqual(resumed.originalDueAt, july(4, 9), why)
            XCTAssertEqual(resumed.isOverdue(at: july(10, 9)), due < july(10, 9), why)
            XCTAssertTrue(resumed.isOverdue(at: july(10, 9, 1)), "overdue once the moved due date passes: \(why)")
        }
    }

    func testTheCatalogueSaysWhetherPaymentTimeIsExcluded() throws {
        let json = """
            {"procedures": [
              {"code": "1.000001", "name": "Đăng ký đất đai", "field": "Đất đai", "timeLimitWorkingDays": 10, "fees": [],
               "paymentTimeExcluded": true},
              {"code": "1.000002", "name": "Chứng thực", "field": "Chứng thực", "timeLimitWorkingDays": 1, "fees": []}]}
            """
        let catalogue = try ProcedureCatalogue.load(jsonData: Data(json.utf8))
        XCTAssertEqual(catalogue.procedure(code: "1.000001")?.paymentTimeExcluded, true)
        XCTAssertEqual(catalogue.procedure(code: "1.000002")?.paymentTimeExcluded, false, "absent: the clock runs on")
    }

    /// The stored state the reducer of commit 4f22f71 derived from `OldStyleClockEvents`.
    private let recordedOldStates = [
        #"{"allowedActions":["return","note"],"apologies":0,"applicant":{"fullName":"Nguyễn Văn Ánh","idNumber":"001090012345","kind":"citizen"},"channel":"online","code":"N1-250701-0001","competentCentre":"n1","conflicts":[],"documents":[{"copies":0,"name":"Tờ khai","originals":1}],"dueAt":"2025-07-08T13:00:00.000+07:00","feesVND":0,"finishedAt":"2025-07-09T09:00:00.000+07:00","handlingCentre":"n1","history":[{"action":"filed","actor":"clerk","applied":true,"at":"2025-07-01T09:00:00.000+07:00","centre":"n1","event":"n1/1","to":"submitted"},{"action":"accept","actor":"clerk","applied":true,"at":"2025-07-03T09:00:00.000+07:00","centre":"n1","event":"n1/2","from":"submitted","to":"received"},{"action":"start","actor":"clerk","applied":true,"at":"2025-07-03T10:00:00.000+07:00","centre":"n1","event":"n1/3","from":"received","to":"processing"},{"action":"request-payment","actor":"clerk","applied":true,"at":"2025-07-03T11:00:00.000+07:00","centre":"n1","event":"n1/4","from":"processing","to":"payment_requested"},{"action":"paid","actor":"clerk","applied":true,"at":"2025-07-07T09:00:00.000+07:00","centre":"n1","event":"n1/5","from":"payment_requested","to":"processing"},{"action":"request-supplement","actor":"clerk","applied":true,"at":"2025-07-07T10:00:00.000+07:00","centre":"n1","details":{"reason":"thiếu bản sao"},"event":"n1/6","from":"processing","to":"supplement_requested"},{"action":"supplement","actor":"clerk","applied":true,"at":"2025-07-08T09:00:00.000+07:00","centre":"n1","details":{"newDueAt":"2025-07-08T13:00:00.000+07:00"},"event":"n1/7","from":"supplement_requested","to":"processing"},{"action":"resolve","actor":"clerk","applied":true,"at":"2025-07-09T09:00:00.000+07:00","centre":"n1","event":"n1/8","from":"processing","to":"resolved"}],"originalDueAt":"2025-07-04T09:00:00.000+07:00","procedureCode":"1.001612","procedureName":"Đăng ký khai sinh","receivedAt":"2025-07-01T09:00:00.000+07:00","receivingCentre":"n1","status":"resolved","timeLimitWorkingDays":3,"version":8}"#,
        #"{"allowedActions":["transfer","request-supplement","request-payment","request-withdrawal","stop","resolve","apologize","note"],"apologies":0,"applicant":{"fullName":"Nguyễn Văn Ánh","idNumber":"001090012345","kind":"citizen"},"channel":"online","code":"N1-250701-0002","competentCentre":"n1","conflicts":[{"action":"start","at":"2025-07-07T10:00:00.000+07:00","centre":"n1","event":"n1/4","reason":"start is not allowed from processing","statusAtApply":"processing","winningEvent":"n1/3"}],"documents":[{"copies":0,"name":"Tờ khai","originals":1}],"dueAt":"2025-07-10T09:00:00.000+07:00","feesVND":0,"handlingCentre":"n1","history":[{"action":"filed","actor":"clerk","applied":true,"at":"2025-07-01T09:00:00.000+07:00","centre":"n1","event":"n1/1","to":"submitted"},{"action":"request-supplement","actor":"clerk","applied":true,"at":"2025-07-01T10:00:00.000+07:00","centre":"n1","details":{"reason":"thiếu tờ khai"},"event":"n1/2","from":"submitted","to":"supplement_requested"},{"action":"supplement","actor":"clerk","applied":true,"at":"2025-07-07T09:00:00.000+07:00","centre":"n1","details":{"newDueAt":"2025-07-10T09:00:00.000+07:00"},"event":"n1/3","from":"supplement_requested","to":"processing"},{"action":"start","actor":"clerk","applied":false,"at":"2025-07-07T10:00:00.000+07:00","centre":"n1","conflict":"start is not allowed from processing","event":"n1/4","from":"processing","to":"processing"}],"originalDueAt":"2025-07-04T09:00:00.000+07:00","procedureCode":"1.001612","procedureName":"Đăng ký khai sinh","receivedAt":"2025-07-01T09:00:00.000+07:00","receivingCentre":"n1","status":"processing","timeLimitWorkingDays":3,"version":4}"#,
    ]

    func testEventsWrittenBeforeTheseRulesFoldExactlyAsBefore() throws {
        for (events, recorded) in zip([OldStyleClockEvents.accepted, OldStyleClockEvents.intakeSupplement], recordedOldStates) {
            let dossier = try XCTUnwrap(DossierReducer.fold(events))
            XCTAssertEqual(String(decoding: dossier.storedJSONBytes, as: UTF8.self), recorded)
            XCTAssertFalse(dossier.awaitingIntakeSupplement)
            XCTAssertFalse(dossier.paymentTimeExcluded)
        }
        // The older rules, spelled out: accept kept the submission's due date, and an intake
        // supplement moved the dossier to processing with the submission's clock.
        let accepted = try XCTUnwrap(DossierReducer.fold(Array(OldStyleClockEvents.accepted.prefix(2))))
        XCTAssertEqual(accepted.dueAt, Instant(millisecondsSinceEpoch: OldStyleClockEvents.tuesdayNineMs + 3 * OldStyleClockEvents.dayMs))
        let supplemented = try XCTUnwrap(DossierReducer.fold(Array(OldStyleClockEvents.intakeSupplement.prefix(3))))
        XCTAssertEqual(supplemented.status, .processing)
        XCTAssertEqual(supplemented.originalDueAt, accepted.originalDueAt)
    }
}
