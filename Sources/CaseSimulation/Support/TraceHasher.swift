/// A running FNV-1a 64-bit hash of everything that happened in a run (each
/// delivered message, each acknowledged event, each fault): two runs with the
/// same trace hash did the same things in the same order.
///
/// FNV-1a because it is a few lines, needs no allocation and is plenty to
/// tell two traces apart; this is not a cryptographic use.
public struct TraceHasher: Sendable {
    private static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The hash of everything mixed in so far.
    public private(set) var value: UInt64 = Self.offsetBasis

    /// The hash of nothing.
    public init() {}

    /// Mixes in a number (its eight bytes, little end first).
    public mutating func mix(_ number: Int64) {
        mix(UInt64(bitPattern: number))
    }

    /// Mixes in a number (its eight bytes, little end first).
    public mutating func mix(_ number: UInt64) {
        var rest = number
        for _ in 0..<8 {
            mixByte(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    /// Mixes in a text (its UTF-8 bytes and a terminator).
    public mutating func mix(_ text: String) {
        for byte in text.utf8 { mixByte(byte) }
        mixByte(0)  // a terminator, so that "ab" + "c" and "a" + "bc" differ
    }

    private mutating func mixByte(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }
}
