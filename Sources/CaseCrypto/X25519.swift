/// X25519 (RFC 7748 §5): Diffie–Hellman on Curve25519's Montgomery form, by u-coordinate.
///
/// ```swift
/// let mine = X25519.publicKey(privateKey: secret)            // 32 bytes to send
/// let shared = X25519.scalarMultiply(scalar: secret, uCoordinate: theirs)
/// ```
///
/// The ladder runs the same field operations for every scalar bit, swapping with masks,
/// so its timing does not depend on the private key.
public enum X25519 {
    /// Bytes in a private key, a public key and a shared secret.
    public static let byteCount = 32
    /// The base point's u-coordinate (§4.1).
    public static let baseUCoordinate: UInt8 = 9
    /// (A − 2) / 4 for Curve25519's A = 486662: the ladder's doubling constant (§5).
    static let a24 = Field25519(small: 121_665)
    /// Scalar bits the ladder walks: clamping clears bit 255, so bits 254 … 0.
    static let ladderBitCount = 255

    /// The public key for `privateKey`: its product with the base point u = 9.
    public static func publicKey(privateKey: [UInt8]) -> [UInt8] {
        var base = [UInt8](repeating: 0, count: byteCount)
        base[0] = baseUCoordinate
        return scalarMultiply(scalar: privateKey, uCoordinate: base)
    }

    /// The function X25519(k, u) of §5: `scalar` is clamped, `uCoordinate`'s top bit is
    /// ignored, and non-canonical u (p … 2^255 − 1) is accepted, as the RFC requires.
    /// Both are 32 bytes; the result is 32 bytes (all zero for low-order points: callers
    /// that need contributory behaviour check for that, §6.1).
    public static func scalarMultiply(scalar: [UInt8], uCoordinate: [UInt8]) -> [UInt8] {
        precondition(scalar.count == byteCount && uCoordinate.count == byteCount, "X25519 takes 32-byte inputs")
        let k = clamped(scalar)
        let x1 = Field25519(bytes: uCoordinate)
        var (x2, z2, x3, z3) = (Field25519.one, Field25519.zero, x1, Field25519.one)
        var swap: UInt64 = 0
        for t in stride(from: ladderBitCount - 1, through: 0, by: -1) {
            let bit = UInt64((k[t / 8] >> UInt8(t % 8)) & 1)  // index depends on t only
            swap ^= bit
            Field25519.conditionalSwap(&x2, &x3, swap: swap)
            Field25519.conditionalSwap(&z2, &z3, swap: swap)
            swap = bit
            ladderStep(x1: x1, x2: &x2, z2: &z2, x3: &x3, z3: &z3)
        }
        Field25519.conditionalSwap(&x2, &x3, swap: swap)
        Field25519.conditionalSwap(&z2, &z3, swap: swap)
        return (x2 * z2.inverted()).encoded()
    }

    /// Clears the three low bits (a multiple of the cofactor 8) and bit 255, and sets
    /// bit 254 (a fixed ladder length), per §5's decodeScalar25519.
    static func clamped(_ scalar: [UInt8]) -> [UInt8] {
        var k = scalar
        k[0] &= 248
        k[31] &= 127
        k[31] |= 64
        return k
    }

    /// One combined double-and-add step of §5's ladder: (x2, z2) doubles, (x3, z3)
    /// becomes the sum, using the difference x1.
    private static func ladderStep(
        x1: Field25519, x2: inout Field25519, z2: inout Field25519, x3: inout Field25519, z3: inout Field25519
    ) {
        let a = x2 + z2, aa = a.squared(), b = x2 - z2, bb = b.squared(), e = aa - bb
        let c = x3 + z3, d = x3 - z3, da = d * a, cb = c * b
        x3 = (da + cb).squared()
        z3 = x1 * (da - cb).squared()
        x2 = aa * bb
        z2 = e * (aa + a24 * e)
    }
}
