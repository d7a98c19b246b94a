import CaseCore
import CaseReplication
import CaseSupport
@testable import CaseWire
import TestSupport
import XCTest

/// The certificate exchange's messages (kinds 30 and 31) are read as hostile input and
/// travel on version-11 sessions only: an older peer is sent none.
final class CertificateExchangeCodecTests: XCTestCase {
    private static let certificates = [
        SignedTokenSamples.nodeCertificate("n2", province: ProvinceCode("01")!),
        SignedTokenSamples.nodeCertificate("n3", province: ProvinceCode("79")!),
    ]

    func testTheMessagesRoundTripAndAreRefusedInAnOlderFrameAndDroppedForAnOlderSession() throws {
        try assertTravelsOnlyOnVersion(11, [.certificateRequest(subjects: ["n2", "n3"]), .certificates(Self.certificates)])
    }

    func testARequestNamingAMemberTwiceOrABadIdOrTooManyIsRefused() {
        let kind = PeerMessage.Kind.certificateRequest.rawValue
        let twice = PeerMessageCodec.encodePayload(.certificateRequest(subjects: ["n2", "n2"]))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind, version: 11, payload: twice)) { error in
            XCTAssertTrue("\(error)".contains("names a member twice"), "\(error)")
        }
        let badID = PeerMessageCodec.encodePayload(.certificateRequest(subjects: ["N2 ; drop"]))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind, version: 11, payload: badID)) { error in
            XCTAssertTrue("\(error)".contains("is not a node id"), "\(error)")
        }
        let many = PeerMessageCodec.encodePayload(.certificateRequest(subjects: (0...ReplicationNode.maxCertificateSubjectsPerRequest).map { "n\($0)" }))
        XCTAssertThrowsError(try PeerMessageCodec.decode(type: kind, version: 11, payload: many)) { error in
            XCTAssertTrue("\(error)".contains("at most \(ReplicationNode.maxCertificateSubjectsPerRequest)"), "\(error)")
        }
    }

    func testATamperedOversizedOrTooNumerousCertificateIsRefused() {
        // count 1, the certificate's length (two bytes), then its format byte.
        assertRefusesTamperedOversizedOrTooManyRecords(
            .certificates, version: 11, oneRecord: .certificates([Self.certificates[0]]), formatByteOffset: 3,
            formatError: "certificate format 9", maxRecordBytes: Certificate.maxEncodedBytes, maxCount: ReplicationNode.maxCertificatesPerAnswer)
    }
}
