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

    /// 2·self by the doubling formulas of §5.1.4: eight multiplications where the unified
    /// addition takes ten, and the same work whatever the point.
    func doubled() -> EdwardsPoint {
        let a = x.squared()
        let b = y.squared()
        let c = z.squared() + z.squared()
        let h = a + b
        let sum = x + y
        let e = h - sum.squared()
        let g = a - b
        let f = c + g
        return EdwardsPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    /// −self: (−x, y) on the curve.
    static prefix func - (p: EdwardsPoint) -> EdwardsPoint {
        EdwardsPoint(x: -p.x, y: p.y, z: p.z, t: -p.t)
    }

    /// [j·16^i]B for every window i of a scalar (0…63) and every value j of it (0…15), made
    /// once (about a thousand additions, 160 KB): the base point's multiples need no
    /// doublings at sign time.
    private static let baseTable: [[EdwardsPoint]] = {
        var rows: [[EdwardsPoint]] = []
        rows.reserveCapacity(64)
        var power = base
        for _ in 0 ..< 64 {
            var row = [identity, power]
            for _ in 2 ..< 16 { row.append(row[row.count - 1] + power) }
            rows.append(row)
            power = power.doubled().doubled().doubled().doubled()
        }
        return rows
    }()

    /// [scalar]B for a 32-byte little-endian scalar: the sum over its 64 windows of the
    /// precomputed [window·16^i]B, each picked by scanning its whole row with masks, so the
    /// work and the memory touched do not depend on the (secret) scalar. 64 additions, where
    /// 4-bit windows over a table of one point's multiples made at each call took 252
    /// doublings and 78 additions: signing costs about a third (`casebench apply`).
    static func baseMultiplied(by scalar: [UInt8]) -> EdwardsPoint {
        precondition(scalar.count == Scalar25519.byteCount, "scalars are 32 bytes")
        var result = EdwardsPoint.identity
        for (index, row) in baseTable.enumerated() {
            let window = UInt64((scalar[index / 2] >> UInt8(4 * (index % 2))) & 0x0F)
            result = result + select(window, from: row)
        }
        return result
    }

    /// table[index], read by touching every entry and keeping one with masks.
    private static func select(_ index: UInt64, from table: [EdwardsPoint]) -> EdwardsPoint {
        var chosen = EdwardsPoint.identity
        for (position, entry) in table.enumerated() {
            // 1 when position == index, else 0, without a branch on the index.
            let difference = UInt64(position) ^ index
            let isMatch = ((difference | (0 &- difference)) >> 63) ^ 1
            var candidate = entry
            conditionalSwap(&chosen, &candidate, swap: isMatch)
        }
        return chosen
    }

    /// [a]B + [b]self for PUBLIC scalars only (signature verification): one doubling per
    /// bit and an addition only where a bit of either scalar is set (Straus–Shamir), so
    /// its time depends on the scalars.
    func publicDoubleMultiply(baseScalar a: [UInt8], scalar b: [UInt8]) -> EdwardsPoint {
        precondition(a.count == Scalar25519.byteCount && b.count == Scalar25519.byteCount, "scalars are 32 bytes")
        let base = EdwardsPoint.base
        let both = base + self
        var result = EdwardsPoint.identity
        var started = false
        for bitIndex in stride(from: a.count * 8 - 1, through: 0, by: -1) {
            if started { result = result.doubled() }
            let bitA = (a[bitIndex / 8] >> UInt8(bitIndex % 8)) & 1
            let bitB = (b[bitIndex / 8] >> UInt8(bitIndex % 8)) & 1
            switch (bitA, bitB) {
            case (1, 1): result = result + both; started = true
            case (1, 0): result = result + base; started = true
            case (0, 1): result = result + self; started = true
            default: break
            }
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
