import XCTest
@testable import CaseNet
import CaseWire

final class PeerTransportSharedTests: XCTestCase {
    func testQueuedBytesStayWithinTheTransportWideBound() {
        let limits = PeerTransportLimits(maxQueuedBytesPerPeer: 100, maxQueuedBytesTotal: 250)
        let shared = PeerTransportShared(nodeID: "a", clusterID: "casestore", keyRing: TestKeys.ring, limits: limits, log: { _ in })
        XCTAssertTrue(shared.reserveQueuedBytes(100))
        XCTAssertTrue(shared.reserveQueuedBytes(100))
        XCTAssertFalse(shared.reserveQueuedBytes(51))
        XCTAssertTrue(shared.reserveQueuedBytes(50))
        XCTAssertEqual(shared.queuedByteCount, 250)
        shared.releaseQueuedBytes(120)
        XCTAssertTrue(shared.reserveQueuedBytes(120))
        XCTAssertFalse(shared.reserveQueuedBytes(1))
    }

    func testTheHelloOffersOnlyVersion2WithTheFirstKeyAndAFreshNonce() {
        let keyRing = ClusterKeyRing([TestKeys.next, TestKeys.cluster])
        let shared = PeerTransportShared(nodeID: "a", clusterID: "cs", keyRing: keyRing, limits: .init(), log: { _ in })
        let first = shared.makeHello().hello
        let second = shared.makeHello().hello
        XCTAssertEqual([first.clusterID, first.nodeID], ["cs", "a"])
        XCTAssertEqual(first.minVersion...first.maxVersion, 2...2, "no downgrade to the plaintext version 1")
        XCTAssertEqual(first.keyID, TestKeys.next.id, "connections open with the first key of the file")
        XCTAssertEqual(first.nonce.count, 32)
        XCTAssertNotEqual(first.nonce, second.nonce, "every hello has a fresh nonce")
    }
}
