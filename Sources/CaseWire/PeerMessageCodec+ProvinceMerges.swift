import CaseCore
import CaseReplication
import CaseSupport
/// The payloads of the province mergers' sync messages (kinds 28 and 29, version 10 and
/// later only), as `RootRecordSyncCodec` writes them:
///
///     provinceMergeDigest  hash 32 bytes, isReply bool
///     provinceMerges       mergers [bytes] (`ProvinceMerge.encoded`), at most
///                          `ReplicationNode.maxProvinceMergesPerMessage`, one per merged province
extension PeerMessageCodec {
    static func writeProvinceMergePayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .provinceMergeDigest(let hash, let isReply):
            RootRecordSyncCodec.writeDigest(hash, isReply: isReply, to: &writer)
        case .provinceMerges(let merges):
            RootRecordSyncCodec.write(merges, to: &writer)
        default:
            preconditionFailure("\(message.kind) is not a province merger message")
        }
    }

    static func readProvinceMergePayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError)
        -> PeerMessage {
        try RootRecordSyncCodec.checkVersion(kind, version, "province mergers")
        switch kind {
        case .provinceMergeDigest:
            let digest = try RootRecordSyncCodec.readDigest(from: &reader)
            return .provinceMergeDigest(digest.hash, isReply: digest.isReply)
        case .provinceMerges:
            return .provinceMerges(try RootRecordSyncCodec.read(
                ProvinceMerge.self, maxCount: ReplicationNode.maxProvinceMergesPerMessage, what: "province mergers", from: &reader))
        default:
            preconditionFailure("\(kind) is not a province merger message")
        }
    }
}
