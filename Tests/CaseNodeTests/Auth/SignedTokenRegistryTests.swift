import CaseCore
import CaseNet
import CaseStorage
import Foundation
import XCTest
@testable import CaseNode
import TestSupport

/// The registry of a node in identity mode (n1 of `SignedTokenSamples`' cluster): what it
/// mints itself, what it takes from casectl, and that every refusal stores nothing.
final class SignedTokenRegistryTests: XCTestCase {
    private typealias Samples = SignedTokenSamples
    private var directory: TemporaryDirectory!
    private var store: CaseStore!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        store = try CaseStore(path: directory.path("tokens.sqlite"))
    }

    override func tearDown() {
        store.close()
    }

    static func policy(_ issuer: TokenIssuer = Samples.n1, root: SigningKey = Samples.root, acceptsLegacyPeers: Bool = false) throws -> TokenPolicy {
        guard case .certified(let certificate) = issuer.signer else { throw XCTSkip("a node issuer is certified") }
        let identity = PeerIdentity(
            signingKey: issuer.key, certificate: certificate, root: root.publicKey, acceptsLegacyPeers: acceptsLegacyPeers,
            nowMs: { Samples.createdAtMs })
        return try TokenPolicy(identity: identity, clusterID: Samples.clusterID)
    }

    private func registry(_ policy: TokenPolicy? = nil) throws -> TokenRegistry {
        try TokenRegistry(store: store, policy: policy ?? Self.policy())
    }

    private func assertRefused(
        _ code: String, status: Int, _ label: String = "", _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), label, file: file, line: line) { error in
            XCTAssertEqual((error as? ServiceError)?.code, code, "\(error)", file: file, line: line)
            XCTAssertEqual((error as? ServiceError)?.httpStatus, status, "\(error)", file: file, line: line)
        }
    }

    func testTheNodeMintsClerkTokensForItsOwnCentreOnlySignedByItsKey() throws {
        let tokens = try registry()
        let (record, secret) = try tokens.create(name: "Lê Thị Hoa", role: .clerk, centre: "n1", nowMs: Samples.createdAtMs)
        XCTAssertEqual(record.issuer, Samples.n1.key.publicKey)
        XCTAssertNoThrow(try TokenAuthority.check(record, held: nil, trust: Samples.trust, signatures: SignatureChecker()), "a peer would take it")
        XCTAssertEqual(tokens.authenticate(secret.text), .valid(record))

        assertRefused("wrong_centre", status: 403) { _ = try tokens.create(name: "Trần Văn Nam", role: .clerk, centre: "n2", nowMs: 1) }
        assertRefused("signature_required", status: 422) { _ = try tokens.create(name: "Quản trị", role: .admin, centre: nil, nowMs: 1) }
        assertRefused("signature_required", status: 422) { _ = try tokens.create(name: "Giám sát", role: .monitor, centre: nil, nowMs: 1) }
        XCTAssertEqual(tokens.all, [record], "nothing else was stored")
        XCTAssertEqual(try store.read { try $0.tokenRecords() }, [record])
    }

    func testASignedRecordFromCasectlIsTakenOnlyWithTheRightSignature() throws {
        let tokens = try registry()
        var altered = Samples.monitorByAdmin
        altered.name = "Giám sát Bộ"
        let refusals: [(String, Int, TokenRecord)] = [
            ("signer_not_allowed", 403, Samples.grant(by: Samples.n1, role: .admin, centre: nil, name: "Quản trị", secretByte: 5)),
            ("signer_not_allowed", 403, Samples.grant(by: Samples.n2, role: .clerk, centre: "n1", name: "Lê Thị Hoa", secretByte: 4)),
            ("bad_signature", 422, altered),
            ("bad_signature", 422, Samples.grant(by: Samples.n1OfOtherRoot, role: .clerk, centre: "n1", name: "Lê Thị Hoa", secretByte: 6)),
            ("signature_not_accepted", 422, TokenSamples.record()),
        ]
        for (code, status, record) in refusals {
            assertRefused(code, status: status, "\(record.name) by \(record.issuer?.fingerprint ?? "none")") { _ = try tokens.createSigned(record) }
        }
        XCTAssertEqual(tokens.all, [])
        XCTAssertEqual(try store.read { try $0.tokenRecords() }, [])

        XCTAssertEqual(try tokens.createSigned(Samples.monitorByAdmin), Samples.monitorByAdmin)
        XCTAssertEqual(tokens.authenticate(Samples.secret(2, issuer: Samples.admin).text), .valid(Samples.monitorByAdmin))
        XCTAssertEqual(try tokens.createSigned(Samples.monitorByAdmin), Samples.monitorByAdmin, "posting it again (a retry) changes nothing")
        XCTAssertEqual(tokens.all, [Samples.monitorByAdmin])
    }

    func testTheNodeRevokesItsOwnTokensAndNeedsAnAdminSignatureForOthers() throws {
        let tokens = try registry()
        let (clerk, _) = try tokens.create(name: "Lê Thị Hoa", role: .clerk, centre: "n1", nowMs: Samples.createdAtMs)
        let revoked = try tokens.revoke(id: clerk.id, nowMs: Samples.createdAtMs + 5)
        XCTAssertEqual(revoked.revokedAtMs, Samples.createdAtMs + 5)
        XCTAssertNoThrow(try TokenAuthority.check(revoked, held: clerk, trust: Samples.trust, signatures: SignatureChecker()))

        _ = try tokens.createSigned(Samples.monitorByAdmin)
        let id = Samples.monitorByAdmin.id, issuer = Samples.admin.key.publicKey
        assertRefused("signature_required", status: 422) { _ = try tokens.revoke(id: id, nowMs: 9) }
        let at = Samples.createdAtMs + 9
        let byN2 = Samples.n2.revocation(of: id, issuedBy: issuer, atMs: at)
        assertRefused("signer_not_allowed", status: 403) { _ = try tokens.revokeSigned(id: id, issuer: issuer, revokedAtMs: at, signature: byN2) }
        let byAdmin = Samples.admin.revocation(of: id, issuedBy: issuer, atMs: at)
        assertRefused("bad_signature", status: 422) { _ = try tokens.revokeSigned(id: id, issuer: issuer, revokedAtMs: at + 1, signature: byAdmin) }
        XCTAssertFalse(try XCTUnwrap(tokens.record(id: id)).isRevoked, "no refused revocation applied")
        XCTAssertEqual(try tokens.revokeSigned(id: id, issuer: issuer, revokedAtMs: at, signature: byAdmin).revokedAtMs, at)
        XCTAssertEqual(tokens.authenticate(Samples.secret(2, issuer: Samples.admin).text), .revoked(try XCTUnwrap(tokens.record(id: id))))
    }

    func testAnIssuerAtItsBoundMayNotMintMoreWhileOthersMay() throws {
        let tokens = try registry()
        try tokens.merge((0..<TokenLimits.maxRecordsPerIssuer).map { Samples.unverifiedRecord(issuer: Samples.n1, index: $0) })
        assertRefused("issuer_full", status: 409) { _ = try tokens.create(name: "Lê Thị Hoa", role: .clerk, centre: "n1", nowMs: 1) }
        XCTAssertEqual(tokens.count(issuedBy: Samples.n1.key.publicKey), TokenLimits.maxRecordsPerIssuer)
        XCTAssertNoThrow(try tokens.createSigned(Samples.monitorByAdmin), "another issuer has room")
    }

    func testUnsignedRecordsAreDormantInStrictModeAndHonouredDuringTheUpgrade() throws {
        let legacy = TokenSamples.record(role: .admin, centre: nil)
        try store.write { try $0.saveToken(legacy) }
        let strict = try registry()
        XCTAssertEqual(strict.replicated, [])
        XCTAssertEqual(strict.all, [legacy], "kept, not honoured")
        XCTAssertNil(strict.record(id: legacy.id))
        let window = try registry(Self.policy(acceptsLegacyPeers: true))
        XCTAssertEqual(window.replicated, [legacy])
    }

    func testARotatedRootDropsTheSignedRecordsOfTheOldRoot() throws {
        let first = try registry()
        _ = try first.createSigned(Samples.monitorByAdmin)
        _ = try registry()
        XCTAssertEqual(try store.read { try $0.tokenRecords() }.count, 1, "the same root keeps them")
        let rotated = try registry(Self.policy(Samples.n1OfOtherRoot, root: Samples.otherRoot))
        XCTAssertEqual(rotated.all, [])
        XCTAssertEqual(try store.read { try $0.tokenRecords() }, [])
    }
}
