import CaseCore
import CaseSupport
import XCTest

/// The rule of a retried request (`DossierDecisions.retry`) and what a key may be.
final class IdempotencyRecordTests: XCTestCase {
    private func record(_ body: JSONValue, target: String = "POST /v1/dossiers") throws -> IdempotencyRecord {
        try IdempotencyRecord(key: "retry-key-0123456789", scope: "0123456789abcdef", target: target, body: body)
    }

    func testARetryIsNewAReplayOrRefusedByWhatTheKeyHolds() throws {
        let request = try record(["procedureCode": "1.001612"])
        let event = EventID(origin: "n1", sequence: 7)
        let same = HeldIdempotencyKey(requestSHA256: request.requestSHA256, dossierCode: "A-250701-0001", event: event, timestamp: HLCTimestamp(rawValue: 1))
        let other = HeldIdempotencyKey(requestSHA256: try record(["procedureCode": "2.000635"]).requestSHA256, dossierCode: "A-250701-0001", event: event, timestamp: HLCTimestamp(rawValue: 1))
        XCTAssertNil(try DossierDecisions.retry(request, held: nil))
        XCTAssertEqual(try DossierDecisions.retry(request, held: same), "A-250701-0001")
        XCTAssertThrowsError(try DossierDecisions.retry(request, held: other)) { error in
            XCTAssertEqual((error as? DossierRefusal)?.kind, .invalid)
            XCTAssertEqual((error as? DossierRefusal)?.code, "idempotency_key_reused")
        }
    }

    func testOfTwoEventsWithOneKeyTheEarlierIsAnswered() {
        let held = { (ms: Int64, origin: String, sequence: Int64) in
            HeldIdempotencyKey(
                requestSHA256: "", dossierCode: "A-250701-0001", event: EventID(origin: origin, sequence: sequence),
                timestamp: HLCTimestamp(physicalMs: ms, logical: 0))
        }
        XCTAssertTrue(held(1, "n2", 9).supersedes(held(2, "n1", 1)), "earlier timestamp")
        XCTAssertTrue(held(1, "n1", 9).supersedes(held(1, "n2", 1)), "then origin")
        XCTAssertTrue(held(1, "n1", 1).supersedes(held(1, "n1", 2)), "then sequence")
        XCTAssertFalse(held(1, "n1", 1).supersedes(held(1, "n1", 1)), "not itself")
    }

    func testTheHashCoversTargetAndBodyButNotKeyOrderOrUnicodeForm() throws {
        let name = "Nguyễn Văn Ánh"
        let base = try record(["a": .string(name), "b": 1])
        XCTAssertEqual(try record(["b": 1, "a": .string(name.decomposedStringWithCanonicalMapping)]).requestSHA256, base.requestSHA256)
        XCTAssertNotEqual(try record(["a": .string(name), "b": 2]).requestSHA256, base.requestSHA256)
        XCTAssertNotEqual(try record(["a": .string(name), "b": 1], target: "POST /v1/dossiers/X/actions").requestSHA256, base.requestSHA256)
    }

    func testKeysAre16To128PrintableASCIICharacters() {
        for valid in [String(repeating: "a", count: 16), String(repeating: "~", count: 128), "550e8400-e29b-41d4-a716-446655440000"] {
            XCTAssertNoThrow(try IdempotencyRecord.validate(key: valid), valid)
        }
        for invalid in ["", String(repeating: "a", count: 15), String(repeating: "a", count: 129), "sixteen chars \t ok", "khóa-0000000000000", "has space 0000000"] {
            XCTAssertThrowsError(try IdempotencyRecord.validate(key: invalid), invalid)
        }
    }

    func testARecordRoundTripsThroughAnEventPayload() throws {
        let request = try record(["x": 1])
        let payload = request.adding(to: ["note": "n"])
        XCTAssertEqual(try IdempotencyRecord(payload: payload), request)
        XCTAssertEqual(payload["note"], "n")
        XCTAssertNil(try IdempotencyRecord(payload: ["note": "n"]))
    }
}
