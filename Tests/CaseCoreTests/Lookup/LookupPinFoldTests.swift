import CaseCore
import CaseSupport
import TestSupport
import XCTest

/// The PIN's hash travels in existing payloads (the filing, a `note`), folds into the
/// dossier, and leaves the stored state (what nodes compare) exactly as before.
final class LookupPinFoldTests: XCTestCase {
    private let code = "N1-250701-0001"
    private let first = LookupPinHash.make(LookupPin(parsing: "111111")!) { Array(repeating: 1, count: $0) }
    private let second = LookupPinHash.make(LookupPin(parsing: "222222")!) { Array(repeating: 2, count: $0) }

    private func filing(pin: LookupPinHash?) -> ChangeEvent {
        let payload = FiledPayload(
            channel: .counter, procedureCode: "1.001612", procedureName: "Đăng ký khai sinh", timeLimitWorkingDays: 3, feesVND: 0,
            applicant: Applicant(fullName: "Nguyễn Văn An", idNumber: "001190012345"), documents: [], receivingCentre: "n1",
            competentCentre: "n1", originalDueAt: Instant(millisecondsSinceEpoch: TestEvents.baseMs + 86_400_000), note: nil, lookupPin: pin)
        return TestEvents.event(code, .filed, origin: "n1", sequence: 1, atMs: 0, payload: payload.json)
    }

    private func reissue(_ hash: LookupPinHash?, sequence: Int64, atMs: Int64) -> ChangeEvent {
        var payload: [String: JSONValue] = ["note": .string(DossierDecisions.lookupPinReissueNote)]
        payload[LookupPinHash.payloadKey] = hash.map { .string($0.encoded) }
        return TestEvents.step(.note, code, origin: "n1", sequence: sequence, atMs: atMs, payload: .object(payload))
    }

    func testTheFilingCarriesTheHashAndTheFoldKeepsIt() throws {
        let event = filing(pin: first)
        XCTAssertEqual(event.payload[LookupPinHash.payloadKey]?.stringValue, first.encoded)
        XCTAssertEqual(try FiledPayload(json: event.payload).lookupPin, first)
        XCTAssertEqual(try DossierReducer.fold([event])?.lookupPin, first)
    }

    func testADossierFiledBeforePinsExistedHasNone() throws {
        let event = filing(pin: nil)
        XCTAssertNil(event.payload[LookupPinHash.payloadKey], "no field is written without a PIN")
        XCTAssertNil(try DossierReducer.fold([event])?.lookupPin)
    }

    func testAReissueReplacesThePinAndTheLastInFoldOrderWins() throws {
        let events = [filing(pin: first), reissue(second, sequence: 2, atMs: 60_000)]
        XCTAssertEqual(try DossierReducer.fold(events)?.lookupPin, second)
        let both = events + [reissue(first, sequence: 3, atMs: 120_000)]
        XCTAssertEqual(try DossierReducer.fold(both.reversed())?.lookupPin, first, "arrival order does not matter")
    }

    /// A note whose hash this version cannot read (a later scheme, damage) changes nothing.
    func testANoteWithoutAReadableHashKeepsThePin() throws {
        let unreadable = TestEvents.step(
            .note, code, origin: "n1", sequence: 2, atMs: 60_000, payload: .object(["note": "x", LookupPinHash.payloadKey: "argon2id$1$2$3"]))
        XCTAssertEqual(try DossierReducer.fold([filing(pin: first), unreadable])?.lookupPin, first)
    }

    /// What a node of the previous release stores for the same events: it ignores the field,
    /// so its state must be byte for byte what this version stores, or digests would differ.
    func testTheStoredStateIsTheSameWithAndWithoutTheHash() throws {
        let withPins = try XCTUnwrap(DossierReducer.fold([filing(pin: first), reissue(second, sequence: 2, atMs: 60_000)]))
        let withoutPins = try XCTUnwrap(DossierReducer.fold([filing(pin: nil), reissue(nil, sequence: 2, atMs: 60_000)]))
        XCTAssertEqual(withPins.storedJSONBytes, withoutPins.storedJSONBytes)
        XCTAssertEqual(JSONWriter.string(withPins.storedJSON), String(decoding: withPins.storedJSONBytes, as: UTF8.self))
        XCTAssertFalse(String(decoding: withPins.storedJSONBytes, as: UTF8.self).contains("pbkdf2"), "the API's dossier shows no hash")
    }
}
