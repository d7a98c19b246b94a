import CaseCore
import XCTest

@testable import CaseStorage

/// The parts of `CaseStoreReader.report` a single service cannot stage: replicated steps that
/// conflict, and the arithmetic of periods and rates.
final class StoreReportTests: XCTestCase {
    private static let july = ReportPeriod(
        first: CivilDate(iso: "2025-07-01")!, last: CivilDate(iso: "2025-07-31")!,
        now: VietnamTime.parseISO8601("2025-09-01T00:00:00+07:00")!)

    func testAnApologyAConcurrentResolveMadeImpossibleCountsForNothing() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("conflict")
        var events = EventFactory()
        let code = EventFactory.code(1)
        let resolveMs = EventFactory.startMs + 3_600_000
        try store.writeLocal(events.filed(code, at: "n1"))
        try store.writeLocal(events.step(.start, on: code, at: "n1"))
        try store.writeLocal(events.step(.resolve, on: code, at: "n1", atMs: resolveMs))
        // n2 apologised at the same time without having seen the resolve; it sorts after it.
        let apology = events.step(.apologize, on: code, at: "n2", payload: ["newDueAtMs": .int(resolveMs + 86_400_000)], atMs: resolveMs)
        _ = try store.write { try $0.applyReplicated([apology]) }
        XCTAssertEqual(try storedDossier(store, code)?.state["conflicts"]?.arrayValue?.count, 1, "the apology was not applied")

        let rows = try store.read { try $0.report(Self.july, centre: nil).counts }

        var expected = ReportCounts()
        expected.receivedAtCounter = 1
        expected.resolvedOnTime = 1  // the factory's due date, a day after filing, never moved
        expected.resolvedEarly = 1  // resolved an hour after filing, the day before
        XCTAssertEqual(rows, [ReportKey(centre: "n1", procedureCode: "1.001612", procedureName: "Đăng ký khai sinh"): expected], "n2's apology never happened")
    }

    /// Statistics judge "on time" by the original due date, not the apologised one, and count
    /// the apologised dossiers apart (docs/due-dates.md, "Apologies").
    func testAnApologisedDossierResolvedAfterItsOriginalDueDateIsLateAndApologised() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("apologies")
        var events = EventFactory()
        let dueMs = EventFactory.startMs + 86_400_000  // the factory's due date
        let cases: [(apology: Bool, resolvedMs: Int64, why: String)] = [
            (true, dueMs + 3_600_000, "apologised, resolved after the original date, before the apologised one"),
            (true, dueMs - 3_600_000, "apologised, resolved before the original date"),
            (false, dueMs + 3_600_000, "late without apology"),
            (false, dueMs, "exactly at the due date"),
        ]
        for (number, testCase) in cases.enumerated() {
            let code = EventFactory.code(number + 1)
            try store.writeLocal(events.filed(code, at: "n1", atMs: EventFactory.startMs + Int64(number)))
            try store.writeLocal(events.step(.start, on: code, at: "n1", atMs: EventFactory.startMs + 60_000 + Int64(number)))
            if testCase.apology {
                try store.writeLocal(events.step(
                    .apologize, on: code, at: "n1", payload: ["newDueAtMs": .int(dueMs + 5 * 86_400_000), "reason": "chờ xác minh"],
                    atMs: EventFactory.startMs + 120_000 + Int64(number)))
            }
            try store.writeLocal(events.step(.resolve, on: code, at: "n1", atMs: testCase.resolvedMs))
        }

        let counts = try XCTUnwrap(try store.read { try $0.report(Self.july, centre: nil).counts }[ReportKey(centre: "n1", procedureCode: "1.001612", procedureName: "Đăng ký khai sinh")])

        XCTAssertEqual(counts.resolvedLate, 2, "\(cases[0].why); \(cases[2].why)")
        XCTAssertEqual(counts.resolvedOnTime, 2, "\(cases[1].why); \(cases[3].why)")
        XCTAssertEqual(counts.resolvedApologised, 2)
        XCTAssertEqual(counts.apologies, 2)
        XCTAssertEqual(try store.read { try $0.report(Self.july, centre: "n2").counts }, [:], "another centre's report has none of them")
    }

    func testThePeriodRunsFromLocalMidnightToLocalMidnightAfterItsLastDay() {
        let period = ReportPeriod(
            first: CivilDate(iso: "2025-07-01")!, last: CivilDate(iso: "2025-07-31")!,
            now: VietnamTime.parseISO8601("2025-07-10T12:00:00+07:00")!)
        XCTAssertEqual(VietnamTime.iso8601(period.start), "2025-07-01T00:00:00.000+07:00")
        XCTAssertEqual(VietnamTime.iso8601(period.end), "2025-08-01T00:00:00.000+07:00")
        XCTAssertEqual(VietnamTime.iso8601(period.asOf), "2025-07-10T12:00:00.000+07:00")
        XCTAssertTrue(period.asOfIsNow)
        XCTAssertEqual(Self.july.asOf, Self.july.end)
        XCTAssertFalse(Self.july.asOfIsNow)
        XCTAssertTrue(period.contains(period.start))
        XCTAssertFalse(period.contains(period.end))
    }

    func testTheOnTimeRateIsRoundedHalfUpToOneDecimalAndAbsentWithoutResolvedDossiers() {
        let cases: [(onTime: Int64, late: Int64, rate: Double?)] = [
            (0, 0, nil), (1, 0, 100.0), (0, 1, 0.0), (2, 1, 66.7), (1, 2, 33.3), (1, 7, 12.5), (999, 1, 99.9), (1999, 1, 100.0),
        ]
        for (onTime, late, rate) in cases {
            var counts = ReportCounts()
            counts.resolvedOnTime = onTime
            counts.resolvedLate = late
            XCTAssertEqual(counts.onTimeRatePercent, rate, "\(onTime) on time, \(late) late")
        }
    }

    func testARowPastTheLimitIsRefused() throws {
        var rows = ReportRows(limit: 2, centre: nil)
        try rows.update(ReportKey(centre: "a", procedureCode: "1", procedureName: "x")) { $0.receivedAtCounter += 1 }
        try rows.update(ReportKey(centre: "b", procedureCode: "1", procedureName: "x")) { $0.receivedAtCounter += 1 }
        try rows.update(ReportKey(centre: "a", procedureCode: "1", procedureName: "x")) { $0.receivedAtCounter += 1 }
        XCTAssertThrowsError(try rows.update(ReportKey(centre: "c", procedureCode: "1", procedureName: "x")) { $0.receivedAtCounter += 1 }) { error in
            XCTAssertTrue(error is ReportTooLarge, "\(error)")
        }
        XCTAssertEqual(rows.counts[ReportKey(centre: "a", procedureCode: "1", procedureName: "x")]?.receivedAtCounter, 2)
    }
}
