/// What a node holds in one range of dossier codes: how many dossiers, and the
/// `StateDigest` of their stored states (the sum of each state's SHA-256).
///
/// Two nodes whose range digests are equal hold identical dossiers in that range;
/// because the digest is a sum, the digests of consecutive ranges add up to the
/// digest of their union.
public struct RangeDigest: Hashable, Sendable {
    public let range: CodeRange
    public let count: Int
    public let digest: StateDigest

    public init(range: CodeRange, count: Int, digest: StateDigest) {
        precondition(count >= 0, "a range holds zero or more dossiers")
        self.range = range
        self.count = count
        self.digest = digest
    }

    /// Whether two nodes hold the same in the range: same count and same digest.
    public func agrees(with other: RangeDigest) -> Bool {
        count == other.count && digest == other.digest
    }
}
