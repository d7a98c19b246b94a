import XCTest
@testable import CaseCore
import CaseSupport
import CaseCrypto
@testable import CaseWire

final class HandshakeTranscriptTests: XCTestCase {
    private let key = ClusterKey(bytes: Array(repeating: 0x42, count: 32))

    private func transcript(
        version: UInt16 = 2, cluster: String = "casestore", opener: String = "a", acceptor: String = "b",
        openerNonce: UInt8 = 1, acceptorNonce: UInt8 = 2
    ) -> HandshakeTranscript {
        HandshakeTranscript(
            version: version, clusterID: cluster, openerNodeID: opener, acceptorNodeID: acceptor, keyID: key.id,
            openerNonce: Array(repeating: openerNonce, count: 32), acceptorNonce: Array(repeating: acceptorNonce, count: 32))
    }

    func testEveryFieldChangesBothProofsAndTheSessionKeys() {
        let base = transcript()
        let variants: [(String, HandshakeTranscript)] = [
            ("version", transcript(version: 3)),
            ("cluster id", transcript(cluster: "casestorf")),
            ("opener node", transcript(opener: "c")),
            ("acceptor node", transcript(acceptor: "c")),
            ("node ids swapped", transcript(opener: "b", acceptor: "a")),
            ("node ids shifted across the boundary", transcript(opener: "ab", acceptor: "")),
            ("opener nonce", transcript(openerNonce: 9)),
            ("acceptor nonce", transcript(acceptorNonce: 9)),
        ]
        for (name, variant) in variants {
            for role in HandshakeRole.allCases {
                XCTAssertNotEqual(variant.proof(of: role, key: key), base.proof(of: role, key: key), "\(name), \(role)")
                XCTAssertFalse(base.isValidProof(variant.proof(of: role, key: key), of: role, key: key), "\(name), \(role)")
            }
            XCTAssertNotEqual(variant.sessionKeys(key: key), base.sessionKeys(key: key), name)
        }
    }

    func testARolesProofIsNeverValidForTheOtherRole() {
        let base = transcript()
        XCTAssertTrue(base.isValidProof(base.proof(of: .opener, key: key), of: .opener, key: key))
        XCTAssertTrue(base.isValidProof(base.proof(of: .acceptor, key: key), of: .acceptor, key: key))
        XCTAssertFalse(base.isValidProof(base.proof(of: .acceptor, key: key), of: .opener, key: key), "reflection")
        XCTAssertFalse(base.isValidProof(base.proof(of: .opener, key: key), of: .acceptor, key: key), "reflection")
        XCTAssertFalse(base.isValidProof([], of: .opener, key: key))
        XCTAssertFalse(base.isValidProof(Array(base.proof(of: .opener, key: key).prefix(31)), of: .opener, key: key))
    }

    func testTheProofIsKeyedWithAKeyDerivedFromTheClusterKeyNotTheKeyItself() {
        let base = transcript()
        var message = WireWriter()
        message.string("opener")
        message.fixedBytes(base.bytes)
        XCTAssertNotEqual(base.proof(of: .opener, key: key), HMACSHA256.authenticationCode(key: key.bytes, message: message.buffer))
        let proofKey = HKDFSHA256.deriveKey(
            inputKeyMaterial: key.bytes, salt: [], info: Array("casestore peer handshake proof key v2".utf8), outputByteCount: 32)
        XCTAssertEqual(base.proof(of: .opener, key: key), HMACSHA256.authenticationCode(key: proofKey, message: message.buffer))
    }

    func testSessionKeysDifferPerDirectionAndNeverEqualTheClusterKey() {
        let keys = transcript().sessionKeys(key: key)
        XCTAssertNotEqual(keys.openerToAcceptor, keys.acceptorToOpener)
        XCTAssertNotEqual(keys.openerToAcceptor, key.bytes)
        XCTAssertEqual(keys.sendingKey(for: .opener), keys.receivingKey(for: .acceptor))
        XCTAssertEqual(keys.sendingKey(for: .acceptor), keys.receivingKey(for: .opener))
    }
}
