/// Arithmetic modulo L = 2^252 + 27742317777372353535851937790883648493, the order of
/// Ed25519's base point (RFC 8032 §5.1): the ring its signature scalars live in.
///
/// Simple and exact rather than fast: numbers are little-endian 64-bit words, and
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
        var remainder = [UInt64](repeating: 0, count: order.count)
        for bitIndex in stride(from: value.count * wordBits - 1, through: 0, by: -1) {
            let bit = (value[bitIndex / wordBits] >> UInt64(bitIndex % wordBits)) & 1
            // remainder < L < 2^253, so doubling it fits in four words.
            for index in stride(from: remainder.count - 1, through: 1, by: -1) {
                remainder[index] = (remainder[index] << 1) | (remainder[index - 1] >> 63)
            }
            remainder[0] = (remainder[0] << 1) | bit
            remainder = subtractingOrderIfReached(remainder)
        }
        return remainder
    }

    /// value − L when value ≥ L, else value; value is below 2L.
    private static func subtractingOrderIfReached(_ value: [UInt64]) -> [UInt64] {
        var difference = value
        var borrow: UInt64 = 0
        for index in 0 ..< order.count {
            let (partial, overflow1) = value[index].subtractingReportingOverflow(order[index])
            let (result, overflow2) = partial.subtractingReportingOverflow(borrow)
            difference[index] = result
            borrow = (overflow1 ? 1 : 0) | (overflow2 ? 1 : 0)
        }
        let keepValue = 0 &- borrow  // all ones when value < L
        return (0 ..< order.count).map { (value[$0] & keepValue) | (difference[$0] & ~keepValue) }
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
