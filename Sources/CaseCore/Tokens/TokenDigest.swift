import CaseCrypto

/// A summary of a token registry: how many records, and the SHA-256 of all of them in
/// id order. Two nodes whose digests are equal hold the same registry (barring a hash
/// collision); when they differ, they exchange records (see `ReplicationNode+Authority`).
public struct TokenDigest: Equatable, Sendable {
    public var count: UInt64
    public var hash: [UInt8]

    public init(count: UInt64, hash: [UInt8]) {
        self.count = count
        self.hash = hash
    }

    /// The digest of `records`, which must be sorted by id.
    public init(records: [TokenRecord]) {
        var sha = SHA256()
        for record in records { sha.update(record.wireBytes) }
        self.init(count: UInt64(records.count), hash: sha.finalize())
    }
}
