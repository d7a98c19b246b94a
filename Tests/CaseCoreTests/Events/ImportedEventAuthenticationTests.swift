import CaseCore
import CaseCrypto
import TestSupport
import XCTest

/// Each event imported as a dossier's history stands alone: its origin's signature over the
/// link made from its predecessor's link and its own bytes vouches for it, or it is refused.
final class ImportedEventAuthenticationTests: XCTestCase {
    private let trust = EventTrust.verified(root: EventAuthenticationTests.root.publicKey, clusterID: "tinh-79", acceptsUnsigned: false)
    private let certificates = ["a": [EventAuthenticationTests.certificate("a", EventAuthenticationTests.keyOfA)]]

    /// Three signed events of origin a, each with the link of the one before.
    private func signed() -> [SparseStreamAuthentication.ReceivedEvent] {
        var link = EventChain.genesis(origin: "a")
        return (1...3).map { sequence in
            let event = TestEvents.step(.note, "A-1", origin: "a", sequence: Int64(sequence), atMs: Int64(sequence), payload: ["note": "x"])
            let sealed = EventChain.seal(event, after: link, key: EventAuthenticationTests.keyOfA)
            defer { link = sealed.chain }
            return .init(event: sealed.sealed(chain: [], signature: sealed.signature), predecessorLink: link)
        }
    }

    func testEventsVouchedForByTheirOriginAreAcceptedOneByOneWithTheirLinks() {
        let received = signed()
        let verdict = ImportedEventAuthentication.verify([received[0], received[2]], certificates: certificates, trust: trust)
        XCTAssertEqual(verdict.accepted.map(\.sequence), [1, 3], "no run needed: the second is not there, the third stands alone")
        XCTAssertEqual(verdict.refusals, [])
        XCTAssertEqual(verdict.accepted[1].chain, EventChain.link(after: received[2].predecessorLink, received[2].event))
    }

    func testAnAlteredEventAWrongPredecessorLinkAnUnknownSignerOrARevokedOriginIsRefused() {
        var received = signed()
        let altered = TestEvents.step(.note, "A-1", origin: "a", sequence: 1, atMs: 1, payload: ["note": "giả mạo"])
            .sealed(chain: [], signature: received[0].event.signature)
        received[0] = .init(event: altered, predecessorLink: received[0].predecessorLink)
        received[1] = .init(event: received[1].event, predecessorLink: Array(repeating: 9, count: 32))
        let verdict = ImportedEventAuthentication.verify(received, certificates: certificates, trust: trust, revokedAfter: ["a": 2])
        XCTAssertEqual(verdict.accepted, [])
        XCTAssertEqual(verdict.refusals.map(\.event.sequence), [1, 2, 3])
        XCTAssertTrue(verdict.refusals[2].reason.contains("revoked"), verdict.refusals[2].reason)
        let unknown = ImportedEventAuthentication.verify(signed(), certificates: [:], trust: trust)
        XCTAssertEqual(unknown.accepted, [], "no certificate of a: nothing vouches")
        let unlinked = ImportedEventAuthentication.verify([.init(event: signed()[0].event, predecessorLink: [])], certificates: certificates, trust: trust)
        XCTAssertTrue(unlinked.refusals.first?.reason.contains("without the chain link") == true)
    }
}
