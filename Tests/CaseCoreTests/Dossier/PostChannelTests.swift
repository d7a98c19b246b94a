import CaseCore
import CaseSupport
import XCTest

/// Dossiers sent by post (bưu chính, docs/admin-backup-report.md "Channels"): received on
/// arrival as at the counter, recorded apart in a key that nodes of earlier releases ignore,
/// because a new `channel` value would make them refuse the filing event.
final class PostChannelTests: XCTestCase {
    private let received = VietnamTime.instant(date: CivilDate(year: 2025, month: 7, day: 7)!, minuteOfDay: 9 * 60)
    private let procedure = Procedure(code: "1.001193", name: "Đăng ký khai sinh", field: "Hộ tịch", timeLimitWorkingDays: 3, fees: [])

    private func file(_ body: String) throws -> DossierDecision {
        let request = try FilingRequest(json: JSONParser().parse(body))
        let filing = try DossierDecisions.check(request, against: ProcedureCatalogue(procedures: [procedure]))
        let context = DecisionContext(
            node: "n1", sequence: 1, timestamp: HLCTimestamp(physicalMs: received.millisecondsSinceEpoch, logical: 0),
            calendar: try WorkingCalendar(holidays: []))
        let code = DossierCode(agency: "N1", date: CivilDate(year: 2025, month: 7, day: 7)!, sequence: 1)
        return try DossierDecisions.file(filing, code: code, context: context)
    }

    private func body(channel: String?) -> String {
        let channel = channel.map { #", "channel": "\#($0)""# } ?? ""
        return #"{"procedureCode": "1.001193", "applicant": {"fullName": "Nguyễn Văn An", "idNumber": "001190012345"}\#(channel)}"#
    }

    func testTheRequestsChannelsAndWhatTheFilingRecords() throws {
        let cases: [(channel: String?, status: DossierStatus, payloadChannel: String, byPost: JSONValue?)] = [
            (nil, .received, "counter", nil),
            ("counter", .received, "counter", nil),
            ("online", .submitted, "online", nil),
            ("post", .received, "counter", true),
        ]
        for testCase in cases {
            let decision = try file(body(channel: testCase.channel))
            let why = testCase.channel ?? "no channel"
            XCTAssertEqual(decision.dossier.status, testCase.status, why)
            XCTAssertEqual(decision.event.payload["channel"]?.stringValue, testCase.payloadChannel, why)
            XCTAssertEqual(decision.event.payload["receivedByPost"], testCase.byPost, "only a post filing has the key: \(why)")
            let details = decision.dossier.history.first?.details ?? [:]
            XCTAssertEqual(details["receivedBy"], testCase.byPost == nil ? nil : "post", why)
            XCTAssertEqual(decision.dossier.storedJSONBytes, JSONWriter.serialize(decision.dossier.storedJSON), "stored bytes: \(why)")
        }
        XCTAssertThrowsError(try FilingRequest(json: JSONParser().parse(body(channel: "fax")))) { error in
            XCTAssertEqual("\(error)", #"channel: "fax" is not allowed; expected one of: counter, online, post"#)
        }
    }

    /// A node of a release before the post reads `channel` (counter) and ignores keys it does
    /// not know: it stores the event and folds a counter dossier with the same dates. Its state
    /// lacks only the filing step's `receivedBy`.
    func testAPostFilingDecodesUnderTheRulesOfEarlierReleases() throws {
        let decision = try file(body(channel: "post"))
        guard case .object(var payload) = decision.event.payload else { return XCTFail("a filed payload is an object") }
        // What an earlier release decodes: the same reader of `channel`, and no key it does not know.
        XCTAssertNoThrow(try FiledPayload(json: .object(payload)))
        payload["receivedByPost"] = nil
        let oldView = ChangeEvent(
            origin: decision.event.origin, sequence: decision.event.sequence, timestamp: decision.event.timestamp,
            dossierCode: decision.event.dossierCode, kind: .filed, actor: decision.event.actor, centre: decision.event.centre,
            payload: .object(payload))
        let old = try XCTUnwrap(DossierReducer.fold([oldView]))
        XCTAssertEqual(old.status, .received)
        XCTAssertEqual(old.channel, .counter)
        XCTAssertEqual(old.dueAt, decision.dossier.dueAt)
        var withoutDetail = decision.dossier
        withoutDetail.history[0].details = [:]
        XCTAssertEqual(old.storedJSON, withoutDetail.storedJSON)
    }

    /// Why the post is not a `channel` value: every release refuses a filing whose channel it
    /// does not know, and a refused event stops replication of its whole batch.
    func testANewChannelValueWouldBeRefusedByTheFilingDecoder() throws {
        let decision = try file(body(channel: "post"))
        guard case .object(var payload) = decision.event.payload else { return XCTFail("a filed payload is an object") }
        payload["channel"] = "post"
        XCTAssertThrowsError(try FiledPayload(json: .object(payload))) { error in
            XCTAssertEqual((error as? ValidationIssue)?.field, "payload.channel")
        }
    }
}
