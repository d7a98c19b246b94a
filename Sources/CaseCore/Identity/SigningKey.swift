import CaseCrypto

/// An Ed25519 private key (its 32-byte seed, RFC 8032 §5.1.5) with its public key.
///
/// Which key this is decides what it may sign: a node key signs its own handshakes,
/// events and its clerks' tokens; the root key certifies nodes and admins and signs
/// revocations. Making one needs randomness, so `SigningKey.generate()` lives at the
/// edge (CaseSystem); this type only holds and uses a seed it is given.
public struct SigningKey: Sendable {
    public let seed: [UInt8]
    public let publicKey: SigningPublicKey

    /// Nil unless `seed` is 32 bytes.
    public init?(seed: [UInt8]) {
        guard seed.count == Ed25519.seedByteCount,
              let publicKey = SigningPublicKey(bytes: Ed25519.publicKey(seed: seed))
        else { return nil }
        self.seed = seed
        self.publicKey = publicKey
    }

    /// The signature of `message` (64 bytes, deterministic).
    public func sign(_ message: [UInt8]) -> [UInt8] {
        Ed25519.sign(message: message, seed: seed, publicKey: publicKey.bytes)
    }
}
