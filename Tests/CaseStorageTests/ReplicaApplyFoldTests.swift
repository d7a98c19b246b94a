import CaseCore
import XCTest
@testable import CaseStorage
import CaseSupport

/// A dossier whose events all arrive in one apply is folded from them as they came (no
/// read-back); the state must be exactly the one folding the stored events gives.
final class ReplicaApplyFoldTests: XCTestCase {
    func testAStateFoldedFromArrivedEventsEqualsOneFoldedFromStoredEvents() throws {
        let fixture = try StoreFixture()
        var factory = EventFactory()
        let filing = factory.filed(EventFactory.code(1), at: "n1")
        let step = factory.step(.accept, on: EventFactory.code(1), at: "n1", payload: ["note": .string("Đã nhận đủ hồ sơ")])
        let together = try fixture.log("together")
        let apart = try fixture.log("apart")

        _ = try together.apply([filing, step])
        _ = try apart.apply([filing])
        _ = try apart.apply([step])

        XCTAssertEqual(try ReplicaContents(together.store), try ReplicaContents(apart.store))
        XCTAssertEqual(try together.store.maintainedAndRecomputedDigests().recomputed, try together.digest())
    }

    func testTextNotInNFCIsFoldedAsStoredNotAsItCame() throws {
        let fixture = try StoreFixture()
        var nfcFactory = EventFactory(), nfdFactory = EventFactory()
        let composed = nfcFactory.filed(EventFactory.code(1), at: "n1", applicant: "Nguyễn Văn Ánh")
        let decomposed = nfdFactory.filed(EventFactory.code(1), at: "n1", applicant: "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh")
        let nfcStep = nfcFactory.step(.accept, on: EventFactory.code(1), at: "n1", payload: ["note": .string("Đủ hồ sơ")])
        let step = nfdFactory.step(.accept, on: EventFactory.code(1), at: "n1", payload: ["note": .string("\u{110}u\u{309} ho\u{302}\u{300} so\u{31B}")])
        // The actor goes into the history as it is: "cán bộ một cửa" in NFD.
        let nfdStep = ChangeEvent(
            origin: step.origin, sequence: step.sequence, timestamp: step.timestamp, dossierCode: step.dossierCode, kind: step.kind,
            actor: "ca\u{301}n bo\u{323}\u{302} mo\u{323}\u{302}t cu\u{31B}\u{309}a", centre: step.centre, payload: step.payload)
        XCTAssertNotEqual(JSONWriter.serialize(nfcStep.payload), JSONWriter.serialize(nfdStep.payload), "the two copies differ in their bytes")
        let fromNFC = try fixture.log("nfc")
        let fromNFD = try fixture.log("nfd")

        _ = try fromNFC.apply([composed, nfcStep])
        _ = try fromNFD.apply([decomposed, nfdStep])

        XCTAssertEqual(try ReplicaContents(fromNFD.store).states, try ReplicaContents(fromNFC.store).states)
        XCTAssertEqual(try fromNFD.digest(), try fromNFC.digest())
        let digests = try fromNFD.store.maintainedAndRecomputedDigests()
        XCTAssertEqual(digests.maintained, digests.recomputed, "the maintained digest is of the stored (NFC) bytes, not of the NFD ones received")
    }
}
