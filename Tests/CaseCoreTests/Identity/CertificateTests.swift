import CaseCore
import CaseSupport
import XCTest

final class CertificateTests: XCTestCase {
    static let root = SigningKey(seed: [UInt8](repeating: 1, count: 32))!
    static let otherRoot = SigningKey(seed: [UInt8](repeating: 2, count: 32))!
    static let node = SigningKey(seed: [UInt8](repeating: 3, count: 32))!
    static let serial = [UInt8](repeating: 9, count: Certificate.serialByteCount)

    static func request(subject: String = "n1", role: Certificate.Role = .node, api: String = "") -> CertificateRequest {
        CertificateRequest(role: role, clusterID: "tinh-79", subject: subject, publicKey: node.publicKey,
                           validFromMs: 1_000, validUntilMs: 2_000, apiAddress: api)
    }

    func testAnIssuedCertificateVerifiesWithinItsValidity() throws {
        let certificate = Certificate.issue(Self.request(), serial: Self.serial, by: Self.root)
        XCTAssertNoThrow(try certificate.verify(root: Self.root.publicKey, clusterID: "tinh-79", role: .node, nowMs: 1_000))
        XCTAssertNoThrow(try certificate.verify(root: Self.root.publicKey, clusterID: "tinh-79", role: .node, nowMs: 1_999))
    }

    func testEachFailedCheckIsNamed() {
        let certificate = Certificate.issue(Self.request(), serial: Self.serial, by: Self.root)
        func failure(root: SigningPublicKey = Self.root.publicKey, cluster: String = "tinh-79", role: Certificate.Role = .node, now: Int64 = 1_500) -> CertificateError? {
            do {
                try certificate.verify(root: root, clusterID: cluster, role: role, nowMs: now)
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(failure(root: Self.otherRoot.publicKey), .badSignature(subject: "n1", root: Self.otherRoot.publicKey))
        XCTAssertEqual(failure(cluster: "tinh-01"), .wrongCluster(subject: "n1", cluster: "tinh-79", expected: "tinh-01"))
        XCTAssertEqual(failure(role: .admin), .wrongRole(subject: "n1", role: .node, expected: .admin))
        XCTAssertEqual(failure(now: 999), .notYetValid(subject: "n1", validFromMs: 1_000))
        XCTAssertEqual(failure(now: 2_000), .expired(subject: "n1", validUntilMs: 2_000))
        XCTAssertNil(failure())
    }

    func testANodePlacedInAProvinceGetsFormatTwoAndNoneKeepsFormatOne() throws {
        let unnamed = Certificate.issue(Self.request(), serial: Self.serial, by: Self.root)
        XCTAssertEqual(unnamed.encoded.first, 1, "earlier builds keep reading certificates of no province")
        XCTAssertEqual(unnamed.province, .unnamed)

        var request = Self.request()
        request.province = ProvinceCode("79")!
        let placed = Certificate.issue(request, serial: Self.serial, by: Self.root)
        XCTAssertEqual(placed.encoded.first, 2)
        let decoded = try Certificate(encoded: placed.encoded)
        XCTAssertEqual(decoded, placed)
        XCTAssertEqual(decoded.province.rawValue, "79")
        XCTAssertNoThrow(try decoded.verify(root: Self.root.publicKey, clusterID: "tinh-79", role: .node, nowMs: 1_500))

        // The province is signed: another code in its place breaks the signature.
        var moved = placed.encoded
        let at = moved.count - 64 - 2
        XCTAssertEqual(Array(moved[at..<(at + 2)]), Array("79".utf8))
        moved.replaceSubrange(at..<(at + 2), with: Array("01".utf8))
        XCTAssertThrowsError(try Certificate(encoded: moved).verify(root: Self.root.publicKey, clusterID: "tinh-79", role: .node, nowMs: 1_500))
        moved.replaceSubrange(at..<(at + 2), with: Array("02".utf8))
        XCTAssertThrowsError(try Certificate(encoded: moved), "02 is no province")

        var admin = Self.request(subject: "admin-79", role: .admin)
        admin.province = ProvinceCode("79")!
        XCTAssertThrowsError(try admin.validate(), "only nodes are placed in provinces")
    }

    func testEncodingRoundTripsThroughBytesAndFileText() throws {
        let certificate = Certificate.issue(Self.request(api: "https://n1.tinh-79.example:7400"), serial: Self.serial, by: Self.root)
        XCTAssertEqual(try Certificate(encoded: certificate.encoded), certificate)
        let file = "# certificate of n1\n\n\(certificate.text)\r\n"
        XCTAssertEqual(try Certificate(fileText: file), certificate)
    }

    func testChangingAnySignedByteBreaksTheSignature() throws {
        let certificate = Certificate.issue(Self.request(), serial: Self.serial, by: Self.root)
        let bytes = certificate.encoded
        var refusedOrBroken = 0
        for index in 0 ..< bytes.count {
            var altered = bytes
            altered[index] ^= 0x01
            guard let decoded = try? Certificate(encoded: altered) else { refusedOrBroken += 1; continue }
            if (try? decoded.verify(root: Self.root.publicKey, clusterID: decoded.clusterID, role: decoded.role, nowMs: decoded.validFromMs)) == nil {
                refusedOrBroken += 1
            }
        }
        XCTAssertEqual(refusedOrBroken, bytes.count, "every single-bit change must be refused or fail verification")
    }

    func testMalformedCertificatesAreRefusedWithAReason() {
        let certificate = Certificate.issue(Self.request(), serial: Self.serial, by: Self.root)
        XCTAssertThrowsError(try Certificate(encoded: certificate.encoded + [0])) { error in
            XCTAssertEqual(error as? WireDecodingError, .trailingBytes(1))
        }
        XCTAssertThrowsError(try Certificate(encoded: Array(certificate.encoded.dropLast())))
        XCTAssertThrowsError(try Certificate(encoded: [UInt8](repeating: 0, count: Certificate.maxEncodedBytes + 1)))
        XCTAssertThrowsError(try Certificate(fileText: "")) { error in
            XCTAssertEqual(error as? CertificateError, .unreadable("expected one certificate line, found 0"))
        }
        XCTAssertThrowsError(try Certificate(fileText: "casestore-certificate-v1 zz"))
        XCTAssertThrowsError(try Certificate(fileText: "\(certificate.text)\n\(certificate.text)"))
    }

    func testRequestsWithBadFieldsAreRefused() {
        var request = Self.request(subject: "N1 with spaces")
        XCTAssertThrowsError(try request.validate())
        request = Self.request()
        request.validUntilMs = request.validFromMs
        XCTAssertThrowsError(try request.validate())
        request = Self.request(api: "ftp://n1")
        XCTAssertThrowsError(try request.validate())
        request = Self.request()
        request.clusterID = "có dấu"
        XCTAssertThrowsError(try request.validate())
        XCTAssertNoThrow(try Self.request(api: "http://127.0.0.1:7410").validate())
    }

    func testPublicKeysParseFromHexOnly() {
        let key = Self.node.publicKey
        XCTAssertEqual(SigningPublicKey(hex: "  \(key.hex)\n"), key)
        XCTAssertNil(SigningPublicKey(hex: String(key.hex.dropLast(2))))
        XCTAssertNil(SigningPublicKey(hex: key.hex + " " + key.hex))
        XCTAssertEqual(key.fingerprint.count, 16)
    }

    func testSignaturesFromSigningKeyMatchTheRFCConstruction() {
        let message = Array("casestore".utf8)
        let signature = Self.node.sign(message)
        XCTAssertTrue(Self.node.publicKey.isValidSignature(signature, of: message))
        XCTAssertFalse(Self.root.publicKey.isValidSignature(signature, of: message))
    }
}
