/// Arithmetic modulo L = 2^252 + 27742317777372353535851937790883648493, the order of
/// Ed25519's base point (RFC 8032 §5.1): the ring its signature scalars live in.
///
/// Simple and exact: numbers are little-endian 64-bit words, and
/// reduction walks the bits from the top, doubling a remainder below L and taking L off
/// with a mask (not a branch) whenever it reaches L.
enum Scalar25519 {
    /// Bytes in an encoded scalar (RFC 8032 §5.1.2: 32 bytes, little-endian).
    static let byteCount = 32
    /// Bits in a word.
    private static let wordBits = 64
    /// L as little-endian 64-bit words.
    static let order: [UInt64] = [0x5812_631A_5CF5_D3ED, 0x14DE_F9DE_A2F7_9CD6, 0, 0x1000_0000_0000_0000]

    /// The little-endian number in `bytes` (any length that is a multiple of 8) mod L,
    /// as 32 bytes: how a 64-byte SHA-512 digest becomes a scalar.
    static func reduce(_ bytes: [UInt8]) -> [UInt8] {
        encode(reduce(words: words(bytes)))
    }

    /// (a · b + c) mod L for 32-byte little-endian a, b and c: the S = r + k·s of §5.1.6.
    static func multiplyAdd(_ a: [UInt8], _ b: [UInt8], _ c: [UInt8]) -> [UInt8] {
        let (x, y) = (words(a), words(b))
        // Room for a 512-bit product plus c, and a word for any last carry.
        var wide = words(c) + [UInt64](repeating: 0, count: 5)
        for i in 0 ..< x.count {
            var carry: UInt64 = 0
            for j in 0 ..< y.count {
                let (high, low) = x[i].multipliedFullWidth(by: y[j])
                let (sum1, overflow1) = wide[i + j].addingReportingOverflow(low)
                let (sum2, overflow2) = sum1.addingReportingOverflow(carry)
                wide[i + j] = sum2
                carry = high + (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)  // high ≤ 2^64 − 2: no overflow
            }
            // Carry through every higher word, not just until the carry dies out, so the
            // work does not depend on the (secret) operands.
            for k in i + y.count ..< wide.count {
                let (sum, overflow) = wide[k].addingReportingOverflow(carry)
                wide[k] = sum
                carry = overflow ? 1 : 0
            }
        }
        return encode(reduce(words: wide))
    }

    /// Whether 32 bytes encode a number below L: §5.1.7 rejects S ≥ L, which would make
    /// signatures malleable.
    static func isCanonical(_ bytes: [UInt8]) -> Bool {
        precondition(bytes.count == byteCount, "scalars are 32 bytes")
        let value = words(bytes)
        for index in stride(from: order.count - 1, through: 0, by: -1) where value[index] != order[index] {
            return value[index] < order[index]
        }
        return false  // equal to L
    }

    private static func reduce(words value: [UInt64]) -> [UInt64] {
        var remainder = Remainder()
        for bitIndex in stride(from: value.count * wordBits - 1, through: 0, by: -1) {
            remainder.shiftIn((value[bitIndex / wordBits] >> UInt64(bitIndex % wordBits)) & 1)
            remainder.subtractOrderIfReached()
        }
        return [remainder.w0, remainder.w1, remainder.w2, remainder.w3]
    }

    /// A number below 2L in four words held inline: reduction steps it 512 times per
    /// signature, and arrays there (one allocated per step) were half of a signature's cost.
    private struct Remainder {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

        /// remainder · 2 + bit; remainder < L < 2^253, so the result fits in four words.
        mutating func shiftIn(_ bit: UInt64) {
            w3 = (w3 << 1) | (w2 >> 63)
            w2 = (w2 << 1) | (w1 >> 63)
            w1 = (w1 << 1) | (w0 >> 63)
            w0 = (w0 << 1) | bit
        }

        /// remainder − L when remainder ≥ L, chosen with a mask rather than a branch.
        mutating func subtractOrderIfReached() {
            var borrow: UInt64 = 0
            let d0 = Self.subtract(w0, order0, &borrow)
            let d1 = Self.subtract(w1, order1, &borrow)
            let d2 = Self.subtract(w2, order2, &borrow)
            let d3 = Self.subtract(w3, order3, &borrow)
            let keep = 0 &- borrow  // all ones when remainder < L
            w0 = (w0 & keep) | (d0 & ~keep)
            w1 = (w1 & keep) | (d1 & ~keep)
            w2 = (w2 & keep) | (d2 & ~keep)
            w3 = (w3 & keep) | (d3 & ~keep)
        }

        private static func subtract(_ a: UInt64, _ b: UInt64, _ borrow: inout UInt64) -> UInt64 {
            let (partial, overflow1) = a.subtractingReportingOverflow(b)
            let (result, overflow2) = partial.subtractingReportingOverflow(borrow)
            borrow = (overflow1 ? 1 : 0) | (overflow2 ? 1 : 0)
            return result
        }

        // L's words (`Scalar25519.order`) as constants: no array is touched in the loop.
        private let order0: UInt64 = 0x5812_631A_5CF5_D3ED
        private let order1: UInt64 = 0x14DE_F9DE_A2F7_9CD6
        private let order2: UInt64 = 0
        private let order3: UInt64 = 0x1000_0000_0000_0000
    }

    private static func words(_ bytes: [UInt8]) -> [UInt64] {
        precondition(bytes.count % 8 == 0, "scalar inputs are whole 64-bit words")
        var result = [UInt64](repeating: 0, count: bytes.count / 8)
        for index in 0 ..< bytes.count { result[index / 8] |= UInt64(bytes[index]) << UInt64(8 * (index % 8)) }
        return result
    }

    private static func encode(_ words: [UInt64]) -> [UInt8] {
        (0 ..< byteCount).map { UInt8(truncatingIfNeeded: words[$0 / 8] >> UInt64(8 * ($0 % 8))) }
    }
}
