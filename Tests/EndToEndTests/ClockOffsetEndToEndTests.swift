import CaseCore
import Foundation
import NodeLauncher
import TestSupport
import XCTest
import CaseSupport

/// `--clock-offset-ms` (a debug setting for fault tests) shifts the node's own clock.
final class ClockOffsetEndToEndTests: XCTestCase {
    func testAShiftedNodeStampsItsEventsWithItsShiftedClock() throws {
        let fiveDaysMs: Int64 = 5 * 86_400_000
        let node = CasenodeProcess.forTests(dataDirectory: CasenodeProcess.temporaryDirectory("clock"), extraArguments: ["--clock-offset-ms", String(fiveDaysMs)])
        try node.start()
        defer { node.stop() }
        let filing: JSONValue = ["procedureCode": "1.001193", "applicant": ["fullName": "Đinh Văn Giờ", "idNumber": "001190000001"]]
        let answer = try node.client().json("POST", "/v1/dossiers", filing)
        XCTAssertEqual(answer.status, 201)
        let receivedAt = try XCTUnwrap(answer.body["receivedAt"]?.stringValue.flatMap(VietnamTime.parseISO8601))
        let nowMs = Int64(Date().timeIntervalSince1970 * 1_000)
        // A day of slack either way: the point is the five-day shift, not the exact instant.
        XCTAssertGreaterThan(receivedAt.millisecondsSinceEpoch - nowMs, fiveDaysMs - 86_400_000)
        XCTAssertLessThan(receivedAt.millisecondsSinceEpoch - nowMs, fiveDaysMs + 86_400_000)
    }
}
