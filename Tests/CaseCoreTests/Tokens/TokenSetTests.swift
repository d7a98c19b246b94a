import XCTest
@testable import CaseCore
import TestSupport
import CaseCrypto

/// The registry's merge: a grow-only set by id whose revocations win.
final class TokenSetTests: XCTestCase {
    func testUnionOfDisjointRecords() throws {
        var left = try TokenSet([TokenSamples.records[0]])
        let right = try TokenSet([TokenSamples.records[1], TokenSamples.records[2]])
        let changed = try left.merge(right.sorted).changed
        XCTAssertEqual(changed.map(\.id), ["00000000000000ff", "fedcba9876543210"])
        XCTAssertEqual(left.count, 3)
        XCTAssertEqual(left.digest, try TokenSet(TokenSamples.records).digest)
    }

    func testRevocationWinsWhicheverSideHoldsIt() throws {
        let live = TokenSamples.record()
        let revoked = TokenSamples.record(revokedAtMs: 1_751_500_000_000)
        var first = try TokenSet([live])
        try first.merge([revoked])
        var second = try TokenSet([revoked])
        XCTAssertEqual(try second.merge([live]), TokenSetChange(), "a live copy changes nothing")
        XCTAssertEqual(first["0123456789abcdef"]?.revokedAtMs, 1_751_500_000_000)
        XCTAssertEqual(first, second)
    }

    func testEarlierRevocationWins() {
        let early = TokenSamples.record(revokedAtMs: 100)
        let late = TokenSamples.record(revokedAtMs: 200)
        XCTAssertEqual(early.merged(with: late).revokedAtMs, 100)
        XCTAssertEqual(late.merged(with: early).revokedAtMs, 100)
    }

    func testMergeIsIdempotentCommutativeAndAssociative() throws {
        let variants = [
            TokenSamples.record(), TokenSamples.record(revokedAtMs: 300), TokenSamples.record(name: "Lê Hoa", revokedAtMs: 200),
            TokenSamples.record(hashByte: 9),
        ]
        for a in variants {
            XCTAssertEqual(a.merged(with: a), a)
            for b in variants {
                XCTAssertEqual(a.merged(with: b), b.merged(with: a))
                for c in variants {
                    XCTAssertEqual(a.merged(with: b).merged(with: c), a.merged(with: b.merged(with: c)))
                }
            }
        }
        var set = try TokenSet(TokenSamples.records)
        let before = set
        XCTAssertEqual(try set.merge(TokenSamples.records), TokenSetChange())
        XCTAssertEqual(set, before)
    }

    func testAnyInvalidRecordRefusesTheWholeBatch() throws {
        var set = try TokenSet([TokenSamples.records[0]])
        let before = set
        XCTAssertThrowsError(try set.merge([TokenSamples.records[1], TokenSamples.record(id: "1111111111111111", centre: nil)]))
        XCTAssertThrowsError(try set.merge([TokenSamples.records[1], TokenSamples.records[1]]))
        XCTAssertEqual(set, before)
    }

    func testTheUnsignedRegistryIsBounded() throws {
        let full = (0..<TokenLimits.maxLegacyRecords).map { index in
            TokenSamples.record(id: String(repeating: "0", count: 8) + Hex.encode(withUnsafeBytes(of: UInt32(index).bigEndian, Array.init)))
        }
        var set = try TokenSet(full)
        XCTAssertEqual(set.count, TokenLimits.maxLegacyRecords)
        XCTAssertThrowsError(try set.merge([TokenSamples.record(id: "ffffffffffffffff")])) { error in
            XCTAssertTrue("\(error)".contains("at most \(TokenLimits.maxLegacyRecords)"), "\(error)")
        }
        XCTAssertEqual(try set.merge([TokenSamples.record(id: full[0].id, revokedAtMs: 5)]).changed.count, 1, "a revocation of a held token still applies")
    }

    func testDigestDiffersWhenARevocationDiffers() throws {
        let live = try TokenSet([TokenSamples.record()])
        let revoked = try TokenSet([TokenSamples.record(revokedAtMs: 1)])
        XCTAssertEqual(live.digest.count, revoked.digest.count)
        XCTAssertNotEqual(live.digest, revoked.digest)
    }
}
