import CaseCore
import CaseSupport
import TestSupport
import XCTest

/// Which of an origin's received events a node stores: chains, signatures, certificates.
final class EventAuthenticationTests: XCTestCase {
    static let root = SigningKey(seed: [UInt8](repeating: 0xC0, count: 32))!
    static let keyOfA = SigningKey(seed: [UInt8](repeating: 0xC1, count: 32))!
    static let keyOfB = SigningKey(seed: [UInt8](repeating: 0xC2, count: 32))!

    static func certificate(_ subject: String, _ key: SigningKey, by signer: SigningKey = root) -> Certificate {
        Certificate.issue(
            CertificateRequest(role: .node, clusterID: "tinh-79", subject: subject, publicKey: key.publicKey,
                               validFromMs: TestEvents.baseMs - 86_400_000, validUntilMs: TestEvents.baseMs + 365 * 86_400_000),
            serial: [UInt8](repeating: 1, count: 16), by: signer)
    }

    let strict = EventTrust.verified(root: root.publicKey, clusterID: "tinh-79", acceptsUnsigned: false)
    let upgrading = EventTrust.verified(root: root.publicKey, clusterID: "tinh-79", acceptsUnsigned: true)
    let certificates = [certificate("a", keyOfA), certificate("b", keyOfB)]

    /// Origin a's events 1…count as a would store them: linked and signed with `key`.
    func sealed(_ count: Int, key: SigningKey = keyOfA) -> [ChangeEvent] {
        var link = EventChain.genesis(origin: "a")
        return TestEvents.chain(origin: "a", code: "A-1", count: count).map { event in
            let sealed = EventChain.seal(event, after: link, key: key)
            link = sealed.chain
            return sealed
        }
    }

    func verdict(_ run: [ChangeEvent], trust: EventTrust? = nil, certificates: [Certificate]? = nil) -> EventRunVerdict {
        EventAuthentication.verify(run.map(\.content).enumerated().map { $1.sealed(chain: [], signature: run[$0].signature) },
                                   after: EventChain.genesis(origin: "a"), certificates: certificates ?? self.certificates, trust: trust ?? strict)
    }

    func testARevokedOriginsEventsAfterItsCutOffAreRefusedHoweverWellSigned() {
        let run = sealed(6)
        let content = run.map(\.content).enumerated().map { $1.sealed(chain: [], signature: run[$0].signature) }
        let result = EventAuthentication.verify(content, after: EventChain.genesis(origin: "a"), certificates: certificates, trust: strict, revokedAfter: 4)
        XCTAssertEqual(result.accepted.map(\.sequence), [1, 2, 3, 4], "the signature of 4 vouches for 1…4")
        XCTAssertEqual(result.refusal?.event, EventID(origin: "a", sequence: 5))
        XCTAssertTrue(result.refusal?.reason.contains("revoked a") == true, "\(String(describing: result.refusal))")
        let unverified = EventAuthentication.verify(content, after: EventChain.genesis(origin: "a"), certificates: [], trust: .unverified, revokedAfter: 4)
        XCTAssertEqual(unverified.accepted.count, 6, "without a root key no decision can be checked, so none is applied")
        XCTAssertNil(EventAuthentication.verify(content, after: EventChain.genesis(origin: "a"), certificates: certificates, trust: strict, revokedAfter: 6).refusal)
    }

    func testAnOriginsSignedRunIsStoredWithTheLinksItsOriginComputed() {
        let run = sealed(5)
        let result = verdict(run)
        XCTAssertNil(result.refusal)
        XCTAssertEqual(result.accepted, run, "the receiver's links and the origin's agree")
    }

    func testAnAlteredEventIsRefusedWithEveryLaterOneAndEarlierOnesAreStored() {
        var run = sealed(6)
        let original = run[3]
        run[3] = ChangeEvent(origin: original.origin, sequence: original.sequence, timestamp: original.timestamp, dossierCode: original.dossierCode,
                             kind: original.kind, actor: "kẻ giả mạo", centre: original.centre, payload: original.payload, signature: original.signature)
        let result = verdict(run)
        XCTAssertEqual(result.accepted.map(\.sequence), [1, 2, 3])
        XCTAssertEqual(result.refusal?.event, EventID(origin: "a", sequence: 4))
        XCTAssertTrue(result.refusal?.reason.contains("was altered or forged") == true, "\(String(describing: result.refusal))")
    }

    func testEventsSignedByAnotherNodeThanTheirOriginAreRefused() {
        // b signs events that claim origin a: b's certificate names b, not a.
        let result = verdict(sealed(3, key: Self.keyOfB))
        XCTAssertTrue(result.accepted.isEmpty)
        XCTAssertEqual(result.refusal?.event, EventID(origin: "a", sequence: 1))
    }

    func testACertificateFromAnotherRootVouchesForNothing() {
        let result = verdict(sealed(2), certificates: [Self.certificate("a", Self.keyOfA, by: Self.keyOfB)])
        XCTAssertTrue(result.accepted.isEmpty)
        XCTAssertTrue(result.refusal?.reason.contains("holds no valid certificate of a") == true, "\(String(describing: result.refusal))")
    }

    func testUnsignedEventsAreStoredOnlyInTheUpgradeWindow() {
        let unsigned = TestEvents.chain(origin: "a", code: "A-1", count: 3)
        XCTAssertEqual(verdict(unsigned).accepted, [])
        XCTAssertTrue(verdict(unsigned).refusal?.reason.contains("carries no signature") == true)
        XCTAssertEqual(verdict(unsigned, trust: upgrading).accepted.count, 3)
        XCTAssertEqual(verdict(unsigned, trust: .unverified).accepted.count, 3)
        // A signed run followed by unsigned events: the tail is a forgery outside the window.
        let mixed = sealed(2) + Array(sealed(4).suffix(2)).map { $0.content }
        XCTAssertEqual(verdict(mixed).accepted.map(\.sequence), [1, 2])
        XCTAssertEqual(verdict(mixed, trust: upgrading).accepted.map(\.sequence), [1, 2, 3, 4])
    }

    func testOneVerifiedSignatureVouchesForTheUnsignedEventsBeforeIt() {
        // The upgrade: events written before identities, then the origin's first signed one.
        var run = sealed(4)
        for index in 0 ..< 3 { run[index] = run[index].sealed(chain: [], signature: []) }
        XCTAssertEqual(verdict(run).accepted.map(\.sequence), [1, 2, 3, 4])
    }

    func testTheLinkIgnoresUnicodeNormalisationAsStorageDoes() {
        let composed = TestEvents.event("A-1", .filed, origin: "a", sequence: 1, atMs: 0, payload: ["ten": "Nguy\u{1EC5}n"])
        let decomposed = TestEvents.event("A-1", .filed, origin: "a", sequence: 1, atMs: 0, payload: ["ten": "Nguye\u{302}\u{303}n"])
        let genesis = EventChain.genesis(origin: "a")
        XCTAssertEqual(EventChain.link(after: genesis, composed), EventChain.link(after: genesis, decomposed))
        XCTAssertNotEqual(EventChain.genesis(origin: "a"), EventChain.genesis(origin: "b"))
    }
}
