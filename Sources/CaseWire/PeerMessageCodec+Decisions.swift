import CaseCore
import CaseCrypto
import CaseReplication
import CaseSupport
/// The payloads of the membership decisions' sync messages (kinds 16 and 17, version 4
/// and later only):
///
///     decisionDigest       hash 32 bytes, isReply bool
///     membershipDecisions  decisions [bytes] (`MembershipDecision.encoded`)
///
/// Decisions are read as hostile input: the count is checked against
/// `PeerMessageCodecLimits.maxDecisionsPerMessage` and the bytes left before
/// allocating, each decision's size and fields are checked, and one member twice in a
/// message refuses the message. Signatures are checked later, against the cluster's
/// root, by the replication core.
extension PeerMessageCodec {
    /// Fewest bytes a decision takes with its length: a 1-byte cluster id and member.
    static let minDecisionBytes = 1 + 2 + 2 * 2 + 8 + 8 + Ed25519.signatureByteCount

    static func writeDecisionPayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .decisionDigest(let hash, let isReply):
            precondition(hash.count == SHA256.digestByteCount, "a decision digest is a SHA-256")
            writer.fixedBytes(hash)
            writer.bool(isReply)
        case .membershipDecisions(let decisions):
            writer.array(decisions) { writer, decision in writer.bytes(decision.encoded) }
        default:
            preconditionFailure("\(message.kind) is not a membership decision message")
        }
    }

    static func readDecisionPayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
        guard version >= PeerProtocol.decisionsVersion else {
            throw .invalidValue("\(kind) in a version-\(version) frame: membership decisions travel on version-\(PeerProtocol.decisionsVersion) sessions only")
        }
        switch kind {
        case .decisionDigest:
            let hash = try reader.readFixedBytes(count: SHA256.digestByteCount)
            return .decisionDigest(hash, isReply: try reader.readBool())
        case .membershipDecisions:
            let decisions = try reader.readArray(
                maxCount: PeerMessageCodecLimits.maxDecisionsPerMessage, minElementBytes: minDecisionBytes
            ) { reader throws(WireDecodingError) in
                try MembershipDecision(encoded: try reader.readBytes(maxBytes: MembershipDecision.maxEncodedBytes))
            }
            var members = Set<String>()
            for decision in decisions where !members.insert(decision.member).inserted {
                throw .invalidValue("two decisions about \(decision.member) in one message")
            }
            return .membershipDecisions(decisions)
        default:
            preconditionFailure("\(kind) is not a membership decision message")
        }
    }
}
