/// Ed25519 signatures (RFC 8032 §5.1), pure EdDSA over SHA-512.
///
/// ```swift
/// let publicKey = Ed25519.publicKey(seed: seed)                 // 32 bytes
/// let signature = Ed25519.sign(message: event, seed: seed)      // 64 bytes
/// Ed25519.verify(signature: signature, message: event, publicKey: publicKey)
/// ```
///
/// Signing multiplies the base point by secret scalars with `EdwardsPoint.baseMultiplied(by:)`,
/// whose work does not depend on the scalar; verification, whose inputs are all public, computes
/// [S]B + [k](−A) in one pass (`publicDoubleMultiply`). Verification is strict about encodings: S ≥ L and
/// points that do not decode (including y ≥ p) are rejected; it checks [S]B = R + [k]A.
public enum Ed25519 {
    /// Bytes in a private key seed (§5.1.5).
    public static let seedByteCount = 32
    /// Bytes in a public key (§5.1.5).
    public static let publicKeyByteCount = 32
    /// Bytes in a signature: R then S (§5.1.6).
    public static let signatureByteCount = 64

    /// The public key A = [s]B for `seed` (§5.1.5).
    public static func publicKey(seed: [UInt8]) -> [UInt8] {
        EdwardsPoint.baseMultiplied(by: expand(seed: seed).scalar).encoded()
    }

    /// The signature R ‖ S of `message` under `seed` (§5.1.6). Deterministic.
    public static func sign(message: [UInt8], seed: [UInt8]) -> [UInt8] {
        sign(message: message, seed: seed, publicKey: publicKey(seed: seed))
    }

    /// The same signature, for a caller that already holds the seed's public key (it
    /// saves one of the two scalar multiplications). `publicKey` must be
    /// `publicKey(seed: seed)`: a signature made with any other leaks the secret scalar,
    /// so callers derive it once from the seed and keep the pair together.
    public static func sign(message: [UInt8], seed: [UInt8], publicKey: [UInt8]) -> [UInt8] {
        let (s, prefix) = expand(seed: seed)
        let r = Scalar25519.reduce(SHA512.hash(prefix + message))
        let encodedR = EdwardsPoint.baseMultiplied(by: r).encoded()
        let k = Scalar25519.reduce(SHA512.hash(encodedR + publicKey + message))
        return encodedR + Scalar25519.multiplyAdd(k, s, r)
    }

    /// Whether `signature` is a valid signature of `message` under `publicKey` (§5.1.7).
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureByteCount, publicKey.count == publicKeyByteCount else { return false }
        let encodedR = Array(signature[0 ..< 32]), s = Array(signature[32 ..< 64])
        guard Scalar25519.isCanonical(s),
              let a = EdwardsPoint(decoding: publicKey),
              let r = EdwardsPoint(decoding: encodedR)
        else { return false }
        let k = Scalar25519.reduce(SHA512.hash(encodedR + publicKey + message))
        // [S]B = R + [k]A  ⇔  [S]B + [k](−A) = R; everything here is public.
        return (-a).publicDoubleMultiply(baseScalar: s, scalar: k).encoded() == r.encoded()
    }

    /// The clamped secret scalar s and the nonce prefix from SHA-512(seed) (§5.1.5):
    /// clamping clears the low three bits (a multiple of the cofactor) and bit 255, and
    /// sets bit 254.
    private static func expand(seed: [UInt8]) -> (scalar: [UInt8], prefix: [UInt8]) {
        precondition(seed.count == seedByteCount, "Ed25519 seeds are 32 bytes")
        let digest = SHA512.hash(seed)
        var scalar = Array(digest[0 ..< 32])
        scalar[0] &= 248
        scalar[31] &= 127
        scalar[31] |= 64
        return (scalar, Array(digest[32 ..< 64]))
    }
}
