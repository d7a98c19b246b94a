import CaseCore
import CaseCrypto
import CaseReplication
import XCTest

/// A running node's scope grows as it learns root-signed node certificates; a node without
/// provinces ignores them.
final class LiveStreamScopeTests: XCTestCase {
    private let hanoi = ProvinceCode("01")!
    private let hue = ProvinceCode("46")!

    func testACertificatePlacesItsCentreAndKeysItsStreamFromThenOn() {
        let live = LiveStreamScope(StreamScope(province: hanoi, directory: ProvinceDirectory()))
        XCTAssertEqual(live.current.keys(of: "h2"), ["h2@01"], "an origin not placed yet is not this province's")
        XCTAssertTrue(live.learn([certificate("h2", hanoi), certificate("t1", hue)]))
        XCTAssertEqual(live.versioned.version, 1)
        XCTAssertEqual(live.current.keys(of: "h2"), ["h2"], "placed in Hà Nội: held whole")
        XCTAssertEqual(live.current.keys(of: "t1"), ["t1@01"], "placed in Huế: its events tagged 01 only")
        XCTAssertEqual(live.current.province(ofNode: "t1"), hue)
    }

    func testLearningWhatIsKnownChangesNothing() {
        let live = LiveStreamScope(StreamScope(province: hanoi, directory: ProvinceDirectory()))
        live.learn([certificate("h2", hanoi)])
        XCTAssertFalse(live.learn([certificate("h2", hanoi)]))
        XCTAssertFalse(live.learn([]))
        XCTAssertEqual(live.versioned.version, 1, "readers are not made to follow a scope that did not change")
    }

    func testANodeWithoutProvincesIgnoresCertificates() {
        let live = LiveStreamScope(.single)
        XCTAssertFalse(live.learn([certificate("t1", hue)]))
        XCTAssertEqual(live.versioned.version, 0)
        XCTAssertNil(live.current.province(ofNode: "t1"))
        XCTAssertEqual(live.current.keys(of: "t1"), ["t1"])
    }

    private func certificate(_ subject: String, _ province: ProvinceCode) -> Certificate {
        let root = SigningKey(seed: [UInt8](repeating: 7, count: 32))!
        let node = SigningKey(seed: SHA256.hash(Array(subject.utf8)))!
        return Certificate.issue(
            CertificateRequest(role: .node, clusterID: "c", subject: subject, publicKey: node.publicKey, validFromMs: 0,
                               validUntilMs: 1, province: province),
            serial: Array(SHA256.hash(Array("serial \(subject)".utf8)).prefix(Certificate.serialByteCount)), by: root)
    }
}
