import CaseCore
import CaseReplication
import CaseSupport
import CaseCrypto
/// The payloads of the token registry's sync messages (kinds 13 and 14):
///
///     tokenDigest   count varint, hash 32 bytes, isReply bool
///     tokenRecords  records [token record] (layout in TokenRecord+Wire)
///
/// Records are read as hostile input like everything else: the count is checked
/// against `TokenLimits.maxRecordsPerMessage` and the bytes left before allocating,
/// every record is validated, and an id twice in one message refuses the message.
extension PeerMessageCodec {
    static func writeTokenPayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .tokenDigest(let digest, let isReply):
            writer.varint(digest.count)
            writer.fixedBytes(digest.hash)
            writer.bool(isReply)
        case .tokenRecords(let records):
            writer.array(records)
        default:
            preconditionFailure("\(message.kind) is not a token registry message")
        }
    }

    static func readTokenPayload(_ kind: PeerMessage.Kind, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
        switch kind {
        case .tokenDigest:
            let count = try reader.readVarint()
            guard count <= UInt64(TokenLimits.maxRegistryRecords) else {
                throw .invalidValue("token digest counts \(count) records; a registry holds at most \(TokenLimits.maxRegistryRecords)")
            }
            let hash = try reader.readFixedBytes(count: SHA256.digestByteCount)
            return .tokenDigest(TokenDigest(count: count, hash: hash), isReply: try reader.readBool())
        case .tokenRecords:
            let records = try reader.readArray(
                of: TokenRecord.self, maxCount: TokenLimits.maxRecordsPerMessage, minElementBytes: TokenRecord.minWireBytes)
            var ids = Set<String>()
            for record in records where !ids.insert(record.id).inserted {
                throw .invalidValue("token \(record.id) appears twice in one message")
            }
            return .tokenRecords(records)
        default:
            preconditionFailure("\(kind) is not a token registry message")
        }
    }
}
