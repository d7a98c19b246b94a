import CaseCore
import CaseReplication
import XCTest
@testable import CaseNode

/// A node vouches for its own API address and for a member's whose root-signed
/// certificate names exactly the address the member advertises.
final class APIAddressVouchingTests: XCTestCase {
    private func member(_ id: String, http: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "127.0.0.1:7421", httpAddress: http, incarnation: 1, state: .alive)
    }

    private func certificate(_ subject: String, api: String) -> Certificate {
        let key = SigningKey(seed: [UInt8](repeating: 7, count: 32))!
        return Certificate.issue(
            CertificateRequest(role: .node, clusterID: "c", subject: subject, publicKey: key.publicKey, validFromMs: 0, validUntilMs: 1, apiAddress: api),
            serial: [UInt8](repeating: 1, count: 16), by: key)
    }

    func testOnlyTheCertifiedAddressOfThatMemberIsVouchedFor() {
        let n2 = member("n2", http: "127.0.0.1:7420")
        XCTAssertTrue(APIAddressVouching.vouches(for: member("n1", http: "anything"), selfID: "n1", certificates: []))
        XCTAssertFalse(APIAddressVouching.vouches(for: n2, selfID: "n1", certificates: []), "no certificate: not vouched")
        XCTAssertTrue(APIAddressVouching.vouches(for: n2, selfID: "n1", certificates: [certificate("n2", api: "http://127.0.0.1:7420")]))
        XCTAssertFalse(APIAddressVouching.vouches(for: n2, selfID: "n1", certificates: [certificate("n2", api: "http://127.0.0.1:7430")]),
                       "the member advertises another address than its certificate names")
        XCTAssertFalse(APIAddressVouching.vouches(for: n2, selfID: "n1", certificates: [certificate("n3", api: "http://127.0.0.1:7420")]),
                       "another member's certificate vouches for nothing of n2's")
        XCTAssertFalse(APIAddressVouching.vouches(for: n2, selfID: "n1", certificates: [certificate("n2", api: "")]))
        let https = member("n2", http: "https://n2.tinh-79.example")
        XCTAssertTrue(APIAddressVouching.vouches(for: https, selfID: "n1", certificates: [certificate("n2", api: "https://n2.tinh-79.example:443")]),
                      "compared as parsed URLs: the default port is the same address")
    }
}
