import XCTest
import CaseCore
@testable import CaseNet

final class PeerTransportSharedTests: XCTestCase {
    func testQueuedBytesStayWithinTheTransportWideBound() {
        let limits = PeerTransportLimits(maxQueuedBytesPerPeer: 100, maxQueuedBytesTotal: 250)
        let shared = PeerTransportShared(nodeID: "a", clusterID: "casestore", limits: limits, log: { _ in })
        XCTAssertTrue(shared.reserveQueuedBytes(100))
        XCTAssertTrue(shared.reserveQueuedBytes(100))
        XCTAssertFalse(shared.reserveQueuedBytes(51))
        XCTAssertTrue(shared.reserveQueuedBytes(50))
        XCTAssertEqual(shared.queuedByteCount, 250)
        shared.releaseQueuedBytes(120)
        XCTAssertTrue(shared.reserveQueuedBytes(120))
        XCTAssertFalse(shared.reserveQueuedBytes(1))
    }

    func testTheHelloOffersEveryVersionThisBuildSpeaks() {
        let shared = PeerTransportShared(nodeID: "a", clusterID: "cs", limits: .init(), log: { _ in })
        XCTAssertEqual(shared.hello, .hello(Hello(clusterID: "cs", nodeID: "a", minVersion: 1, maxVersion: 1)))
    }
}
