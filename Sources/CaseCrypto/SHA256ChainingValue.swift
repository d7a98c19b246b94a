/// The eight working words H0…H7 of SHA-256 (FIPS 180-4 §6.2).
struct SHA256ChainingValue: Sendable {
    var h0, h1, h2, h3, h4, h5, h6, h7: UInt32

    /// FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the
    /// square roots of the first eight primes.
    static let initial = SHA256ChainingValue(
        h0: 0x6a09_e667, h1: 0xbb67_ae85, h2: 0x3c6e_f372, h3: 0xa54f_f53a,
        h4: 0x510e_527f, h5: 0x9b05_688c, h6: 0x1f83_d9ab, h7: 0x5be0_cd19
    )

    /// The words as the 32-byte big-endian digest (FIPS 180-4 §6.2.2 step 4).
    func bigEndianBytes() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: SHA256.digestByteCount) { buffer, initializedCount in
            store(bigEndianInto: UnsafeMutableRawBufferPointer(buffer))
            initializedCount = SHA256.digestByteCount
        }
    }

    /// Writes the digest's 32 bytes at the start of `raw` (at least 32 bytes), allocating nothing.
    @inline(__always)
    func store(bigEndianInto raw: UnsafeMutableRawBufferPointer) {
        raw.storeBytes(of: h0.bigEndian, toByteOffset: 0, as: UInt32.self)
        raw.storeBytes(of: h1.bigEndian, toByteOffset: 4, as: UInt32.self)
        raw.storeBytes(of: h2.bigEndian, toByteOffset: 8, as: UInt32.self)
        raw.storeBytes(of: h3.bigEndian, toByteOffset: 12, as: UInt32.self)
        raw.storeBytes(of: h4.bigEndian, toByteOffset: 16, as: UInt32.self)
        raw.storeBytes(of: h5.bigEndian, toByteOffset: 20, as: UInt32.self)
        raw.storeBytes(of: h6.bigEndian, toByteOffset: 24, as: UInt32.self)
        raw.storeBytes(of: h7.bigEndian, toByteOffset: 28, as: UInt32.self)
    }

    /// Word-wise XOR, as PBKDF2 accumulates its chain.
    static func ^= (left: inout SHA256ChainingValue, right: SHA256ChainingValue) {
        left.h0 ^= right.h0
        left.h1 ^= right.h1
        left.h2 ^= right.h2
        left.h3 ^= right.h3
        left.h4 ^= right.h4
        left.h5 ^= right.h5
        left.h6 ^= right.h6
        left.h7 ^= right.h7
    }
}

// In an extension, so the memberwise initialiser stays.
extension SHA256ChainingValue {
    /// The words of a 32-byte big-endian digest (the inverse of `bigEndianBytes`).
    init(bigEndianBytes bytes: [UInt8]) {
        precondition(bytes.count == SHA256.digestByteCount, "a SHA-256 digest is 32 bytes")
        func word(_ index: Int) -> UInt32 {
            bytes[index * 4 ..< index * 4 + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        self.init(h0: word(0), h1: word(1), h2: word(2), h3: word(3), h4: word(4), h5: word(5), h6: word(6), h7: word(7))
    }
}
