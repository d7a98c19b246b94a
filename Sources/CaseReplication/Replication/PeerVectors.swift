/// A version vector with its digest, computed once and only when first asked for: most
/// vectors noted are never echoed or compared.
struct DigestedVector {
    let vector: VersionVector
    private var cachedDigest: [UInt8]?

    init(_ vector: VersionVector, digest: [UInt8]? = nil) {
        self.vector = vector
        self.cachedDigest = digest
    }

    mutating func digest() -> [UInt8] {
        if let cachedDigest { return cachedDigest }
        let digest = vector.digest
        cachedDigest = digest
        return digest
    }
}

/// What a node knows of the vectors it exchanged with one peer, for summarizing its own
/// (`VectorSummary`) and rebuilding the peer's. Vectors here are in whatever keys the two
/// exchange (a peer of another province: its keys, see `StreamScope`); they are never
/// compared with this node's own vector.
struct PeerVectors {
    /// The peer's vector as last taken from it (whole, or rebuilt from a summary): what the
    /// peer's summaries are rebuilt over, and whose digest this node echoes to it.
    var received: DigestedVector?
    /// The vector of this node's last sent to the peer, until the peer echoes it.
    var sent: DigestedVector?
    /// A vector of this node's the peer echoed, so holds: summaries to it are taken against it.
    var acknowledged: DigestedVector?

    /// Takes the peer's echo of the vector it holds of this node: the one sent last, the one
    /// acknowledged before, or neither (it restarted, or a message was lost), and then
    /// summaries to it carry whole vectors until it echoes one again.
    mutating func takeEcho(_ echo: [UInt8]) {
        if var sent, sent.digest() == echo {
            acknowledged = sent
        } else if var acknowledged, acknowledged.digest() == echo {
            self.acknowledged = acknowledged
        } else {
            acknowledged = nil
        }
    }
}
