import CaseCore
import CaseSupport
import XCTest

@testable import CaseStorage

/// A dossier waiting for the citizen is not overdue (docs/due-dates.md): in the API's
/// `overdue`, the search filter and the report, now and at the end of a past period.
final class StoreWaitReportTests: XCTestCase {
    private static let hourMs: Int64 = 3_600_000
    private static let dayMs: Int64 = 86_400_000
    /// Every dossier is filed 1 July 2025 09:00 and due the next day (the factory's date).
    private static let startMs = EventFactory.startMs

    /// What happens to one dossier after it is started, and how it stands on 20 July and at
    /// the end of July (judged on 1 September).
    private struct Case {
        var name: String
        var steps: [(WorkflowAction, [String: JSONValue], atMs: Int64)]
        var overdueOn20July: Bool
        var overdueAtEndOfJuly: Bool
    }

    private static let cases: [Case] = [
        Case(name: "waits for a supplement past its due date",
             steps: [(.requestSupplement, ["remainingWorkingMs": .int(hourMs)], startMs + hourMs)],
             overdueOn20July: false, overdueAtEndOfJuly: false),
        Case(name: "waits for a payment that stopped the clock",
             steps: [(.requestPayment, ["remainingWorkingMs": .int(hourMs)], startMs + hourMs)],
             overdueOn20July: false, overdueAtEndOfJuly: false),
        Case(name: "waits for a payment whose time counts",
             steps: [(.requestPayment, [:], startMs + hourMs)],
             overdueOn20July: true, overdueAtEndOfJuly: true),
        Case(name: "supplemented on 10 July, due 11 July",
             steps: [(.requestSupplement, ["remainingWorkingMs": .int(hourMs)], startMs + hourMs),
                     (.supplement, ["newDueAtMs": .int(startMs + 10 * dayMs)], startMs + 9 * dayMs)],
             overdueOn20July: true, overdueAtEndOfJuly: true),
        Case(name: "supplemented in August, after the period: waiting at its end",
             steps: [(.requestSupplement, ["remainingWorkingMs": .int(hourMs)], startMs + hourMs),
                     (.supplement, ["newDueAtMs": .int(startMs + 45 * dayMs)], startMs + 44 * dayMs)],
             overdueOn20July: false, overdueAtEndOfJuly: false),
    ]

    private func store(with dossier: Case) throws -> (StoreFixture, CaseStore, String) {
        let fixture = try StoreFixture()
        let store = try fixture.store("wait")
        var events = EventFactory()
        let code = EventFactory.code(1)
        try store.writeLocal(events.filed(code, at: "n1"))
        try store.writeLocal(events.step(.start, on: code, at: "n1", atMs: Self.startMs + 60_000))
        for (action, payload, atMs) in dossier.steps {
            try store.writeLocal(events.step(action, on: code, at: "n1", payload: payload, atMs: atMs))
        }
        return (fixture, store, code)
    }

    private func report(_ store: CaseStore, now: String) throws -> ReportCounts? {
        let period = ReportPeriod(
            first: CivilDate(iso: "2025-07-01")!, last: CivilDate(iso: "2025-07-31")!, now: VietnamTime.parseISO8601(now)!)
        return try store.read { try $0.report(period, centre: nil).counts }[ReportKey(centre: "n1", procedureCode: "1.001612", procedureName: "Đăng ký khai sinh")]
    }

    func testAWaitForTheCitizenIsNotOverdueNowNorAtTheEndOfAPastPeriod() throws {
        let july20 = VietnamTime.parseISO8601("2025-07-20T12:00:00+07:00")!
        for dossier in Self.cases {
            let (fixture, store, code) = try store(with: dossier)
            defer { _ = fixture }
            let endOfJuly = try XCTUnwrap(report(store, now: "2025-09-01T00:00:00+07:00"), dossier.name)
            XCTAssertEqual(endOfJuly.inProgressOverdue, dossier.overdueAtEndOfJuly ? 1 : 0, dossier.name)
            XCTAssertEqual(endOfJuly.inProgressNotYetDue, dossier.overdueAtEndOfJuly ? 0 : 1, dossier.name)
            // On 20 July a supplement of August has not happened yet: that case is judged at the end only.
            guard dossier.steps.allSatisfy({ $0.atMs < july20.millisecondsSinceEpoch }) else { continue }
            let now = try XCTUnwrap(report(store, now: "2025-07-20T12:00:00+07:00"), dossier.name)
            XCTAssertEqual(now.inProgressOverdue, dossier.overdueOn20July ? 1 : 0, dossier.name)
            XCTAssertEqual(now.inProgressNotYetDue, dossier.overdueOn20July ? 0 : 1, dossier.name)
            let found = try store.read { try $0.search(DossierQuery(overdue: true), now: july20) }
            XCTAssertEqual(found.items.map(\.code), dossier.overdueOn20July ? [code] : [], dossier.name)
            let notOverdue = try store.read { try $0.search(DossierQuery(overdue: false), now: july20) }
            XCTAssertEqual(notOverdue.total, dossier.overdueOn20July ? 0 : 1, dossier.name)
            let shown = try XCTUnwrap(storedDossier(store, code)).json(now: july20)
            XCTAssertEqual(shown["overdue"], .bool(dossier.overdueOn20July), dossier.name)
        }
    }
}
