import CaseCore
import TestSupport
import XCTest

final class MembershipDecisionTests: XCTestCase {
    private let root = SignedTokenSamples.root
    private let cluster = SignedTokenSamples.clusterID
    /// 2026-01-01T00:00:00.500Z.
    private let atMs: Int64 = 1_767_225_600_500

    private func retirement(atMs: Int64? = nil, lastSequence: UInt64 = 7) throws -> MembershipDecision {
        try MembershipDecision.sign(.retired, member: "n3", clusterID: cluster, issuedAtMs: atMs ?? self.atMs, lastSequence: lastSequence, by: root)
    }

    func testASignedDecisionRoundTripsAndVerifiesOnlyUnderItsRootAndCluster() throws {
        let decision = try retirement()
        XCTAssertEqual(try MembershipDecision(encoded: decision.encoded), decision)
        XCTAssertEqual(try MembershipDecision(text: decision.text), decision)
        XCTAssertNoThrow(try decision.verify(root: root.publicKey, clusterID: cluster))
        XCTAssertThrowsError(try decision.verify(root: SignedTokenSamples.n1.key.publicKey, clusterID: cluster))
        XCTAssertThrowsError(try decision.verify(root: root.publicKey, clusterID: "other"))
    }

    func testAnyChangedByteBreaksTheSignatureOrTheForm() throws {
        let encoded = try retirement().encoded
        for index in encoded.indices {
            var changed = encoded
            changed[index] ^= 0x01
            guard let decoded = try? MembershipDecision(encoded: changed) else { continue }
            XCTAssertThrowsError(try decoded.verify(root: root.publicKey, clusterID: cluster), "byte \(index)")
        }
    }

    func testTheAdminEpochCountsSecondsFrom2025AndOrdersDecisions() throws {
        let first = try retirement()
        XCTAssertEqual(first.adminEpoch, 31_536_000, "2025 had 365 days")
        XCTAssertEqual(first.incarnation, UInt64(31_536_000) << 32)
        let readmission = try MembershipDecision.sign(.readmitted, member: "n3", clusterID: cluster, issuedAtMs: atMs + 1_000, lastSequence: 9, by: root)
        XCTAssertEqual(readmission.lastSequence, 0, "a readmission carries no cut-off")
        XCTAssertTrue(readmission.supersedes(first))
        XCTAssertFalse(first.supersedes(readmission))
        let sameSecond = try MembershipDecision.sign(.readmitted, member: "n3", clusterID: cluster, issuedAtMs: atMs + 100, lastSequence: 0, by: root)
        XCTAssertTrue(first.supersedes(sameSecond), "in one second a retirement wins, as in membership")
    }

    func testDatesOutsideTheEpochsAndBadNamesAreRefused() {
        XCTAssertThrowsError(try retirement(atMs: 1_700_000_000_000), "before 2025")
        XCTAssertThrowsError(try MembershipDecision.sign(.retired, member: "Bad Name", clusterID: cluster, issuedAtMs: atMs, lastSequence: 0, by: root))
        XCTAssertThrowsError(try MembershipDecision(text: "casestore-certificate-v1 00"))
    }
}
