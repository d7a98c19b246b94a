import CaseCore
import CaseReplication
import CaseSupport
import XCTest

@testable import CaseWire

/// A received payload is indexed when it is plain canonical JSON and parsed otherwise;
/// either way the event decodes to what was sent (the refusals are `PeerMessageCodecLimitsTests`').
final class EventPayloadDecodingTests: XCTestCase {
    func testPlainAndOtherCanonicalPayloadsOfFilingsAndStepsDecodeToWhatWasSent() throws {
        let payloads: [JSONValue] = [
            ["applicant": ["fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345"], "feesVND": 0, "note": nil],
            ["note": "hai dòng\nmột \"trích\"", "rate": 1.5, "ồ": true],
        ]
        for payload in payloads {
            for kind in [EventKind.filed, .action(.note)] {
                let event = ChangeEvent(
                    origin: "n1", sequence: 1, timestamp: HLCTimestamp(physicalMs: 1_751_331_600_000, logical: 0),
                    dossierCode: "N1-250701-0001", kind: kind, actor: "clerk", centre: "n1", payload: payload)
                let batch = PeerMessage.eventBatch(EventBatch(events: [event], senderVersionVector: VersionVector(), hasMore: false, isPush: true))
                guard case .eventBatch(let decoded) = try PeerMessageCodec.decode(PeerMessageCodec.encode(batch)) else {
                    return XCTFail("an event batch decoded as something else")
                }
                XCTAssertEqual(decoded.events, [event], "\(kind)")
                XCTAssertEqual(decoded.events.first?.payload, payload, "\(kind)")
                XCTAssertEqual(decoded.events.first?.preparedForStorage().decodedFiling, event.preparedForStorage().decodedFiling)
            }
        }
    }
}
