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
        let words = [h0, h1, h2, h3, h4, h5, h6, h7]
        return [UInt8](unsafeUninitializedCapacity: SHA256.digestByteCount) { buffer, initializedCount in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, word) in words.enumerated() {
                raw.storeBytes(of: word.bigEndian, toByteOffset: index * 4, as: UInt32.self)
            }
            initializedCount = SHA256.digestByteCount
        }
    }
}
