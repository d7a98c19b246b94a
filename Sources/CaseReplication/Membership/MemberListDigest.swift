import CaseCrypto
/// The digests a member list is compared by before any record is sent (protocol
/// version 5): records fall into `bucketCount` buckets by a hash of their id; each
/// bucket's digest covers its records' (id, incarnation, state) in id order, and the
/// root digest covers the bucket digests. Two members whose roots agree hold the same
/// list and exchange nothing more; otherwise only the buckets whose digests differ
/// are sent. Addresses are not covered: a member changes them only with a new
/// incarnation (a restart), which is.
///
/// Why 64 buckets of 8 bytes: the bucket digests are 512 bytes, and at 3,321 members a
/// bucket holds about 52 records (some 2 KB), so one changed record costs about 3 KB
/// each way instead of the whole list's 130 KB; at 100 members the digests still cost
/// less than the list. 8 bytes make a missed difference a 2⁻⁶⁴ chance per bucket.
public struct MemberListDigest: Equatable, Sendable {
    public static let bucketCount = 64
    public static let bucketDigestByteCount = 8
    public static let rootByteCount = 16

    /// One digest per bucket, in bucket order.
    public let buckets: [[UInt8]]
    /// The digest of the whole list: SHA-256 of the bucket digests, truncated.
    public let root: [UInt8]

    /// The digests of `records`, which must be sorted by id with no id twice.
    public init(sortedRecords records: [MemberRecord]) {
        var hashers = Array(repeating: SHA256(), count: Self.bucketCount)
        for record in records {
            Self.feed(record, into: &hashers[Self.bucket(of: record.id)])
        }
        buckets = hashers.map { hasher in
            var hasher = hasher
            return Array(hasher.finalize().prefix(Self.bucketDigestByteCount))
        }
        var rootHasher = SHA256()
        for bucket in buckets { rootHasher.update(bucket) }
        root = Array(rootHasher.finalize().prefix(Self.rootByteCount))
    }

    /// The bucket of a member id: FNV-1a (32 bits) of its UTF-8 bytes, modulo the bucket
    /// count. Part of the protocol: every build must bucket alike.
    public static func bucket(of id: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in id.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int(hash % UInt32(bucketCount))
    }

    /// The buckets whose digests differ from `theirs` (one per bucket), ascending.
    public func bucketsDiffering(from theirs: [[UInt8]]) -> [Int] {
        precondition(theirs.count == Self.bucketCount, "bucket digests come \(Self.bucketCount) at a time")
        return (0..<Self.bucketCount).filter { buckets[$0] != theirs[$0] }
    }

    /// A record as its bucket digest covers it: id length (2 bytes) and bytes, incarnation
    /// (8 bytes, big-endian), state (1 byte, its severity).
    private static func feed(_ record: MemberRecord, into hasher: inout SHA256) {
        let id = Array(record.id.utf8)
        var bytes: [UInt8] = [UInt8(truncatingIfNeeded: id.count >> 8), UInt8(truncatingIfNeeded: id.count)]
        bytes += id
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: record.incarnation >> UInt64(shift))) }
        bytes.append(UInt8(record.state.severity))
        hasher.update(bytes)
    }
}
