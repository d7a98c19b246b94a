import XCTest
@testable import CaseStorage
import CaseWire

/// A local event the peer protocol would refuse is refused before it is stored:
/// stored, it would block its origin's replication for good.
final class EventTooLargeTests: XCTestCase {
    func testAnEventBeyondThePeerProtocolsBoundsIsRefusedAndNothingIsStored() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("too-large")
        var events = EventFactory()
        let code = EventFactory.code(1)
        try store.writeLocal(events.filed(code, at: "n1"))
        let huge = String(repeating: "ghi chú ", count: PeerMessageCodecLimits.maxEventPayloadBytes / 8 + 1)
        XCTAssertThrowsError(try store.writeLocal(events.step(.note, on: code, at: "n1", payload: ["note": .string(huge)]))) { error in
            XCTAssertTrue(error is EventTooLarge, "\(error)")
            XCTAssertTrue("\(error)".contains("too large to replicate"), "\(error)")
        }
        XCTAssertEqual(try store.read { try $0.versionVector() }, ["n1": 1], "nothing was stored")
    }
}
