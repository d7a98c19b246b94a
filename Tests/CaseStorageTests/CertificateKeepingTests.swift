import CaseCore
import CaseCrypto
import CaseReplication
import XCTest
@testable import CaseStorage
import TestSupport

/// The certificates a peer answers with (`ReplicaLog.keep(certificates:)`): the SQLite log
/// keeps the root's node certificates, places their centres in its streams at once (its
/// core follows them), keeps them across a restart, and ignores what another root signed.
final class CertificateKeepingTests: XCTestCase {
    private let hanoi = ProvinceCode("01")!
    private let hcm = ProvinceCode("79")!
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    private func log() throws -> SQLiteReplicaLog {
        let own = SignedTokenSamples.nodeCertificate("n1", province: hanoi)
        var placed = ProvinceDirectory()
        placed.add(own)
        let signing = EventSigning(trust: .verified(root: SignedTokenSamples.root.publicKey, clusterID: SignedTokenSamples.clusterID, acceptsUnsigned: false))
        let store = try CaseStore(
            path: directory.path("n1.sqlite"), signing: signing, streams: StreamScope(province: hanoi, directory: placed))
        addTeardownBlock { store.close() }
        return SQLiteReplicaLog(store: store)
    }

    func testTheRootsCertificatesPlaceTheirCentresAtOnceAndAfterARestart() throws {
        let log = try log()
        let versionBefore = try XCTUnwrap(log.liveStreams).versioned.version
        try log.keep(certificates: [SignedTokenSamples.nodeCertificate("n3", province: hcm)])
        XCTAssertEqual(log.liveStreams?.current.province(ofNode: "n3"), hcm)
        XCTAssertGreaterThan(try XCTUnwrap(log.liveStreams).versioned.version, versionBefore, "the core sees the change")
        XCTAssertEqual(try log.certificates(of: ["n3"]).map(\.subject), ["n3"], "served to peers that ask")
        log.store.close()

        let reopened = try self.log()
        XCTAssertEqual(reopened.liveStreams?.current.province(ofNode: "n3"), hcm, "read back at start")
    }

    func testACertificateOfAnotherRootIsIgnored() throws {
        let log = try log()
        try log.keep(certificates: [SignedTokenSamples.nodeCertificate("n3", province: hcm, by: SignedTokenSamples.otherRoot)])
        XCTAssertNil(log.liveStreams?.current.province(ofNode: "n3"))
        XCTAssertEqual(try log.certificates(of: ["n3"]), [])
    }
}
