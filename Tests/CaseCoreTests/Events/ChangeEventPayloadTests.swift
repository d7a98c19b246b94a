import CaseSupport
import TestSupport
import XCTest

@testable import CaseCore

/// How an event holds its payload: canonical bytes, the parsed value when known, and a
/// filing decoded ahead of storing.
final class ChangeEventPayloadTests: XCTestCase {
    func testAnEventMadeFromBytesParsesThemAndEqualsTheOneMadeFromTheValue() throws {
        let made = TestEvents.filed("UBND-250101-0001", origin: "n1", sequence: 1)
        let fromBytes = ChangeEvent(
            origin: made.origin, sequence: made.sequence, timestamp: made.timestamp, dossierCode: made.dossierCode,
            kind: made.kind, actor: made.actor, centre: made.centre, payloadJSON: made.payloadJSON)

        XCTAssertEqual(made.payloadJSON, JSONWriter.serialize(made.payload))
        XCTAssertEqual(fromBytes.payload, made.payload)
        XCTAssertEqual(fromBytes, made)
        XCTAssertEqual(EventChain.link(after: [], fromBytes), EventChain.link(after: [], made), "the same bytes are hashed")
    }

    func testAPreparedFilingIsTheFilingsPayloadAndFoldAndLeavesTheEventEqual() throws {
        let filing = TestEvents.filed("UBND-250101-0001", origin: "n1", sequence: 1)
        let decoded = filing.preparedForStorage()

        XCTAssertNil(filing.decodedFiling)
        XCTAssertEqual(decoded.decodedFiling, try FiledPayload(json: filing.payload))
        let state = try XCTUnwrap(try DossierReducer.fold([filing]))
        XCTAssertEqual(decoded.prepared?.storedState, state.storedJSONBytes, "the state the fold gives, as stored")
        XCTAssertEqual(decoded.prepared?.stateTerm, StateDigest.term(forStoredState: state.storedJSONBytes))
        XCTAssertEqual(decoded, filing, "derived, not content")
        XCTAssertEqual(decoded.sealed(chain: [1], signature: [2]).decodedFiling, decoded.decodedFiling, "sealing keeps it")
    }

    func testStepsAndFilingsThatDoNotDecodeAreLeftUnprepared() {
        let step = TestEvents.event("UBND-250101-0001", .action(.accept), origin: "n1", sequence: 2, atMs: 0, payload: [:])
        let broken = TestEvents.event("UBND-250101-0002", .filed, origin: "n1", sequence: 3, atMs: 0, payload: ["channel": "counter"])

        XCTAssertNil(step.preparedForStorage().decodedFiling)
        XCTAssertNil(broken.preparedForStorage().decodedFiling, "left for the writer's validation to refuse, with its reason")
    }

    /// What a receiving thread checks is what the writer would: an event that passes the rules
    /// is marked so (the writer then skips them), one that fails is not, and its payload is
    /// proven NFC either way.
    func testPreparationMarksAsCheckedExactlyTheEventsThatPassTheRules() {
        let filing = TestEvents.filed("UBND-250101-0001", origin: "n1", sequence: 1)
        let step = TestEvents.event("UBND-250101-0001", .action(.accept), origin: "n1", sequence: 2, atMs: 0, payload: [:])
        let broken = TestEvents.event("UBND-250101-0002", .filed, origin: "n1", sequence: 3, atMs: 0, payload: ["channel": "counter"])
        let forged = ChangeEvent(
            origin: "n1", sequence: 4, timestamp: step.timestamp, dossierCode: step.dossierCode, kind: step.kind,
            actor: step.actor, centre: "n2", payload: step.payload)

        for event in [filing, step, broken, forged] {
            let prepared = event.preparedForStorage()
            let passes = if case .success = ReceivedEventRules.check(event) { true } else { false }
            XCTAssertEqual(prepared.passedReceivedChecks, passes, "\(event.id)")
            XCTAssertEqual(prepared.canonicalPayload?.bytes, event.payloadJSON, "\(event.id)")
            XCTAssertFalse(event.passedReceivedChecks, "an event read from the wire is unchecked until prepared")
        }
        XCTAssertEqual([filing, step, broken, forged].map { $0.preparedForStorage().passedReceivedChecks }, [true, true, false, false])
    }
}
