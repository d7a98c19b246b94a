import CaseReplication
import CaseSupport
/// The payloads of the digest-first member-list exchange (kinds 18 to 20, version 5
/// and later only; `ReplicationNode+MemberListExchange`):
///
///     memberDigest         root 16 bytes, sender record
///     memberBucketDigests  64 bucket digests of 8 bytes each, in bucket order (512 bytes, no count)
///     memberBucketRecords  buckets [u8] (ascending, each below 64), records [record], isReply bool
///
/// Sizes come from the format (`MemberListDigest`), never from the input. The bucket
/// list is at most 64 entries, ascending without repeats; records are bounded as a whole
/// member list is (`maxMembershipRecords`) before anything is allocated, and a record
/// whose id falls in a bucket the message does not name refuses the message.
extension PeerMessageCodec {
    static func writeMemberListPayload(_ message: PeerMessage, to writer: inout WireWriter) {
        switch message {
        case .memberDigest(let root, let sender):
            precondition(root.count == MemberListDigest.rootByteCount, "a member digest is \(MemberListDigest.rootByteCount) bytes")
            writer.fixedBytes(root)
            writeRecord(sender, to: &writer)
        case .memberBucketDigests(let buckets):
            precondition(buckets.count == MemberListDigest.bucketCount
                         && buckets.allSatisfy { $0.count == MemberListDigest.bucketDigestByteCount },
                         "bucket digests are \(MemberListDigest.bucketCount) of \(MemberListDigest.bucketDigestByteCount) bytes")
            for bucket in buckets { writer.fixedBytes(bucket) }
        case .memberBucketRecords(let buckets, let records, let isReply):
            writer.array(buckets) { writer, bucket in writer.u8(bucket) }
            writeRecords(records, to: &writer)
            writer.bool(isReply)
        default:
            preconditionFailure("\(message.kind) is not a member-list exchange message")
        }
    }

    static func readMemberListPayload(_ kind: PeerMessage.Kind, version: UInt16, from reader: inout WireReader) throws(WireDecodingError) -> PeerMessage {
        guard version >= PeerProtocol.digestMembershipVersion else {
            throw .invalidValue("\(kind) in a version-\(version) frame: digest-first member lists travel on version-\(PeerProtocol.digestMembershipVersion) sessions only")
        }
        switch kind {
        case .memberDigest:
            let root = try reader.readFixedBytes(count: MemberListDigest.rootByteCount)
            return .memberDigest(root, sender: try readRecord(from: &reader))
        case .memberBucketDigests:
            let size = MemberListDigest.bucketDigestByteCount
            let bytes = try reader.readFixedBytes(count: MemberListDigest.bucketCount * size)
            return .memberBucketDigests(stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<$0 + size]) })
        case .memberBucketRecords:
            let buckets = try readBucketNumbers(from: &reader)
            let records = try readRecords(from: &reader, maxCount: PeerMessageCodecLimits.maxMembershipRecords)
            let named = Set(buckets.map(Int.init))
            if let stray = records.first(where: { !named.contains(MemberListDigest.bucket(of: $0.id)) }) {
                throw .invalidValue("member \(stray.id) is in bucket \(MemberListDigest.bucket(of: stray.id)), which the message does not name")
            }
            return .memberBucketRecords(buckets: buckets, records: records, isReply: try reader.readBool())
        default:
            preconditionFailure("\(kind) is not a member-list exchange message")
        }
    }

    /// At most `MemberListDigest.bucketCount` bucket numbers, ascending, each below it.
    private static func readBucketNumbers(from reader: inout WireReader) throws(WireDecodingError) -> [UInt8] {
        let buckets = try reader.readArray(maxCount: PeerMessageCodecLimits.maxMemberBuckets) { reader throws(WireDecodingError) in
            try reader.readU8()
        }
        for (index, bucket) in buckets.enumerated() {
            guard Int(bucket) < MemberListDigest.bucketCount else {
                throw .invalidValue("bucket \(bucket) does not exist: buckets are 0 to \(MemberListDigest.bucketCount - 1)")
            }
            guard index == 0 || buckets[index - 1] < bucket else { throw .invalidValue("bucket numbers must ascend without repeats") }
        }
        return buckets
    }
}
