import CaseCrypto
/// A version vector as a pull or an answer carries it on a version-6 session: its digest,
/// and either the whole vector or only the heads that rose since a vector the receiver
/// holds of the sender (docs/design/provinces.md, "Digest first").
///
/// The digest covers the whole vector the summary stands for, so a receiver can always tell
/// whether what it rebuilt is that vector: it overlays `changes` on the vector it last
/// took from the sender and takes the result only if the digests agree. A receiver that
/// holds another vector (it restarted, or a message was lost) gets a mismatch, never a
/// wrong vector, and asks for the whole one. An idle node's summary is the digest alone.
public struct VectorSummary: Equatable, Sendable {
    /// `VersionVector.digest` of the vector summarized.
    public var digest: [UInt8]
    /// Whether `changes` is the whole vector (no base needed).
    public var isComplete: Bool
    /// The whole vector, or the heads that differ from the base the sender chose.
    public var changes: VersionVector

    public init(digest: [UInt8], isComplete: Bool, changes: VersionVector) {
        precondition(digest.count == VersionVector.digestByteCount, "a vector digest is \(VersionVector.digestByteCount) bytes")
        self.digest = digest
        self.isComplete = isComplete
        self.changes = changes
    }

    /// `vector` (whose digest is `digest`) for a receiver believed to hold `base`: only the
    /// heads that differ from it when every key of `base` is in `vector` (a head cannot be
    /// taken away), else the whole vector.
    public init(_ vector: VersionVector, digest: [UInt8], against base: VersionVector?) {
        guard let base, base.heads.keys.allSatisfy({ vector.heads[$0] != nil }) else {
            self.init(digest: digest, isComplete: true, changes: vector)
            return
        }
        self.init(digest: digest, isComplete: false, changes: vector.differing(from: base))
    }

    /// The vector summarized, rebuilt over the first of `candidates` (vectors the receiver
    /// holds that the sender may have summarized against) whose result has the summary's
    /// digest; nil when none has: a mismatch is never taken for a match.
    public func resolved(over candidates: [VersionVector]) -> VersionVector? {
        guard !isComplete else { return changes.digest == digest ? changes : nil }
        for known in candidates {
            let candidate = known.overlaid(with: changes)
            if candidate.digest == digest { return candidate }
        }
        return nil
    }
}

extension VersionVector {
    /// Bytes of a vector digest: 128 bits make an accidental match a 2⁻¹²⁸ chance.
    public static let digestByteCount = 16

    /// SHA-256 of the canonical encoding, truncated to `digestByteCount`: for each key in
    /// ascending UTF-8 byte order, its length (2 bytes, big-endian), its bytes and its head
    /// (8 bytes, big-endian). Part of the protocol: every build must digest alike. Keys are
    /// stream keys (`StreamScope`), so a vector in another province's keys has another digest.
    public var digest: [UInt8] {
        var hasher = SHA256()
        let keys = heads.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for key in keys {
            let bytes = Array(key.utf8)
            var entry: [UInt8] = [UInt8(truncatingIfNeeded: bytes.count >> 8), UInt8(truncatingIfNeeded: bytes.count)]
            entry += bytes
            let head = UInt64(self[key])
            for shift in stride(from: 56, through: 0, by: -8) { entry.append(UInt8(truncatingIfNeeded: head >> UInt64(shift))) }
            hasher.update(entry)
        }
        return Array(hasher.finalize().prefix(Self.digestByteCount))
    }

    /// The heads of this vector that differ from those of `base`.
    public func differing(from base: VersionVector) -> VersionVector {
        VersionVector(heads.filter { $0.value != base[$0.key] })
    }

    /// This vector with `changes`' heads put in place of its own.
    public func overlaid(with changes: VersionVector) -> VersionVector {
        VersionVector(heads.merging(changes.heads) { _, new in new })
    }
}
