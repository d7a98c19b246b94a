import CaseCore
import CaseNet
import CaseSupport
import TestSupport
import XCTest
@testable import CaseNode

/// A node's calendar follows the schedules the root published (as replication hands them to
/// its `HolidayCalendarKeeper`): new due dates use them, what was dated before keeps its date,
/// and `GET /v1/holidays` says where each year's days off come from.
final class HolidayRoutesTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var keeper: HolidayCalendarKeeper!
    private var router: APIRouter!

    override func setUpWithError() throws {
        let file = try ShippedData.holidays(path: nil)
        fixture = try ServiceFixture(now: "2027-02-04T09:00:00+07:00", calendar: try file.workingCalendar())
        keeper = try HolidayCalendarKeeper(file: file, periods: WorkingCalendar.defaultPeriods, store: fixture.store)
        keeper.onChange { [service = fixture.service] in service.useCalendar($0) }
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens, holidays: keeper)
    }

    override func tearDown() {
        fixture?.store.close()
    }

    func testAPublishedYearDatesNewDossiersAndKeepsThoseDatedBefore() throws {
        // Thursday 09:00 before the rule's Tết (5-11 February 2027): a one-day procedure is due
        // Friday 12th; the published schedule also gives that Friday off.
        let before = try send("POST", "/v1/dossiers", body: APIRouterTests.filingBody)
        XCTAssertEqual(try before.jsonBody()["dueAt"], "2027-02-12T09:00:00.000+07:00")
        let code = try XCTUnwrap(try before.jsonBody()["code"]?.stringValue)

        XCTAssertEqual(try keeper.adopt([try HolidayScheduleSamples.schedule(2027, extraDaysOff: ["2027-02-12"])]).count, 1)
        let after = try send("POST", "/v1/dossiers", body: APIRouterTests.filingBody)
        XCTAssertEqual(try after.jsonBody()["dueAt"], "2027-02-15T09:00:00.000+07:00")
        XCTAssertEqual(try send("GET", "/v1/dossiers/\(code)").jsonBody()["dueAt"], "2027-02-12T09:00:00.000+07:00", "not rewritten")
        XCTAssertEqual(try send("GET", "/healthz").jsonBody()["calendar"]?["officialThrough"], "2027-12-31")
    }

    func testTheRouteSaysWhereEachYearsDaysOffComeFrom() throws {
        try keeper.adopt([try HolidayScheduleSamples.schedule(2027, extraDaysOff: ["2027-02-12"])])
        let summary = try send("GET", "/v1/holidays").jsonBody()
        let sources = Dictionary(uniqueKeysWithValues: (summary["years"]?.arrayValue ?? []).map { ($0["year"]?.int64Value ?? 0, $0["source"]?.stringValue ?? "") })
        XCTAssertEqual(sources[2026], "file")
        XCTAssertEqual(sources[2027], "published")
        XCTAssertEqual(sources[2028], "computed")
        XCTAssertEqual(sources.count, 79, "2021-2099")
        XCTAssertEqual(summary["officialThrough"], "2027-12-31")

        let year = try send("GET", "/v1/holidays?year=2027").jsonBody()
        XCTAssertEqual(year["source"], "published")
        XCTAssertNotNil(year["notice"]?.stringValue)
        XCTAssertTrue(year["holidays"]?.arrayValue?.contains { $0["date"] == "2027-02-12" } == true)
        XCTAssertEqual(try send("GET", "/v1/holidays?year=2100").status, 400)
        XCTAssertEqual(try send("GET", "/v1/holidays?yaer=2027").status, 400)
    }

    private func send(_ method: String, _ target: String, body: String? = nil) throws -> HTTPResponse {
        let headers = fixture.authorized(body == nil ? [:] : ["Content-Type": "application/json"])
        return router.handle(try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }
}
