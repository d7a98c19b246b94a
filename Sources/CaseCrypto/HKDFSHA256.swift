/// HKDF with HMAC-SHA256 (RFC 5869): turns shared secret material into
/// independent session keys, one per purpose (`info`).
public enum HKDFSHA256 {
    /// RFC 5869 §2.3: the one-byte block counter allows 255 blocks of 32
    /// bytes.
    public static let maxOutputByteCount = 255 * SHA256.digestByteCount

    /// HKDF-Extract (RFC 5869 §2.2): a 32-byte pseudorandom key from
    /// `inputKeyMaterial`. An empty salt means 32 zero bytes, as the RFC
    /// specifies for a salt that is not provided.
    public static func extract(salt: [UInt8], inputKeyMaterial: [UInt8]) -> [UInt8] {
        let key = salt.isEmpty ? [UInt8](repeating: 0, count: SHA256.digestByteCount) : salt
        return HMACSHA256.authenticationCode(key: key, message: inputKeyMaterial)
    }

    /// HKDF-Expand (RFC 5869 §2.3): `outputByteCount` bytes of key material
    /// bound to `info`. Traps when `pseudoRandomKey` is shorter than 32 bytes
    /// or `outputByteCount` is outside 1…`maxOutputByteCount`: both are
    /// mistakes in the calling code, never in received data.
    public static func expand(pseudoRandomKey: [UInt8], info: [UInt8], outputByteCount: Int) -> [UInt8] {
        precondition(
            pseudoRandomKey.count >= SHA256.digestByteCount,
            "HKDF-Expand needs a pseudorandom key of at least 32 bytes; got \(pseudoRandomKey.count)"
        )
        precondition(
            (1 ... maxOutputByteCount).contains(outputByteCount),
            "HKDF-Expand gives 1…\(maxOutputByteCount) bytes; \(outputByteCount) were asked for"
        )
        let keyedMAC = HMACSHA256(key: pseudoRandomKey)
        var output: [UInt8] = []
        output.reserveCapacity(outputByteCount)
        var previousBlock: [UInt8] = []
        var blockCounter: UInt8 = 0
        while output.count < outputByteCount {
            // T(i) = HMAC(PRK, T(i-1) | info | i); the precondition keeps i ≤ 255.
            blockCounter += 1
            var mac = keyedMAC
            mac.update(previousBlock)
            mac.update(info)
            mac.update([blockCounter])
            previousBlock = mac.finalize()
            output.append(contentsOf: previousBlock.prefix(outputByteCount - output.count))
        }
        return output
    }

    /// Extract then expand: `outputByteCount` bytes derived from
    /// `inputKeyMaterial`, `salt` and `info`.
    public static func deriveKey(
        inputKeyMaterial: [UInt8],
        salt: [UInt8],
        info: [UInt8],
        outputByteCount: Int
    ) -> [UInt8] {
        let pseudoRandomKey = extract(salt: salt, inputKeyMaterial: inputKeyMaterial)
        return expand(pseudoRandomKey: pseudoRandomKey, info: info, outputByteCount: outputByteCount)
    }
}
