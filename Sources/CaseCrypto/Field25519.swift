/// An element of the prime field of integers modulo p = 2^255 − 19, the field under both
/// X25519 (RFC 7748) and Ed25519 (RFC 8032).
///
/// Five 51-bit limbs (limb i weighs 2^(51i)) held in 64 bits, so sums may run a few bits
/// over between reductions and products fit in 128 bits. Values are kept only loosely
/// reduced (each limb below about 2^52); `encoded()` gives the canonical form. Arithmetic,
/// encoding and `conditionalSwap` neither branch nor index on the value, so the X25519
/// ladder stays constant-time; `isZero` and `power` are for public values and exponents.
struct Field25519: Sendable {
    var l0, l1, l2, l3, l4: UInt64

    /// Bits in one limb.
    static let limbBits: UInt64 = 51
    /// The low `limbBits` bits of a word.
    static let limbMask: UInt64 = (1 << 51) - 1
    /// Bytes in the canonical encoding (RFC 7748 §5, RFC 8032 §5.1.2).
    static let byteCount = 32
    /// 2^255 ≡ 19 (mod p): what a carry out of the top limb folds back to.
    static let foldFactor: UInt64 = 19

    static let zero = Field25519(l0: 0, l1: 0, l2: 0, l3: 0, l4: 0)
    static let one = Field25519(small: 1)

    init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64, l4: UInt64) {
        (self.l0, self.l1, self.l2, self.l3, self.l4) = (l0, l1, l2, l3, l4)
    }

    /// A small non-negative constant.
    init(small value: UInt64) {
        precondition(value <= Self.limbMask, "Field25519(small:) takes values below 2^51")
        self.init(l0: value, l1: 0, l2: 0, l3: 0, l4: 0)
    }

    /// Decodes 32 little-endian bytes, ignoring the top bit (bit 255), as RFC 7748 §5 asks
    /// of u-coordinates. Values from p to 2^255 − 1 are accepted and reduced; callers that
    /// must reject them (RFC 8032 §5.1.3) compare `encoded()` with the input.
    init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "Field25519 encodings are 32 bytes")
        var words = [UInt64](repeating: 0, count: 4)
        for index in 0 ..< Self.byteCount { words[index / 8] |= UInt64(bytes[index]) << UInt64(8 * (index % 8)) }
        words[3] &= (1 << 63) - 1
        let mask = Self.limbMask
        self.init(
            l0: words[0] & mask,
            l1: ((words[0] >> 51) | (words[1] << 13)) & mask,
            l2: ((words[1] >> 38) | (words[2] << 26)) & mask,
            l3: ((words[2] >> 25) | (words[3] << 39)) & mask,
            l4: (words[3] >> 12) & mask)
    }

    /// The canonical encoding: the value fully reduced below p, 32 bytes little-endian.
    func encoded() -> [UInt8] {
        let value = fullyReduced()
        let words = [
            value.l0 | (value.l1 << 51),
            (value.l1 >> 13) | (value.l2 << 38),
            (value.l2 >> 26) | (value.l3 << 25),
            (value.l3 >> 39) | (value.l4 << 12),
        ]
        return (0 ..< Self.byteCount).map { UInt8(truncatingIfNeeded: words[$0 / 8] >> UInt64(8 * ($0 % 8))) }
    }

    /// Whether the canonical value is zero (public data only: this compares bytes).
    var isZero: Bool { encoded().allSatisfy { $0 == 0 } }

    /// The low bit of the canonical value: the "sign" of x in RFC 8032 §5.1.2.
    var isNegative: Bool { encoded()[0] & 1 == 1 }

    static func + (a: Field25519, b: Field25519) -> Field25519 {
        Field25519(l0: a.l0 + b.l0, l1: a.l1 + b.l1, l2: a.l2 + b.l2, l3: a.l3 + b.l3, l4: a.l4 + b.l4).carried()
    }

    /// a − b computed as a + 4p − b, so no limb goes below zero for loosely reduced b.
    static func - (a: Field25519, b: Field25519) -> Field25519 {
        let fourPLow: UInt64 = 4 * ((1 << 51) - 19)  // limb 0 of 4p
        let fourPHigh: UInt64 = 4 * ((1 << 51) - 1)  // limbs 1–4 of 4p
        return Field25519(
            l0: a.l0 + fourPLow - b.l0, l1: a.l1 + fourPHigh - b.l1, l2: a.l2 + fourPHigh - b.l2,
            l3: a.l3 + fourPHigh - b.l3, l4: a.l4 + fourPHigh - b.l4
        ).carried()
    }

    static prefix func - (a: Field25519) -> Field25519 { .zero - a }

    /// Schoolbook product: a limb product landing at weight 2^(255 + 51k) folds back
    /// to weight 2^(51k) times 19. Limbs below 2^52 keep each column below 2^113.
    static func * (a: Field25519, b: Field25519) -> Field25519 {
        func m(_ x: UInt64, _ y: UInt64) -> UInt128 { UInt128(x) * UInt128(y) }
        let (b1f, b2f, b3f, b4f) = (b.l1 * 19, b.l2 * 19, b.l3 * 19, b.l4 * 19)
        let c0 = m(a.l0, b.l0) + m(a.l1, b4f) + m(a.l2, b3f) + m(a.l3, b2f) + m(a.l4, b1f)
        let c1 = m(a.l0, b.l1) + m(a.l1, b.l0) + m(a.l2, b4f) + m(a.l3, b3f) + m(a.l4, b2f)
        let c2 = m(a.l0, b.l2) + m(a.l1, b.l1) + m(a.l2, b.l0) + m(a.l3, b4f) + m(a.l4, b3f)
        let c3 = m(a.l0, b.l3) + m(a.l1, b.l2) + m(a.l2, b.l1) + m(a.l3, b.l0) + m(a.l4, b4f)
        let c4 = m(a.l0, b.l4) + m(a.l1, b.l3) + m(a.l2, b.l2) + m(a.l3, b.l1) + m(a.l4, b.l0)
        return carriedColumns(c0, c1, c2, c3, c4)
    }

    func squared() -> Field25519 { self * self }

    /// self^(p − 2) = self^−1 by Fermat's little theorem (and 0 for 0).
    func inverted() -> Field25519 { power(Self.pMinus2) }

    /// self^exponent by square-and-multiply over the exponent's bits, high to low. The
    /// exponents used are public constants, so branching on their bits leaks nothing.
    func power(_ exponent: [UInt64]) -> Field25519 {
        var result = Field25519.one
        for wordIndex in stride(from: exponent.count - 1, through: 0, by: -1) {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.squared()
                if (exponent[wordIndex] >> UInt64(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    /// p − 2 = 2^255 − 21, as little-endian 64-bit words: the inversion exponent.
    static let pMinus2: [UInt64] = [0xFFFF_FFFF_FFFF_FFEB, .max, .max, 0x7FFF_FFFF_FFFF_FFFF]

    /// Swaps `a` and `b` when `swap` is 1 and leaves them when it is 0, with a mask
    /// instead of a branch so the choice leaves no trace in timing.
    static func conditionalSwap(_ a: inout Field25519, _ b: inout Field25519, swap: UInt64) {
        let mask = 0 &- swap
        var t = mask & (a.l0 ^ b.l0); a.l0 ^= t; b.l0 ^= t
        t = mask & (a.l1 ^ b.l1); a.l1 ^= t; b.l1 ^= t
        t = mask & (a.l2 ^ b.l2); a.l2 ^= t; b.l2 ^= t
        t = mask & (a.l3 ^ b.l3); a.l3 ^= t; b.l3 ^= t
        t = mask & (a.l4 ^ b.l4); a.l4 ^= t; b.l4 ^= t
    }

    /// One carry pass over 128-bit columns, then one over the 64-bit result, leaving
    /// every limb below 2^51 + 2^13·19.
    private static func carriedColumns(
        _ c0: UInt128, _ c1: UInt128, _ c2: UInt128, _ c3: UInt128, _ c4: UInt128
    ) -> Field25519 {
        let mask = UInt128(limbMask)
        let d1 = c1 + (c0 >> 51), d2 = c2 + (d1 >> 51), d3 = c3 + (d2 >> 51), d4 = c4 + (d3 >> 51)
        let top = UInt64(d4 >> 51)  // below 2^64 since every column is below 2^115
        return Field25519(
            l0: UInt64(c0 & mask) + top * foldFactor, l1: UInt64(d1 & mask), l2: UInt64(d2 & mask),
            l3: UInt64(d3 & mask), l4: UInt64(d4 & mask)
        ).carried()
    }

    /// One carry pass from limb 0 to limb 4, folding the carry out of limb 4 back into
    /// limb 0 times 19.
    private func carried() -> Field25519 {
        var v = self
        v.l1 += v.l0 >> 51; v.l0 &= Self.limbMask
        v.l2 += v.l1 >> 51; v.l1 &= Self.limbMask
        v.l3 += v.l2 >> 51; v.l2 &= Self.limbMask
        v.l4 += v.l3 >> 51; v.l3 &= Self.limbMask
        v.l0 += (v.l4 >> 51) * Self.foldFactor; v.l4 &= Self.limbMask
        return v
    }

    /// The value modulo p with every limb below 2^51. Two carry passes leave it below
    /// 2^255; it is at least p exactly when adding 19 reaches 2^255, and then that sum
    /// less 2^255 is the answer. The choice is made with a mask, not a branch.
    private func fullyReduced() -> Field25519 {
        let value = carried().carried()
        var candidate = value
        candidate.l0 += Self.foldFactor
        candidate.l1 += candidate.l0 >> 51; candidate.l0 &= Self.limbMask
        candidate.l2 += candidate.l1 >> 51; candidate.l1 &= Self.limbMask
        candidate.l3 += candidate.l2 >> 51; candidate.l2 &= Self.limbMask
        candidate.l4 += candidate.l3 >> 51; candidate.l3 &= Self.limbMask
        let reachesP = candidate.l4 >> 51  // 1 when value ≥ p, else 0
        candidate.l4 &= Self.limbMask
        var result = value
        Self.conditionalSwap(&result, &candidate, swap: reachesP)
        return result
    }
}
