import XCTest
@testable import CaseCore
import TestSupport

/// The one rule of who may vouch for which token record (`TokenAuthority`), and the
/// checks of a record from outside: every way a record can lack the right signature is
/// refused, with the kind of refusal the API answers with.
final class TokenAuthorityTests: XCTestCase {
    private typealias Samples = SignedTokenSamples

    func testWhoMayGrantWhat() {
        let allowed: [(TokenRole, String?, TokenAuthority.Voucher)] = [
            (.clerk, "n1", .node("n1")), (.admin, nil, .root), (.admin, nil, .admin("a")), (.monitor, nil, .root), (.monitor, nil, .admin("a")),
        ]
        for (role, centre, voucher) in allowed {
            XCTAssertNoThrow(try TokenAuthority.mayGrant(role, centre: centre, by: voucher), "\(role) by \(voucher)")
        }
        let refused: [(TokenRole, String?, TokenAuthority.Voucher)] = [
            (.clerk, "n1", .node("n2")), (.clerk, "n1", .root), (.clerk, "n1", .admin("a")), (.admin, nil, .node("n1")), (.monitor, nil, .node("n1")),
        ]
        for (role, centre, voucher) in refused {
            XCTAssertThrowsError(try TokenAuthority.mayGrant(role, centre: centre, by: voucher), "\(role) by \(voucher)") { error in
                XCTAssertEqual((error as? TokenAuthorityRefusal)?.kind, .notAllowed)
            }
        }
    }

    func testWhoMayRevoke() throws {
        let issuer = Samples.n1.key.publicKey
        XCTAssertNoThrow(try TokenAuthority.mayRevoke(issuedBy: issuer, revoker: issuer, voucher: .node("n1")))
        XCTAssertNoThrow(try TokenAuthority.mayRevoke(issuedBy: issuer, revoker: Samples.admin.key.publicKey, voucher: .admin("a")))
        XCTAssertNoThrow(try TokenAuthority.mayRevoke(issuedBy: issuer, revoker: Samples.root.publicKey, voucher: .root))
        XCTAssertThrowsError(try TokenAuthority.mayRevoke(issuedBy: issuer, revoker: Samples.n2.key.publicKey, voucher: .node("n2")))
    }

    func testRightlySignedRecordsAreAccepted() throws {
        for record in [Samples.clerkOfN1, Samples.monitorByAdmin, Samples.revokedAdminByRoot] {
            XCTAssertNoThrow(try TokenAuthority.check(record, held: nil, trust: Samples.trust, signatures: SignatureChecker()), record.name)
        }
    }

    func testEveryWrongSignatureIsRefused() throws {
        let clerkByN2 = Samples.grant(by: Samples.n2, role: .clerk, centre: "n1", name: "Lê Thị Hoa", secretByte: 4)
        let adminByNode = Samples.grant(by: Samples.n1, role: .admin, centre: nil, name: "Quản trị", secretByte: 5)
        var altered = Samples.clerkOfN1
        altered.name = "Lê Thị Hoà"
        var promoted = Samples.monitorByAdmin
        promoted.role = .admin
        let otherRoot = Samples.grant(by: Samples.n1OfOtherRoot, role: .clerk, centre: "n1", name: "Lê Thị Hoa", secretByte: 6)
        let cases: [(String, TokenRecord, TokenAuthorityRefusal.Kind)] = [
            ("unsigned", TokenSamples.record(), .wrongMode),
            ("a clerk of n1 signed by n2", clerkByN2, .notAllowed),
            ("an admin token signed by a node key", adminByNode, .notAllowed),
            ("a name altered after signing", altered, .badSignature),
            ("a role altered after signing", promoted, .badSignature),
            ("a certificate from another root", otherRoot, .badSignature),
        ]
        for (label, record, kind) in cases {
            XCTAssertThrowsError(try TokenAuthority.check(record, held: nil, trust: Samples.trust, signatures: SignatureChecker()), label) { error in
                XCTAssertEqual((error as? TokenAuthorityRefusal)?.kind, kind, "\(label): \(error)")
            }
        }
    }

    func testARecordSignedForAnotherClusterOrByAnotherRootIsRefused() {
        let elsewhere = TokenTrust(root: Samples.root.publicKey, clusterID: "another-cluster", acceptsLegacyRecords: false)
        XCTAssertThrowsError(try TokenAuthority.check(Samples.monitorByAdmin, held: nil, trust: elsewhere, signatures: SignatureChecker()))
        let foreignRoot = TokenIssuer(root: Samples.otherRoot, clusterID: Samples.clusterID)
        let byForeignRoot = Samples.grant(by: foreignRoot, role: .admin, centre: nil, name: "Quản trị", secretByte: 7)
        XCTAssertThrowsError(try TokenAuthority.check(byForeignRoot, held: nil, trust: Samples.trust, signatures: SignatureChecker())) { error in
            XCTAssertEqual((error as? TokenAuthorityRefusal)?.kind, .badSignature)
        }
    }

    func testRevocationsNeedTheIssuerOrAnAdminKeyAndTheirOwnSignature() throws {
        let record = Samples.clerkOfN1
        let at = Samples.createdAtMs + 1_000
        let byIssuer = try XCTUnwrap(record.revoked(atMs: at, signature: Samples.n1.revocation(of: record.id, issuedBy: Samples.n1.key.publicKey, atMs: at)))
        XCTAssertNoThrow(try TokenAuthority.check(byIssuer, held: record, trust: Samples.trust, signatures: SignatureChecker()))
        let byOtherNode = try XCTUnwrap(record.revoked(atMs: at, signature: Samples.n2.revocation(of: record.id, issuedBy: Samples.n1.key.publicKey, atMs: at)))
        XCTAssertThrowsError(try TokenAuthority.check(byOtherNode, held: record, trust: Samples.trust, signatures: SignatureChecker())) { error in
            XCTAssertEqual((error as? TokenAuthorityRefusal)?.kind, .notAllowed)
        }
        var backdated = byIssuer
        backdated.revokedAtMs = at - 500
        XCTAssertThrowsError(try TokenAuthority.check(backdated, held: record, trust: Samples.trust, signatures: SignatureChecker())) { error in
            XCTAssertEqual((error as? TokenAuthorityRefusal)?.kind, .badSignature)
        }
    }

    func testModesDecideAboutUnsignedAndSignedRecords() {
        let window = TokenTrust(root: Samples.root.publicKey, clusterID: Samples.clusterID, acceptsLegacyRecords: true)
        XCTAssertNoThrow(try TokenAuthority.check(TokenSamples.record(), held: nil, trust: nil, signatures: SignatureChecker()))
        XCTAssertNoThrow(try TokenAuthority.check(TokenSamples.record(), held: nil, trust: window, signatures: SignatureChecker()))
        XCTAssertThrowsError(try TokenAuthority.check(Samples.clerkOfN1, held: nil, trust: nil, signatures: SignatureChecker()), "no root to check against")
        var local = TokenSamples.record(role: .admin, centre: nil)
        local.provenance = .local
        XCTAssertThrowsError(try TokenAuthority.check(local, held: nil, trust: window, signatures: SignatureChecker()), "a local token never travels")
    }

    func testPartsAlreadyHeldAreNotCheckedAgain() throws {
        let signatures = SignatureChecker()
        try TokenAuthority.check(Samples.clerkOfN1, held: nil, trust: Samples.trust, signatures: signatures)
        XCTAssertEqual(signatures.rememberedCount, 2, "the certificate and the grant")
        let fresh = SignatureChecker()
        try TokenAuthority.check(Samples.clerkOfN1, held: Samples.clerkOfN1, trust: Samples.trust, signatures: fresh)
        XCTAssertEqual(fresh.rememberedCount, 0, "the grant held is not verified again")
    }
}
