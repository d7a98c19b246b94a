import CaseCore
import CaseCrypto
import CaseReplication
import CaseSupport
/// The payloads of the certificate exchange (kinds 30 and 31, version 11 and later only):
///
///     certificateRequest  subjects [node id string], at most
///                         `ReplicationNode.maxCertificateSubjectsPerRequest`, none twice
///     certificates        certificates [bytes] (`Certificate.encoded`), at most
///                         `ReplicationNode.maxCertificatesPerAnswer`
///
/// Read as hostile input: counts are checked against their bounds and the bytes left
/// before allocating, each id's shape and each certificate's fields are checked. The
/// certificates' signatures are checked against the cluster's root by the log that keeps them.
extension PeerMessageCodec {
    /// Fewest bytes an encoded certificate takes: its signature alone is 64.
    static let minCertificateBytes = 1 + Ed25519.signatureByteCount

    static func writeCertificatePayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .certificateRequest(let subjects):
            writer.array(subjects) { writer, subject in writer.string(subject) }
        case .certificates(let certificates):
            writer.array(certificates) { writer, certificate in writer.bytes(certificate.encoded) }
        default:
            preconditionFailure("\(message.kind) is not a certificate exchange message")
        }
    }

    static func readCertificatePayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError)
        -> PeerMessage {
        try RootRecordSyncCodec.checkVersion(kind, version, "certificates asked for by member")
        switch kind {
        case .certificateRequest:
            let subjects = try reader.readArray(maxCount: ReplicationNode.maxCertificateSubjectsPerRequest, minElementBytes: 2) {
                reader throws(WireDecodingError) in try readNodeID(from: &reader, field: "certificate subject")
            }
            guard Set(subjects).count == subjects.count else { throw .invalidValue("a certificate request names a member twice") }
            return .certificateRequest(subjects: subjects)
        case .certificates:
            return .certificates(try reader.readArray(maxCount: ReplicationNode.maxCertificatesPerAnswer, minElementBytes: minCertificateBytes) {
                reader throws(WireDecodingError) in try Certificate(encoded: try reader.readBytes(maxBytes: Certificate.maxEncodedBytes))
            })
        default:
            preconditionFailure("\(kind) is not a certificate exchange message")
        }
    }
}
