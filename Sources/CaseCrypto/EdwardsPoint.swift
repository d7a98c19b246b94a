/// A point on edwards25519, −x² + y² = 1 + d·x²·y² over GF(2^255 − 19), in extended
/// coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z, x·y = T/Z (RFC 8032 §5.1.4).
struct EdwardsPoint: Sendable {
    var x, y, z, t: Field25519

    /// The neutral element (0, 1).
    static let identity = EdwardsPoint(x: .zero, y: .one, z: .one, t: .zero)
    /// d = −121665/121666, computed rather than spelled out so it cannot be mistyped.
    static let d = -Field25519(small: 121_665) * Field25519(small: 121_666).inverted()
    static let twoD = d + d
    /// (p − 5)/8 = 2^252 − 3: the exponent of §5.1.3's square root.
    static let pMinus5Over8: [UInt64] = [0xFFFF_FFFF_FFFF_FFFD, .max, .max, 0x0FFF_FFFF_FFFF_FFFF]
    /// sqrt(−1) = 2^((p − 1)/4), as 2 is not a square mod p.
    static let sqrtMinusOne = Field25519(small: 2).power([0xFFFF_FFFF_FFFF_FFFB, .max, .max, 0x1FFF_FFFF_FFFF_FFFF])
    /// The base point B: y = 4/5 and x even (§5.1).
    static let base: EdwardsPoint = {
        guard let point = EdwardsPoint(decoding: (Field25519(small: 4) * Field25519(small: 5).inverted()).encoded()) else {
            preconditionFailure("y = 4/5 is on the curve")
        }
        return point
    }()

    init(x: Field25519, y: Field25519, z: Field25519, t: Field25519) {
        (self.x, self.y, self.z, self.t) = (x, y, z, t)
    }

    /// Decodes a 32-byte point (§5.1.3): y little-endian in the low 255 bits, x's sign
    /// in bit 255. Nil when y ≥ p (non-canonical), when x² has no root, or for "−0".
    init?(decoding bytes: [UInt8]) {
        guard bytes.count == Field25519.byteCount else { return nil }
        var yBytes = bytes
        let xSign = yBytes[31] >> 7
        yBytes[31] &= 0x7F
        let y = Field25519(bytes: yBytes)
        guard y.encoded() == yBytes else { return nil }
        guard var x = Self.recoverX(y: y) else { return nil }
        if x.isZero && xSign == 1 { return nil }
        if (x.isNegative ? 1 : 0) != xSign { x = -x }
        self.init(x: x, y: y, z: .one, t: x * y)
    }

    /// A root x of x² = (y² − 1)/(d·y² + 1), found as §5.1.3 step 2–3 does; nil if none.
    private static func recoverX(y: Field25519) -> Field25519? {
        let ySquared = y.squared()
        let u = ySquared - .one
        let v = d * ySquared + .one
        let v3 = v.squared() * v
        let v7 = v3.squared() * v
        let candidate = u * v3 * (u * v7).power(pMinus5Over8)
        let check = (v * candidate.squared()).encoded()
        if check == u.encoded() { return candidate }
        if check == (-u).encoded() { return candidate * sqrtMinusOne }
        return nil
    }

    /// y with x's low bit in bit 255 (§5.1.2).
    func encoded() -> [UInt8] {
        let zInverse = z.inverted()
        var bytes = (y * zInverse).encoded()
        bytes[31] |= (x * zInverse).isNegative ? 0x80 : 0
        return bytes
    }

    /// The unified addition of §5.1.4; it is complete, so it also doubles.
    static func + (p: EdwardsPoint, q: EdwardsPoint) -> EdwardsPoint {
        let a = (p.y - p.x) * (q.y - q.x)
        let b = (p.y + p.x) * (q.y + q.x)
        let c = p.t * twoD * q.t
        let d = p.z * (q.z + q.z)
        let (e, f, g, h) = (b - a, d - c, d + c, b + a)
        return EdwardsPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    /// [scalar]self for a 32-byte little-endian scalar. Every bit costs one doubling and
    /// one addition, and the sum is kept or dropped with masks, so the work does not
    /// depend on the (possibly secret) scalar.
    func multiplied(by scalar: [UInt8]) -> EdwardsPoint {
        precondition(scalar.count == Scalar25519.byteCount, "scalars are 32 bytes")
        var result = EdwardsPoint.identity
        for bitIndex in stride(from: scalar.count * 8 - 1, through: 0, by: -1) {
            result = result + result
            var sum = result + self
            let bit = UInt64((scalar[bitIndex / 8] >> UInt8(bitIndex % 8)) & 1)
            Self.conditionalSwap(&result, &sum, swap: bit)
        }
        return result
    }

    private static func conditionalSwap(_ p: inout EdwardsPoint, _ q: inout EdwardsPoint, swap: UInt64) {
        Field25519.conditionalSwap(&p.x, &q.x, swap: swap)
        Field25519.conditionalSwap(&p.y, &q.y, swap: swap)
        Field25519.conditionalSwap(&p.z, &q.z, swap: swap)
        Field25519.conditionalSwap(&p.t, &q.t, swap: swap)
    }
}
