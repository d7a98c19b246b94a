/// A number below about 2^131 as five 26-bit limbs (limb i weighs 2^(26i)),
/// each held in 64 bits so limbs may run a little over 26 bits between
/// reductions.
struct Poly1305Limbs: Sendable {
    var l0, l1, l2, l3, l4: UInt64

    private static let mask: UInt64 = (1 << 26) - 1

    init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64, l4: UInt64) {
        (self.l0, self.l1, self.l2, self.l3, self.l4) = (l0, l1, l2, l3, l4)
    }

    /// The 128-bit number `high`·2^64 + `low`, plus `topBit` in limb 4.
    init(low: UInt64, high: UInt64, topBit: UInt64) {
        l0 = low & Self.mask
        l1 = (low >> 26) & Self.mask
        l2 = ((low >> 52) | (high << 12)) & Self.mask
        l3 = (high >> 14) & Self.mask
        l4 = (high >> 40) | topBit
    }

    /// This number modulo p = 2^130 − 5, in canonical 26-bit limbs.
    func fullyReduced() -> Poly1305Limbs {
        // Two carry passes leave every limb within 26 bits and the value
        // below 2^130: after the first, only limb 0 can exceed 26 bits, by a
        // multiple of 5 from the fold; the second pass can fold again only
        // if the whole value wrapped past 2^130, leaving it tiny.
        var value = self
        value.carryOnce()
        value.carryOnce()
        // value < 2^130, so value mod p is value − p exactly when
        // value + 5 reaches 2^130. Compute that candidate and pick one
        // with a mask rather than a branch.
        var candidate = value
        candidate.l0 += 5
        candidate.l1 += candidate.l0 >> 26
        candidate.l0 &= Self.mask
        candidate.l2 += candidate.l1 >> 26
        candidate.l1 &= Self.mask
        candidate.l3 += candidate.l2 >> 26
        candidate.l2 &= Self.mask
        candidate.l4 += candidate.l3 >> 26
        candidate.l3 &= Self.mask
        let reachesP = candidate.l4 >> 26 // 1 when value + 5 ≥ 2^130, else 0
        candidate.l4 &= Self.mask
        let takeCandidate = 0 &- reachesP // all ones or all zeros
        return Poly1305Limbs(
            l0: (candidate.l0 & takeCandidate) | (value.l0 & ~takeCandidate),
            l1: (candidate.l1 & takeCandidate) | (value.l1 & ~takeCandidate),
            l2: (candidate.l2 & takeCandidate) | (value.l2 & ~takeCandidate),
            l3: (candidate.l3 & takeCandidate) | (value.l3 & ~takeCandidate),
            l4: (candidate.l4 & takeCandidate) | (value.l4 & ~takeCandidate)
        )
    }

    /// The low 128 bits of a canonical (26-bit limbs) number, as two
    /// little-endian-order 64-bit words.
    func low128Bits() -> (low: UInt64, high: UInt64) {
        let low = l0 | (l1 << 26) | (l2 << 52)
        let high = (l2 >> 12) | (l3 << 14) | (l4 << 40)
        return (low, high)
    }

    /// One carry pass from limb 0 to limb 4, folding the carry out of limb 4
    /// back into limb 0 times 5.
    private mutating func carryOnce() {
        l1 += l0 >> 26
        l0 &= Self.mask
        l2 += l1 >> 26
        l1 &= Self.mask
        l3 += l2 >> 26
        l2 &= Self.mask
        l4 += l3 >> 26
        l3 &= Self.mask
        l0 += (l4 >> 26) * 5
        l4 &= Self.mask
    }
}
