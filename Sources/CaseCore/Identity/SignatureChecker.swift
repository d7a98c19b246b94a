import CaseCrypto

/// Checks Ed25519 signatures and remembers the ones that were valid.
///
/// Why: one issuer's certificate travels inside every token record it signed, so a
/// registry sync of a centre's 300 tokens would verify the same certificate 300 times
/// (0.7 ms each in a release build). A signature once found valid stays valid, so
/// remembering it changes no answer. Only valid signatures are remembered: a forged one
/// is checked again every time, and cannot push good ones out faster than it is sent.
///
/// Not thread-safe: one owner (the replication core, or the token registry under its lock).
public final class SignatureChecker {
    /// Signatures remembered before the memory is cleared and starts again.
    /// Why 4,096: a province's issuers' certificates and a sync's worth of records fit
    /// many times over, in 4,096 × 32 bytes = 128 KiB.
    public static let capacity = 4_096

    private var valid = Set<[UInt8]>()

    public init() {}

    /// A new checker that remembers what this one does: for owners that start from
    /// signatures already checked (the simulator's certificates, checked once per process).
    public func copy() -> SignatureChecker {
        let copy = SignatureChecker()
        copy.valid = valid
        return copy
    }

    /// Whether `signature` is `key`'s signature of `message`.
    public func isValid(_ signature: [UInt8], of message: [UInt8], by key: SigningPublicKey) -> Bool {
        // Key and signature have fixed lengths, so the three together are unambiguous.
        var hash = SHA256()
        hash.update(key.bytes)
        hash.update(signature)
        hash.update(message)
        let fingerprint = hash.finalize()
        if valid.contains(fingerprint) { return true }
        guard key.isValidSignature(signature, of: message) else { return false }
        if valid.count >= Self.capacity { valid.removeAll(keepingCapacity: true) }
        valid.insert(fingerprint)
        return true
    }

    /// How many valid signatures it remembers (for tests).
    public var rememberedCount: Int { valid.count }
}
