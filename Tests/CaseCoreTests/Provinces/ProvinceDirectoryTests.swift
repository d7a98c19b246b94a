import CaseCore
import CaseSupport
import XCTest

/// Province merges the root signs, and the directory of centres' provinces built from
/// certificates and merges.
final class ProvinceDirectoryTests: XCTestCase {
    static let root = SigningKey(seed: [UInt8](repeating: 0xD0, count: 32))!
    static let stranger = SigningKey(seed: [UInt8](repeating: 0xD1, count: 32))!
    static let issuedAtMs: Int64 = 1_790_000_000_000  // September 2026

    let hanoi = ProvinceCode("01")!
    let phuTho = ProvinceCode("25")!
    let hcm = ProvinceCode("79")!

    func merge(_ from: ProvinceCode, into: ProvinceCode, atMs: Int64 = issuedAtMs, by key: SigningKey = root) throws -> ProvinceMerge {
        try ProvinceMerge.sign(from, into: into, clusterID: "vn", issuedAtMs: atMs, by: key)
    }

    func certificate(_ centre: String, _ province: ProvinceCode, fromMs: Int64 = issuedAtMs) -> Certificate {
        Certificate.issue(
            CertificateRequest(role: .node, clusterID: "vn", subject: centre, publicKey: Self.stranger.publicKey,
                               validFromMs: fromMs, validUntilMs: fromMs + 86_400_000, province: province),
            serial: [UInt8](repeating: UInt8(truncatingIfNeeded: fromMs), count: 16), by: Self.root)
    }

    // MARK: merges

    func testAMergeRoundTripsThroughBytesAndTextAndVerifiesUnderTheRootOnly() throws {
        let signed = try merge(.unnamed, into: hcm)
        XCTAssertEqual(try ProvinceMerge(encoded: signed.encoded), signed)
        XCTAssertEqual(try ProvinceMerge(text: signed.text), signed)
        XCTAssertTrue(signed.text.hasPrefix("casestore-province-merge-v1 "))
        XCTAssertNoThrow(try signed.verify(root: Self.root.publicKey, clusterID: "vn"))
        XCTAssertThrowsError(try signed.verify(root: Self.stranger.publicKey, clusterID: "vn"))
        XCTAssertThrowsError(try signed.verify(root: Self.root.publicKey, clusterID: "other"))
        let forged = try merge(.unnamed, into: hcm, by: Self.stranger)
        XCTAssertThrowsError(try forged.verify(root: Self.root.publicKey, clusterID: "vn"))
        var altered = signed.encoded
        altered[altered.count - 70] ^= 1  // inside the date
        XCTAssertThrowsError(try ProvinceMerge(encoded: altered).verify(root: Self.root.publicKey, clusterID: "vn"))
    }

    func testMergesIntoItselfIntoNoProvinceOrBeforeTwentyTwentyFiveAreRefused() {
        let cases: [(String, () throws -> ProvinceMerge, String)] = [
            ("itself", { try self.merge(self.hcm, into: self.hcm) }, "into itself"),
            ("into 00", { try self.merge(self.hcm, into: .unnamed) }, "not into 00"),
            ("too early", { try self.merge(self.hcm, into: self.hanoi, atMs: 1_600_000_000_000) }, "from 2025"),
        ]
        for (name, make, expected) in cases {
            XCTAssertThrowsError(try make(), name) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(name): \(error)")
            }
        }
    }

    func testMalformedMergeBytesAreRefusedWithAReason() throws {
        let signed = try merge(.unnamed, into: hcm)
        XCTAssertThrowsError(try ProvinceMerge(encoded: Array(signed.encoded.dropLast())))
        XCTAssertThrowsError(try ProvinceMerge(encoded: signed.encoded + [0]))
        var badFormat = signed.encoded
        badFormat[0] = 9
        XCTAssertThrowsError(try ProvinceMerge(encoded: badFormat)) { XCTAssertTrue("\($0)".contains("format 9"), "\($0)") }
        XCTAssertThrowsError(try ProvinceMerge(text: "casestore-decision-v1 00")) { XCTAssertTrue("\($0)".contains("expected"), "\($0)") }
    }

    // MARK: the directory

    func testACentresProvinceIsWhatItsNewestCertificateSays() {
        var directory = ProvinceDirectory()
        directory.add(certificate("ba-dinh", hanoi))
        directory.add(certificate("ben-thanh", hcm))
        directory.add(certificate("old-node", .unnamed))

        XCTAssertEqual(directory.province(ofCentre: "ba-dinh"), hanoi)
        XCTAssertEqual(directory.province(ofCentre: "old-node"), .unnamed, "format 1 certificates are of 00")
        XCTAssertNil(directory.province(ofCentre: "nowhere"))

        directory.add(certificate("ba-dinh", hcm, fromMs: Self.issuedAtMs - 1_000))
        XCTAssertEqual(directory.province(ofCentre: "ba-dinh"), hanoi, "an older certificate changes nothing")
        directory.add(certificate("ba-dinh", phuTho, fromMs: Self.issuedAtMs + 1_000))
        XCTAssertEqual(directory.province(ofCentre: "ba-dinh"), phuTho)
        XCTAssertEqual(directory.centres(in: hcm), ["ben-thanh"])
    }

    func testMergesAreFollowedThroughEveryLaterMergerAndCirclesAreRefused() throws {
        var directory = ProvinceDirectory()
        for (centre, province) in [("a", ProvinceCode.unnamed), ("b", phuTho), ("c", hanoi)] { directory.add(certificate(centre, province)) }

        XCTAssertNil(directory.add(try merge(.unnamed, into: phuTho)))
        XCTAssertNil(directory.add(try merge(phuTho, into: hanoi, atMs: Self.issuedAtMs + 1)))
        XCTAssertEqual(directory.province(ofCentre: "a"), hanoi, "00 → 25 → 01")
        XCTAssertEqual(directory.centres(in: hanoi), ["a", "b", "c"])
        XCTAssertEqual(directory.streams(of: hanoi), [.unnamed, hanoi, phuTho], "a node of 01 holds the streams merged into it")
        XCTAssertEqual(directory.streams(of: hcm), [hcm])

        let before = directory
        let circle = directory.add(try merge(hanoi, into: phuTho, atMs: Self.issuedAtMs + 2))
        XCTAssertTrue(circle?.contains("circle") == true, "\(String(describing: circle))")
        XCTAssertEqual(directory, before, "a refused merge changes nothing")

        XCTAssertNil(directory.add(try merge(.unnamed, into: phuTho)), "the same merge again")
        XCTAssertEqual(directory, before, "is idempotent")
        XCTAssertNil(directory.add(try merge(.unnamed, into: phuTho, atMs: Self.issuedAtMs - 5)))
        XCTAssertEqual(directory, before, "an earlier merge does not replace a later one")
        for atMs in [Self.issuedAtMs - 5, Self.issuedAtMs + 9] {
            let elsewhere = directory.add(try merge(.unnamed, into: hcm, atMs: atMs))
            XCTAssertTrue(elsewhere?.contains("merged into 25 already") == true, "\(String(describing: elsewhere))")
            XCTAssertEqual(directory, before, "a merged province is not merged again elsewhere, earlier or later")
        }
    }
}
