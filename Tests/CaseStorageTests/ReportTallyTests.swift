import CaseCore
import CaseSupport
import XCTest

@testable import CaseStorage

/// The counting rules of `ReportTally` on histories written by hand: no SQLite, fixed times.
final class ReportTallyTests: XCTestCase {
    /// July 2025, judged at its end.
    private static let july = ReportPeriod(
        first: CivilDate(iso: "2025-07-01")!, last: CivilDate(iso: "2025-07-31")!, now: at("2025-09-01T00:00"))

    private static func at(_ local: String) -> Instant { VietnamTime.parseISO8601(local + ":00+07:00")! }

    private static func step(_ local: String, _ action: String, to: DossierStatus, centre: String = "a", _ details: [String: JSONValue] = [:]) -> ReportHistory.Step {
        ReportHistory.Step(at: at(local), action: action, centre: centre, to: to.rawValue, details: details)
    }

    private static let filed = EventKind.filedRawValue

    /// The rows one dossier adds to July's report. `due` is its original due date.
    private func tally(
        _ steps: [ReportHistory.Step], due: String = "2025-07-10T17:00", handling: String = "a", receiving: String = "a",
        period: ReportPeriod = july
    ) throws -> (counts: [String: ReportCounts], late: [ReportLateDossier]) {
        var rows = ReportRows(limit: 10, centre: nil)
        let dossier = ReportTally.Dossier(
            code: "X-1", procedureCode: "1.001612", procedureName: "Đăng ký thành lập hộ kinh doanh", receivingCentre: receiving, handlingCentre: handling,
            originalDueAt: Self.at(due), steps: steps)
        try ReportTally(dossier, period: period).add(into: &rows)
        return (Dictionary(uniqueKeysWithValues: rows.counts.map { ($0.key.centre, $0.value) }), rows.lateDossiers)
    }

    private func counts(_ change: (inout ReportCounts) -> Void) -> ReportCounts {
        var counts = ReportCounts()
        change(&counts)
        return counts
    }

    func testChannelsAndWhenASubmissionIsReceived() throws {
        let cases: [(why: String, steps: [ReportHistory.Step], want: ReportCounts)] = [
            ("at the counter: received on filing", [Self.step("2025-07-02T09:00", Self.filed, to: .received)],
             counts { $0.receivedAtCounter = 1; $0.inProgressOverdue = 1 }),
            ("by post: received on filing, counted apart", [Self.step("2025-07-02T09:00", Self.filed, to: .received, ["receivedBy": "post"])],
             counts { $0.receivedByPost = 1; $0.inProgressOverdue = 1 }),
            ("a mode of arrival this version does not know: at the counter", [
                Self.step("2025-07-02T09:00", Self.filed, to: .received, ["receivedBy": "pigeon"]),
            ], counts { $0.receivedAtCounter = 1; $0.inProgressOverdue = 1 }),
            ("online, accepted in July: received then", [
                Self.step("2025-06-30T20:00", Self.filed, to: .submitted), Self.step("2025-07-01T08:00", "accept", to: .received),
            ], counts { $0.receivedOnline = 1; $0.inProgressOverdue = 1 }),
            ("online, refused at intake: never received", [
                Self.step("2025-07-02T09:00", Self.filed, to: .submitted), Self.step("2025-07-02T10:00", "refuse", to: .refused),
            ], counts { $0.refusals = 1 }),
            ("online, submitted in July, accepted in August: not July's", [
                Self.step("2025-07-31T20:00", Self.filed, to: .submitted), Self.step("2025-08-01T08:00", "accept", to: .received),
            ], ReportCounts()),
            ("online, sent back at intake, received when completed", [
                Self.step("2025-07-02T09:00", Self.filed, to: .submitted),
                Self.step("2025-07-02T10:00", "request-supplement", to: .supplementRequested),
                Self.step("2025-07-04T10:00", "supplement", to: .received),
            ], counts { $0.receivedOnline = 1; $0.supplementRequests = 1; $0.inProgressOverdue = 1 }),
            ("online, withdrawn before acceptance", [
                Self.step("2025-07-02T09:00", Self.filed, to: .submitted),
                Self.step("2025-07-03T09:00", "request-withdrawal", to: .withdrawRequested),
                Self.step("2025-07-03T10:00", "stop", to: .stopped),
            ], counts { $0.withdrawals = 1 }),
            ("received, then withdrawn: closed", [
                Self.step("2025-07-02T09:00", Self.filed, to: .received),
                Self.step("2025-07-03T09:00", "request-withdrawal", to: .withdrawRequested),
                Self.step("2025-07-03T10:00", "stop", to: .stopped),
            ], counts { $0.receivedAtCounter = 1; $0.withdrawals = 1; $0.closedWithoutResult = 1 }),
        ]
        for testCase in cases {
            let rows = try tally(testCase.steps).counts
            XCTAssertEqual(rows["a", default: ReportCounts()], testCase.want, testCase.why)
            XCTAssertTrue(rows["a", default: ReportCounts()].isBalanced, testCase.why)
        }
    }

    func testCarriedOverAndFinishedEarlyOnTimeOrLateAgainstTheOriginalDueDate() throws {
        let received = Self.step("2025-06-25T09:00", Self.filed, to: .received)
        let apology = Self.step("2025-07-09T09:00", "apologize", to: .processing, ["newDueAt": "2025-07-20T17:00:00.000+07:00", "reason": "chờ xác minh"])
        let cases: [(why: String, steps: [ReportHistory.Step], want: ReportCounts)] = [
            ("unfinished when July began and ended", [received], counts { $0.carriedOver = 1; $0.inProgressOverdue = 1 }),
            ("resolved the day before its due day: early", [received, Self.step("2025-07-09T16:00", "resolve", to: .resolved)],
             counts { $0.carriedOver = 1; $0.resolvedOnTime = 1; $0.resolvedEarly = 1 }),
            ("resolved on its due day, at the due time: on time", [received, Self.step("2025-07-10T17:00", "resolve", to: .resolved)],
             counts { $0.carriedOver = 1; $0.resolvedOnTime = 1 }),
            ("resolved a minute after: late", [received, Self.step("2025-07-10T17:01", "resolve", to: .resolved)],
             counts { $0.carriedOver = 1; $0.resolvedLate = 1 }),
            ("apologised, resolved before the new date: still late, and apologised",
             [received, apology, Self.step("2025-07-15T09:00", "resolve", to: .resolved)],
             counts { $0.carriedOver = 1; $0.resolvedLate = 1; $0.resolvedApologised = 1; $0.apologies = 1 }),
            ("finished in June: not July's", [received, Self.step("2025-06-30T09:00", "resolve", to: .resolved)], ReportCounts()),
        ]
        for testCase in cases {
            let rows = try tally(testCase.steps).counts
            XCTAssertEqual(rows["a", default: ReportCounts()], testCase.want, testCase.why)
        }
    }

    func testALateDossierGivesItsApologysReasonOrNone() throws {
        let received = Self.step("2025-07-01T09:00", Self.filed, to: .received)
        let late = Self.step("2025-07-11T09:00", "resolve", to: .resolved, ["reason": "a note on the resolve is no reason for lateness"])
        let apology = Self.step("2025-07-10T09:00", "apologize", to: .processing, ["newDueAt": "2025-07-20T17:00:00.000+07:00", "reason": "chờ xác minh"])
        XCTAssertEqual(try tally([received, apology, late]).late.map(\.reason), ["chờ xác minh"])
        XCTAssertEqual(try tally([received, apology, late]).late.map(\.procedureName), ["Đăng ký thành lập hộ kinh doanh"], "named as filed")
        XCTAssertEqual(try tally([received, late]).late.map(\.reason), [nil])
        XCTAssertEqual(try tally([received, Self.step("2025-07-09T09:00", "resolve", to: .resolved)]).late, [])
    }

    /// A merger mid-way: the dossier counts at the retired centre before the handover, at the
    /// successor after it, and both centres balance.
    func testAHandoverMovesTheDossierFromThenOnOnly() throws {
        let steps = [
            Self.step("2025-06-25T09:00", Self.filed, to: .received, centre: "old"),
            Self.step("2025-07-15T09:00", "handover", to: .processing, centre: "old", ["from": "old", "to": "new"]),
            Self.step("2025-07-20T09:00", "apologize", to: .processing, centre: "new", ["newDueAt": "2025-07-25T17:00:00.000+07:00"]),
            Self.step("2025-07-22T09:00", "resolve", to: .resolved, centre: "new"),
        ]
        let july = try tally(steps, handling: "new", receiving: "old").counts
        XCTAssertEqual(july["old"], counts { $0.carriedOver = 1; $0.handedOver = 1 })
        XCTAssertEqual(july["new"], counts { $0.takenOver = 1; $0.resolvedLate = 1; $0.resolvedApologised = 1; $0.apologies = 1 })
        XCTAssertTrue(july.values.allSatisfy(\.isBalanced))

        let firstHalf = ReportPeriod(first: CivilDate(iso: "2025-07-01")!, last: CivilDate(iso: "2025-07-14")!, now: Self.at("2025-09-01T00:00"))
        let before = try tally(steps, handling: "new", receiving: "old", period: firstHalf).counts
        XCTAssertEqual(before, ["old": counts { $0.carriedOver = 1; $0.inProgressOverdue = 1 }], "the successor had nothing yet")
    }

    func testATransferBeforeReceiptIsNoMoveAndReceiptCountsWhereItWent() throws {
        let steps = [
            Self.step("2025-07-02T09:00", Self.filed, to: .submitted, centre: "a"),
            Self.step("2025-07-02T10:00", "transfer", to: .submitted, centre: "a", ["from": "a", "to": "b"]),
            Self.step("2025-07-03T09:00", "accept", to: .received, centre: "b"),
        ]
        let rows = try tally(steps, handling: "b").counts
        XCTAssertEqual(rows, ["b": counts { $0.receivedOnline = 1; $0.inProgressOverdue = 1 }])
    }

    /// A move step that named no destination moved nothing: who held the dossier first is
    /// the `from` of the first move that did.
    func testAMoveWithoutADestinationMovesNothing() throws {
        let steps = [
            Self.step("2025-07-02T09:00", Self.filed, to: .received, centre: "a"),
            Self.step("2025-07-02T10:00", "transfer", to: .received, centre: "a"),
            Self.step("2025-07-03T09:00", "handover", to: .received, centre: "a", ["from": "a", "to": "b"]),
        ]
        let rows = try tally(steps, handling: "b").counts
        XCTAssertEqual(rows["a"], counts { $0.receivedAtCounter = 1; $0.handedOver = 1 })
        XCTAssertEqual(rows["b"], counts { $0.takenOver = 1; $0.inProgressOverdue = 1 })
    }

    func testTheDueDayDecidesEarlyInVietnamTime() {
        let due = Self.at("2025-07-10T08:00")
        XCTAssertEqual(ReportTimeliness(finishedAt: Self.at("2025-07-09T23:59"), dueAt: due), .early)
        XCTAssertEqual(ReportTimeliness(finishedAt: Self.at("2025-07-10T00:00"), dueAt: due), .onTime)
        XCTAssertEqual(ReportTimeliness(finishedAt: Self.at("2025-07-10T08:00"), dueAt: due), .onTime)
        XCTAssertEqual(ReportTimeliness(finishedAt: Self.at("2025-07-10T08:01"), dueAt: due), .late)
    }
}
