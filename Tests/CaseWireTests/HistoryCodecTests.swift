import CaseCore
import CaseReplication
import CaseSupport
@testable import CaseWire
import XCTest

/// The import messages (kinds 25 to 27) are read as hostile input and travel on version-9
/// sessions only: an older peer is sent none.
final class HistoryCodecTests: XCTestCase {
    private let messages: [PeerMessage] = [
        .historyRequest(HistoryRequest(dossier: "N1-261207-0001", held: [EventID(origin: "n1", sequence: 1)])),
        .history(HistoryAnswer(dossier: "N1-261207-0001", served: false, batch: EventBatch(events: [], senderVersionVector: VersionVector(), hasMore: false, isPush: false))),
        .historyHint(dossier: "N1-261207-0001"),
    ]

    func testImportsAreRefusedInAnOlderFrameAndDroppedForAnOlderSession() throws {
        try assertTravelsOnlyOnVersion(9, messages)
    }

    func testAnEmptyDossierCodeOrTooManyHeldEventsAreRefused() {
        let kind = PeerMessage.Kind.historyRequest.rawValue
        var empty = WireWriter(reservingCapacity: 8)
        empty.string("")
        empty.varint(0)
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind, version: 9, payload: empty.buffer)) { error in
            XCTAssertTrue("\(error)".contains("names no dossier"), "\(error)")
        }
        var many = WireWriter(reservingCapacity: 8)
        many.string("N1-261207-0001")
        many.varint(UInt64(HistoryRequest.maxHeld + 1))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind, version: 9, payload: many.buffer))
    }
}
