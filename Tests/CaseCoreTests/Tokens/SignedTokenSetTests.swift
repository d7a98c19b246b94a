import XCTest
@testable import CaseCore
import TestSupport

/// Signed records in the registry's merge: keys bound to issuers, the clash rule among one
/// issuer's records, and the per-issuer bound that keeps a flood to its issuer's share.
final class SignedTokenSetTests: XCTestCase {
    private typealias Samples = SignedTokenSamples

    func testAnIdIsBoundToItsIssuerSoAnotherIssuerCannotCopyAToken() throws {
        let victim = Samples.monitorByAdmin
        // A thief of n1's key copies the victim's id and secret hash into a record of its own.
        var copy = Samples.unverifiedRecord(issuer: Samples.n1, index: 1)
        copy.secretHash = victim.secretHash
        XCTAssertThrowsError(try copy.validate(), "the id n1's key binds to that hash is another")
        copy.id = victim.id
        XCTAssertThrowsError(try copy.validate())
        XCTAssertThrowsError(try TokenSet([victim, copy]))
        // Even a record of the same id found by a 64-bit search would be another key, beside it.
        XCTAssertNotEqual(TokenKey(id: victim.id, issuer: Samples.n1.key.publicKey), victim.key)
        var set = try TokenSet([victim])
        try set.merge([Samples.unverifiedRecord(issuer: Samples.n1, index: 2)])
        XCTAssertEqual(set.records(withID: victim.id), [victim])
    }

    func testAmongOneIssuersRecordsTheOlderGrantWinsAndARevocationAppliesToEither() throws {
        let original = Samples.unverifiedRecord(issuer: Samples.admin, index: 1)
        var later = original
        later.createdAtMs += 10
        later.name = "Đổi tên"
        let revokedLater = Samples.unverifiedRecord(issuer: Samples.admin, index: 1, createdAtMs: original.createdAtMs + 10, revokedAtMs: 99)
        for (a, b) in [(original, later), (later, original)] {
            XCTAssertEqual(a.merged(with: b).name, original.name)
        }
        let merged = original.merged(with: revokedLater)
        XCTAssertEqual(merged.name, original.name, "the older grant")
        XCTAssertEqual(merged.revokedAtMs, 99, "revoked beats live, whichever grant")
        let variants = [original, later, revokedLater, Samples.unverifiedRecord(issuer: Samples.admin, index: 1, revokedAtMs: 50)]
        for a in variants {
            XCTAssertEqual(a.merged(with: a), a)
            for b in variants {
                XCTAssertEqual(a.merged(with: b), b.merged(with: a))
                for c in variants { XCTAssertEqual(a.merged(with: b).merged(with: c), a.merged(with: b.merged(with: c))) }
            }
        }
    }

    func testAnIssuerPastItsBoundKeepsItsOldestRecordsAndOthersKeepTheirRoom() throws {
        let bound = TokenLimits.maxRecordsPerIssuer
        let flood = (0..<(bound + 20)).map { Samples.unverifiedRecord(issuer: Samples.n1, index: $0, createdAtMs: Samples.createdAtMs + Int64($0)) }
        var set = try TokenSet([Samples.unverifiedRecord(issuer: Samples.admin, index: 0)])
        try set.merge(Array(flood[..<bound]))
        let change = try set.merge(Array(flood[bound...]))
        XCTAssertEqual(change, TokenSetChange(), "the newest are dropped at once")
        XCTAssertEqual(set.count(issuedBy: Samples.n1.key.publicKey), bound)
        let older = Samples.unverifiedRecord(issuer: Samples.n1, index: 9_999, createdAtMs: 0)
        let pushOut = try set.merge([older])
        XCTAssertEqual(pushOut.changed, [older])
        XCTAssertEqual(pushOut.evicted.map(\.id), [flood[bound - 1].id], "an older record pushes the newest out")
        XCTAssertEqual(set.count(issuedBy: Samples.n1.key.publicKey), bound)
        let admin = try set.merge([Samples.unverifiedRecord(issuer: Samples.admin, index: 1)])
        XCTAssertEqual(admin.changed.count, 1, "another issuer still has room")
    }

    func testNodesThatSawDifferentPartsOfAFloodAgree() throws {
        let bound = TokenLimits.maxRecordsPerIssuer
        let flood = (0..<(bound + 40)).map { Samples.unverifiedRecord(issuer: Samples.n2, index: $0, createdAtMs: Samples.createdAtMs - Int64($0 % 7)) }
        var first = try TokenSet(Array(flood[..<bound]))
        var second = try TokenSet(Array(flood[40...]))
        try first.merge(second.sorted)
        try second.merge(first.sorted)
        XCTAssertEqual(first, second)
        var third = try TokenSet(Array(flood.reversed()[..<bound]))
        try third.merge(Array(flood[..<bound]))
        XCTAssertEqual(third.digest, first.digest, "whatever order the records came in")
    }

    func testALocalRecordNeverJoinsTheReplicatedSet() {
        var local = TokenSamples.record(role: .admin, centre: nil)
        local.provenance = .local
        var set = TokenSet()
        XCTAssertThrowsError(try set.merge([local]))
        XCTAssertEqual(set.count, 0)
    }

    func testSignedAndUnsignedRecordsAreCountedApart() throws {
        let set = try TokenSet([Samples.unverifiedRecord(issuer: Samples.n1, index: 1), TokenSamples.record()])
        XCTAssertEqual(set.count, 2)
        XCTAssertEqual(set.signedCount, 1)
    }
}
