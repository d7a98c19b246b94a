import CaseReplication
import CaseSupport
/// The payloads of the digest-first vector exchange (kinds 21 and 22, version 6 and later
/// only; `ReplicationNode+VectorSummaries`):
///
///     vectorPull    summary, known digest, gossip [record]
///     vectorAnswer  summary, known digest
///
///     summary        digest 16 bytes, isComplete bool, changes versionVector
///     known digest   bytes: empty, or 16 bytes
///
/// Sizes come from the format (`VersionVector.digestByteCount`), never from the input; the
/// changes are bounded as a whole vector is (`maxVersionVectorEntries`) before anything is
/// allocated, and the known digest is read with a 16-byte bound.
extension PeerMessageCodec {
    static func writeVectorSummaryPayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .vectorPull(let pull):
            writeSummary(pull.vector, known: pull.known, to: &writer)
            writeRecords(pull.gossip, to: &writer)
        case .vectorAnswer(let answer):
            writeSummary(answer.vector, known: answer.known, to: &writer)
        default:
            preconditionFailure("\(message.kind) is not a vector summary message")
        }
    }

    static func readVectorSummaryPayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
        guard version >= PeerProtocol.digestPullVersion else {
            throw .invalidValue("\(kind) in a version-\(version) frame: digest-first pulls travel on version-\(PeerProtocol.digestPullVersion) sessions only")
        }
        let summary = try readSummary(from: &reader)
        let known = try readKnownDigest(from: &reader)
        switch kind {
        case .vectorPull:
            let gossip = try readRecords(from: &reader, maxCount: PeerMessageCodecLimits.maxGossipRecords)
            return .vectorPull(VectorPull(vector: summary, known: known, gossip: gossip))
        case .vectorAnswer:
            return .vectorAnswer(VectorAnswer(vector: summary, known: known))
        default:
            preconditionFailure("\(kind) is not a vector summary message")
        }
    }

    private static func writeSummary(_ summary: VectorSummary, known: [UInt8], to writer: inout WireWriter) {
        writer.fixedBytes(summary.digest)
        writer.bool(summary.isComplete)
        writeVersionVector(summary.changes, to: &writer)
        writer.bytes(known)
    }

    private static func readSummary(from reader: inout WireReader) throws(WireDecodingError) -> VectorSummary {
        let digest = try reader.readFixedBytes(count: VersionVector.digestByteCount)
        let isComplete = try reader.readBool()
        let changes = try readVersionVector(from: &reader)
        return VectorSummary(digest: digest, isComplete: isComplete, changes: changes)
    }

    /// Empty (nothing known) or one digest; any other length is refused.
    private static func readKnownDigest(from reader: inout WireReader) throws(WireDecodingError) -> [UInt8] {
        let known = try reader.readBytes(maxBytes: VersionVector.digestByteCount)
        guard known.isEmpty || known.count == VersionVector.digestByteCount else {
            throw .invalidValue("a known vector digest is empty or \(VersionVector.digestByteCount) bytes, got \(known.count)")
        }
        return known
    }
}
