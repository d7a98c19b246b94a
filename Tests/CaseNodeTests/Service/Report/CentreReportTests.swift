import CaseCore
import CaseStorage
import XCTest
@testable import CaseNode

/// The report (`DossierService.report`) on a seeded data set: dossiers filed and processed at
/// chosen times at four centres, early, on time to the millisecond, late, overdue, refused,
/// withdrawn, with apologies (one moving a due date after the period), phi-địa-giới filings,
/// a transfer after the period and handovers, compared figure by figure with what the test
/// folds from its own ledger.
final class CentreReportTests: XCTestCase {
    private var scenario: ReportScenario!
    /// The default report (current month) taken mid-July, while the scenario ran.
    private var midJuly: (report: CentreReport, ledger: [PlannedDossier], now: Instant)!
    /// 1–15 July, reported before D9 was handed over from n3 to n4 on 20 July.
    private var firstHalfOfJulyBeforeTheMerger: CentreReport!

    override func setUpWithError() throws {
        scenario = try ReportScenario(now: "2025-06-20T09:00:00+07:00")
        try seed()
    }

    override func tearDown() {
        scenario = nil
        midJuly = nil
        firstHalfOfJulyBeforeTheMerger = nil
    }

    private func seed() throws {
        let s = scenario!
        // June: one finished before July, three carried into it (one handed over in June).
        let d1 = try s.file(at: "2025-06-20T09:00:00+07:00", centre: "n1")
        try s.act(d1, [.start, .resolve], from: "2025-06-20T10:00:00+07:00", centre: "n1")
        let d15 = try s.file(at: "2025-06-25T09:00:00+07:00", centre: "n3", procedure: "2.000635")
        try s.act(d15, .handover, at: "2025-06-25T10:00:00+07:00", centre: "n1", to: "n4")
        let d2 = try s.file(at: "2025-06-27T16:00:00+07:00", centre: "n1")
        try s.act(d2, .start, at: "2025-06-27T16:10:00+07:00", centre: "n1")
        let d3 = try s.file(at: "2025-06-30T10:00:00+07:00", centre: "n1", procedure: "2.000635")
        try s.act(d3, .start, at: "2025-06-30T10:05:00+07:00", centre: "n1")
        try s.file(at: "2025-06-30T23:59:59.999+07:00", centre: "n1")  // the last millisecond of June
        // July.
        let d17 = try s.file(at: "2025-07-01T00:00:00.000+07:00", centre: "n1")  // the first millisecond of July
        try s.act(d17, .start, at: "2025-07-01T08:00:00+07:00", centre: "n1")
        let d4 = try s.file(at: "2025-07-01T09:00:00+07:00", centre: "n1")
        try s.act(d4, [.start], from: "2025-07-01T09:10:00+07:00", centre: "n1")
        try s.act(d4, .resolve, at: "2025-07-01T15:00:00+07:00", centre: "n1")
        try s.act(d17, .resolve, at: "2025-07-01T17:00:00.000+07:00", centre: "n1")  // exactly at its due date
        let d5 = try s.file(at: "2025-07-02T09:00:00+07:00", centre: "n1", procedure: "2.000635", competent: "n2")
        try s.act(d5, .start, at: "2025-07-02T10:00:00+07:00", centre: "n2")
        try s.act(d2, .resolve, at: "2025-07-02T11:00:00+07:00", centre: "n1")  // late: due 30 June 16:00
        let d6 = try s.file(at: "2025-07-03T09:00:00+07:00", centre: "n2")
        try s.act(d6, .start, at: "2025-07-03T09:05:00+07:00", centre: "n2")
        try s.act(d4, .returnResult, at: "2025-07-03T10:00:00+07:00", centre: "n1")
        try s.act(d6, .apologize, at: "2025-07-04T08:00:00+07:00", centre: "n2", newDueAt: "2025-07-10T17:00:00+07:00")
        let d7 = try s.file(at: "2025-07-07T09:00:00+07:00", centre: "n1")
        try s.act(d7, .start, at: "2025-07-07T09:05:00+07:00", centre: "n1")
        try s.act(d5, .resolve, at: "2025-07-07T10:00:00+07:00", centre: "n2")  // late: due 4 July 09:00
        try s.act(d7, .apologize, at: "2025-07-08T08:00:00+07:00", centre: "n1", newDueAt: "2025-08-05T17:00:00+07:00")
        try s.act(d6, .resolve, at: "2025-07-09T09:00:00+07:00", centre: "n2")  // late (due 8 July 09:00), apologised
        let d9 = try s.file(at: "2025-07-10T09:00:00+07:00", centre: "n3", procedure: "2.000635")
        try s.act(d9, .start, at: "2025-07-10T09:10:00+07:00", centre: "n3")
        let d8 = try s.file(at: "2025-07-14T09:00:00+07:00", centre: "n1")
        try s.act(d8, .start, at: "2025-07-14T09:05:00+07:00", centre: "n1")
        let d10 = try s.file(at: "2025-07-15T09:00:00+07:00", centre: "n1", online: true)
        let d19 = try s.file(at: "2025-07-15T10:00:00+07:00", centre: "n1", online: true)
        try s.act(d19, .accept, at: "2025-07-15T14:00:00+07:00", centre: "n1")  // received online now, not at submission
        try s.act(d10, .refuse, at: "2025-07-16T09:00:00+07:00", centre: "n1")
        s.clock.set("2025-07-16T12:00:00+07:00")
        let now = s.n1.now
        let period = ReportPeriod(first: CivilDate(iso: "2025-07-01")!, last: CivilDate(iso: "2025-07-31")!, now: now)
        midJuly = (try s.n1.report(period, centre: nil), Array(s.ledger.values), now)
        firstHalfOfJulyBeforeTheMerger = try report("2025-07-01", "2025-07-15")
        try s.act(d9, .handover, at: "2025-07-20T10:00:00+07:00", centre: "n1", to: "n4")
        let d11 = try s.file(at: "2025-07-21T09:00:00+07:00", centre: "n1")
        try s.act(d11, .start, at: "2025-07-21T09:05:00+07:00", centre: "n1")
        try s.act(d11, [.requestWithdrawal, .stop], from: "2025-07-22T09:00:00+07:00", centre: "n1")
        let d12 = try s.file(at: "2025-07-22T10:00:00+07:00", centre: "n1", procedure: "2.000635")
        try s.act(d12, .start, at: "2025-07-22T10:05:00+07:00", centre: "n1")
        try s.act(d12, .requestSupplement, at: "2025-07-23T10:00:00+07:00", centre: "n1")
        try s.act(d12, .supplement, at: "2025-07-28T10:00:00+07:00", centre: "n1")
        let d14 = try s.file(at: "2025-07-31T16:00:00+07:00", centre: "n1", competent: "n3")
        let d18 = try s.file(at: "2025-07-31T16:30:00+07:00", centre: "n1")
        try s.act(d18, .start, at: "2025-07-31T16:35:00+07:00", centre: "n1")
        // August: after the period, changes that a July report must not be fooled by.
        try s.act(d18, .resolve, at: "2025-08-01T00:00:00.000+07:00", centre: "n1")  // the first millisecond after July
        try s.act(d14, .transfer, at: "2025-08-02T10:00:00+07:00", centre: "n3", to: "n2")
        try s.act(d8, .apologize, at: "2025-08-04T08:00:00+07:00", centre: "n1", newDueAt: "2025-08-20T17:00:00+07:00")
        try s.act(d7, .apologize, at: "2025-08-04T09:00:00+07:00", centre: "n1", newDueAt: "2025-08-25T17:00:00+07:00")
        try s.file(at: "2025-08-05T09:00:00+07:00", centre: "n1")
        s.clock.set("2025-08-20T12:00:00+07:00")
    }

    private func expected(_ first: String, _ last: String, centre: String?, ledger: [PlannedDossier]? = nil, now: Instant? = nil) -> [ReportKey: ReportCounts] {
        let period = ReportPeriod(first: CivilDate(iso: first)!, last: CivilDate(iso: last)!, now: now ?? scenario.n1.now)
        return ExpectedReport.rows(
            ledger ?? Array(scenario.ledger.values), start: period.start, end: period.end, asOf: period.asOf, centre: centre)
    }

    private func report(_ first: String, _ last: String, centre: String? = nil) throws -> CentreReport {
        let period = ReportPeriod(first: CivilDate(iso: first)!, last: CivilDate(iso: last)!, now: scenario.n1.now)
        return try scenario.n1.report(period, centre: centre)
    }

    func testEveryFigureOfEveryPeriodAndCentreMatchesTheLedger() throws {
        let periods = [
            ("2025-07-01", "2025-07-31"), ("2025-06-01", "2025-06-30"), ("2025-06-15", "2025-08-10"),
            ("2025-07-05", "2025-07-05"), ("2025-08-01", "2025-08-31"), ("2025-07-01", "2025-07-01"),
        ]
        for (first, last) in periods {
            for centre in [nil, "n1", "n2", "n3", "n4", "n9"] {
                let actual = try report(first, last, centre: centre)
                let wanted = expected(first, last, centre: centre)
                XCTAssertEqual(actual.rowsByKey, wanted, "\(first)…\(last) centre \(centre ?? "all")")
                XCTAssertEqual(actual.totals, wanted.values.reduce(ReportCounts()) { $0.adding($1) }, "\(first)…\(last)")
                for centre in actual.centres {
                    XCTAssertTrue(centre.counts.isBalanced, "\(first)…\(last) centre \(centre.id): \(centre.counts)")
                }
            }
        }
    }

    func testJulyFiguresAreTheOnesWorkedOutByHand() throws {
        let july = try report("2025-07-01", "2025-07-31")
        let totals = july.totals
        XCTAssertEqual(totals.received, 12, "D10, refused at intake, was never received")
        XCTAssertEqual(totals.receivedOnline, 1, "D19, received when accepted")
        XCTAssertEqual(totals.receivedAtCounter, 11)
        XCTAssertEqual(totals.carriedOver, 4, "D2, D3, the last-millisecond-of-June filing, and the one handed over in June")
        XCTAssertEqual(totals.totalToProcess, 16)
        XCTAssertEqual(totals.resolvedOnTime, 2, "D4, D17 resolved exactly at its due date")
        XCTAssertEqual(totals.resolvedEarly, 1, "D4, due 2 July 09:00, resolved on 1 July; D17 on its due day")
        XCTAssertEqual(totals.resolvedLate, 3, "D2, D5, and D6: resolved after its original due date, before the apologised one")
        XCTAssertEqual(totals.resolvedApologised, 1, "D6")
        XCTAssertEqual(totals.onTimeRatePercent, 40.0)
        XCTAssertEqual(totals.closedWithoutResult, 1, "D11 withdrawn; D10's refusal is not a received dossier's")
        XCTAssertEqual(totals.refusals, 1, "D10")
        XCTAssertEqual(totals.withdrawals, 1, "D11")
        XCTAssertEqual(totals.supplementRequests, 1, "D12")
        XCTAssertEqual(totals.inProgressOverdue, 7)
        XCTAssertEqual(totals.inProgressNotYetDue, 3)
        XCTAssertTrue(totals.isBalanced)
        XCTAssertEqual(totals.apologies, 2, "the August apologies are not July's")
        XCTAssertEqual(totals.handedOver, 1)
        XCTAssertEqual(totals.takenOver, 1)
        XCTAssertEqual(totals.transferredOut, 0, "D14's transfer is August's")

        let byKey = july.rowsByKey
        let n1Birth = try XCTUnwrap(byKey[ReportKey.filed("n1", "1.001612")])
        // D8 was overdue when July ended; an apology in August moved its due date, which must not undo that.
        XCTAssertEqual(n1Birth.inProgressOverdue, 3, "D8, D19 and the June filing due 1 July")
        XCTAssertEqual(n1Birth.inProgressNotYetDue, 2, "D7 (its July apology, not its August one) and D18, finished a millisecond after July")
        XCTAssertEqual(n1Birth.receivedForOtherCentres, 1, "D14, filed for n3")
        XCTAssertEqual(byKey[ReportKey.filed("n1", "2.000635")]?.receivedForOtherCentres, 1, "D5, filed for n2")
        XCTAssertEqual(byKey[ReportKey.filed("n2", "1.001612")]?.received, 1, "D6; D14 was n3's in July")
        XCTAssertEqual(byKey[ReportKey.filed("n3", "1.001612")]?.received, 1, "D14: its August transfer to n2 does not rewrite July")
        XCTAssertEqual(byKey[ReportKey.filed("n2", "1.001612")]?.apologies, 1)
        XCTAssertEqual(byKey[ReportKey.filed("n3", "2.000635")]?.handedOver, 1)
        XCTAssertEqual(byKey[ReportKey.filed("n3", "2.000635")]?.received, 1, "D9 counts at n3, which held it when received")
        XCTAssertEqual(byKey[ReportKey.filed("n4", "2.000635")]?.takenOver, 1)
        XCTAssertEqual(byKey[ReportKey.filed("n4", "2.000635")]?.carriedOver, 1, "D15, handed over in June")
        XCTAssertEqual(byKey[ReportKey.filed("n4", "2.000635")]?.inProgress, 2, "D15 and D9, held by n4 when July ended")
    }

    /// A merger hands D9 over from n3 to n4 on 20 July: the first half of July, reported before
    /// and after, is the same, and counts D9 at n3.
    func testAMergerDoesNotRewriteAnEarlierPeriod() throws {
        let before = try XCTUnwrap(firstHalfOfJulyBeforeTheMerger)
        let after = try report("2025-07-01", "2025-07-15")
        XCTAssertEqual(after.rowsByKey, before.rowsByKey)
        let n3 = try XCTUnwrap(after.rowsByKey[ReportKey.filed("n3", "2.000635")])
        XCTAssertEqual(n3.received, 1, "D9")
        XCTAssertEqual(n3.inProgress, 1, "D9, still n3's on 15 July")
        XCTAssertEqual(n3.handedOver, 0)
        XCTAssertEqual(after.totals.takenOver, 0, "no handover in 1–15 July")
    }

    func testTheCurrentMonthIsJudgedAtNowNotAtItsEnd() throws {
        let (report, ledger, now) = try XCTUnwrap(midJuly)
        XCTAssertEqual(report.period.asOf, now)
        XCTAssertTrue(report.period.asOfIsNow)
        XCTAssertEqual(report.rowsByKey, expected("2025-07-01", "2025-07-31", centre: nil, ledger: ledger, now: now))
        XCTAssertEqual(report.totals.inProgressNotYetDue, 2, "D7, due 5 August after its apology, and D19, accepted yesterday afternoon")
        XCTAssertEqual(report.totals.inProgressOverdue, 5, "D3, D15, the June filing due 1 July, D9 (due 14 July) and D8 (due 15 July)")
    }

    /// n3 was merged into n4: D15 (June) and D9 (20 July) were handed over; the report lists
    /// both as they stand now, and not D5, which n3 never held.
    func testTheHandoverReportListsTheRetiredCentresBacklogAsItStandsNow() throws {
        let report = try scenario.n1.handoverReport(retired: "n3")
        XCTAssertEqual(report.successor, "n4")
        let handedOver = scenario.ledger.values.filter { dossier in
            dossier.steps.contains { if case .handover(let from, _) = $0.kind { return from == "n3" } else { return false } }
        }
        XCTAssertEqual(report.dossiers.map(\.code), handedOver.map(\.code).sorted())
        XCTAssertEqual(report.dossiers.count, 2)
        for dossier in report.dossiers {
            XCTAssertEqual(dossier.successor, "n4", dossier.code)
            XCTAssertEqual(dossier.handlingCentre, "n4", dossier.code)
            XCTAssertTrue(dossier.overdue, "\(dossier.code): due in July, still unfinished on 20 August")
            XCTAssertFalse(dossier.procedureName.isEmpty, "\(dossier.code) is named as filed")
        }
        XCTAssertEqual(report.summary.overdue, 2)
        XCTAssertEqual(Set(report.dossiers.map(\.status)), ["received", "processing"], "D15 never started, D9 did")
        XCTAssertThrowsError(try scenario.n1.handoverReport(retired: "n2")) { error in
            XCTAssertEqual((error as? ServiceError)?.httpStatus, 404)
        }
    }

    func testAnEmptyPeriodHasNoRowsAndNoRate() throws {
        let empty = try report("2025-01-01", "2025-01-31")
        XCTAssertTrue(empty.centres.isEmpty)
        XCTAssertEqual(empty.totals, ReportCounts())
        XCTAssertNil(empty.totals.onTimeRatePercent)
    }
}
