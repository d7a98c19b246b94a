import CaseCore
import CaseNet
import XCTest
@testable import CaseNode
import CaseSupport

/// A node with the shipped holiday calendar: filings it cannot date are refused, and
/// /healthz and /metrics say when the calendar runs short.
final class CalendarCoverageRoutesTests: XCTestCase {
    private var fixture: ServiceFixture!
    private var router: APIRouter!

    override func setUpWithError() throws {
        let calendar = try ShippedData.holidays(path: nil).workingCalendar()
        fixture = try ServiceFixture(now: "2026-12-06T09:00:00+07:00", calendar: calendar)
        router = APIRouter(service: fixture.service, metrics: NodeMetrics(), tokens: fixture.tokens)
    }

    override func tearDown() {
        fixture?.store.close()
    }

    func testAFilingWhoseDueDateIsNotCoveredIsRefused() throws {
        fixture.clock.set("2099-12-31T16:00:00+07:00")
        let response = try send("POST", "/v1/dossiers", body: APIRouterTests.filingBody)
        XCTAssertEqual(response.status, 503, response.bodyText)
        let error = try response.jsonBody()["error"]
        XCTAssertEqual(error?["code"], "calendar_not_covered")
        XCTAssertTrue(error?["message"]?.stringValue?.contains("not 2100-01-01") == true, response.bodyText)
        XCTAssertEqual(try fixture.service.statistics().eventCount, 0, "nothing saved")
    }

    func testAFilingInTheComputedYearsIsDatedByTheRule() throws {
        // Friday 2027-02-05 is the rule's Tết eve; a one-day procedure filed Thursday 09:00
        // is due Friday 09:00 without Tết, Friday 12 February with it.
        fixture.clock.set("2027-02-04T09:00:00+07:00")
        let response = try send("POST", "/v1/dossiers", body: APIRouterTests.filingBody)
        XCTAssertEqual(response.status, 201, response.bodyText)
        XCTAssertEqual(try response.jsonBody()["dueAt"], "2027-02-12T09:00:00.000+07:00")
    }

    func testHealthzWarnsWhenTheOfficialScheduleEndsWithinNinetyDays() throws {
        let body = try send("GET", "/healthz").jsonBody()
        XCTAssertEqual(body["status"], "ok")
        XCTAssertEqual(body["calendar"], ["coveredThrough": "2099-12-31", "officialThrough": "2026-12-31"])
        let warnings = try XCTUnwrap(body["warnings"]?.arrayValue)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].stringValue?.contains("ends on 2026-12-31 (25 days)") == true, "\(warnings)")
        fixture.clock.set("2026-09-01T09:00:00+07:00")
        XCTAssertNil(try send("GET", "/healthz").jsonBody()["warnings"], "121 days left")
    }

    func testMetricsCountTheDaysLeft() throws {
        let lines = Set(try send("GET", "/metrics").bodyText.split(separator: "\n").map(String.init))
        XCTAssertTrue(lines.contains("casestore_calendar_official_days_left 25"), "\(lines.sorted())")
        XCTAssertTrue(lines.contains("casestore_calendar_covered_days_left 26688"))
        XCTAssertTrue(lines.contains("# TYPE casestore_calendar_official_days_left gauge"))
    }

    private func send(_ method: String, _ target: String, body: String? = nil) throws -> HTTPResponse {
        let headers = fixture.authorized(body == nil ? [:] : ["Content-Type": "application/json"])
        return router.handle(try HTTPRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)))
    }
}
