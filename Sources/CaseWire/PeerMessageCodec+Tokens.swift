import CaseCore
import CaseReplication
import CaseSupport
import CaseCrypto
/// The payloads of the token registry's sync messages (kinds 13, 14 and 15):
///
///     tokenDigest         count varint, hash 32 bytes, isReply bool
///     tokenRecords        records [token record, legacy layout] (TokenRecord+Wire)
///     signedTokenRecords  records [token record, signed layout]; version 3 and later only
///
/// Records are read as hostile input like everything else: the count is checked
/// against `TokenLimits.maxRecordsPerMessage` and the bytes left before allocating,
/// every record is validated (a signed record's id must be the one its issuer's key
/// binds), and a key twice in one message refuses the message. Signatures are checked
/// later, against the cluster's root (`TokenAuthority`), by the replication core.
extension PeerMessageCodec {
    static func writeTokenPayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .tokenDigest(let digest, let isReply):
            writer.varint(digest.count)
            writer.fixedBytes(digest.hash)
            writer.bool(isReply)
        case .tokenRecords(let records):
            precondition(records.allSatisfy { $0.provenance == .legacy }, "kind 14 carries unsigned records only")
            writer.array(records)
        case .signedTokenRecords(let records):
            precondition(records.allSatisfy { $0.issuer != nil }, "kind 15 carries signed records only")
            writer.array(records)
        default:
            preconditionFailure("\(message.kind) is not a token registry message")
        }
    }

    static func readTokenPayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
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
            return .tokenRecords(try refusingRepeatedKeys(records))
        case .signedTokenRecords:
            guard version >= PeerProtocol.identityVersion else {
                throw .invalidValue("signed token records in a version-\(version) frame: they travel on version-\(PeerProtocol.identityVersion) sessions only")
            }
            let records = try reader.readArray(
                maxCount: TokenLimits.maxRecordsPerMessage, minElementBytes: TokenRecord.minSignedWireBytes
            ) { reader throws(WireDecodingError) in try TokenRecord(signedFrom: &reader) }
            return .signedTokenRecords(try refusingRepeatedKeys(records))
        default:
            preconditionFailure("\(kind) is not a token registry message")
        }
    }

    private static func refusingRepeatedKeys(_ records: [TokenRecord]) throws(WireDecodingError) -> [TokenRecord] {
        var keys = Set<TokenKey>()
        for record in records where !keys.insert(record.key).inserted {
            throw .invalidValue("token \(record.key) appears twice in one message")
        }
        return records
    }
}
