import XCTest
@testable import CaseCore
import CaseSupport

final class SettleRequestTests: XCTestCase {
    func testValidBodies() throws {
        let cases: [(JSONValue, SettleRequest)] = [
            (["action": "settle", "note": "giữ kết quả"], SettleRequest(events: nil, note: "giữ kết quả")),
            (["action": "settle", "events": ["n1/7", "n2/3"], "note": "x", "actor": "Lê Văn Quản"],
             SettleRequest(events: [EventID(origin: "n1", sequence: 7), EventID(origin: "n2", sequence: 3)], note: "x", actor: "Lê Văn Quản")),
            (["action": "settle", "events": .null, "note": "Quyết định".decomposedStringWithCanonicalMapping.jsonString],
             SettleRequest(events: nil, note: "Quyết định")),
        ]
        for (body, expected) in cases {
            XCTAssertEqual(try SettleRequest(json: body), expected, "\(body)")
        }
        XCTAssertTrue(SettleRequest.isSettle(["action": "settle"]))
        XCTAssertFalse(SettleRequest.isSettle(["action": "note"]))
    }

    func testInvalidBodiesNameTheFieldAndWhatIsAllowed() {
        let tooMany = JSONValue.array((1...101).map { .string("n1/\($0)") })
        let cases: [(JSONValue, String)] = [
            (["action": "settle"], "note: is required for settle"),
            (["action": "settle", "note": "x", "events": []], "events: is empty"),
            (["action": "settle", "note": "x", "events": ["n1/7", "n1/7"]], "events[1]: n1/7 is named twice"),
            (["action": "settle", "note": "x", "events": ["n1-7"]], "events[0]: expected an event id like \"n1/7\""),
            (["action": "settle", "note": "x", "events": [7]], "events[0]: expected an event id"),
            (["action": "settle", "note": "x", "events": "n1/7"], "events: expected an array"),
            (["action": "settle", "note": "x", "events": tooMany], "events: has 101 elements; at most 100"),
            (["action": "settle", "note": "x", "to": "resolved"], "to: unknown field"),
            (["action": "note", "note": "x"], "action: expected \"settle\""),
        ]
        for (body, prefix) in cases {
            XCTAssertThrowsError(try SettleRequest(json: body), "\(body)") { error in
                XCTAssertTrue("\(error)".hasPrefix(prefix), "\(body): \(error)")
            }
        }
    }
}

private extension String {
    var jsonString: JSONValue { .string(self) }
}
