/// PBKDF2 with HMAC-SHA256 (RFC 8018 §5.2): a key derived from a password and a salt by
/// `iterations` chained HMACs, so that each guess at the password costs as much.
///
/// The lookup PIN's hash is made with it: a 6-digit PIN cannot be made strong, only each
/// offline guess slow (docs/lookup.md says how slow, and what that does not protect).
public enum PBKDF2HMACSHA256 {
    /// The `dkLen` of one block; longer keys are made of several blocks.
    public static let blockByteCount = SHA256.digestByteCount

    /// `byteCount` bytes derived from `password` and `salt`. Traps on `iterations` < 1 or
    /// `byteCount` outside 1…(2^32 − 1) × 32 (RFC 8018 §5.2 step 1): both are the calling
    /// code's mistakes, never received data, which the caller bounds first.
    public static func deriveKey(password: [UInt8], salt: [UInt8], iterations: Int, byteCount: Int) -> [UInt8] {
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        precondition(byteCount >= 1 && byteCount <= Int(UInt32.max) * blockByteCount, "PBKDF2 output length out of range")
        // Keyed once: every HMAC of the chain starts from a copy of this state.
        let keyed = HMACSHA256(key: password)
        var output: [UInt8] = []
        output.reserveCapacity(byteCount)
        var blockIndex: UInt32 = 1
        while output.count < byteCount {
            let block = self.block(blockIndex, keyed: keyed, salt: salt, iterations: iterations)
            output.append(contentsOf: block.prefix(byteCount - output.count))
            blockIndex += 1
        }
        return output
    }

    /// F(P, S, c, i) = U1 ^ U2 ^ … ^ Uc, with U1 = PRF(P, S || INT(i)) and Uj = PRF(P, Uj-1).
    private static func block(_ index: UInt32, keyed: HMACSHA256, salt: [UInt8], iterations: Int) -> [UInt8] {
        var mac = keyed
        mac.update(salt)
        mac.update([UInt8(index >> 24), UInt8(truncatingIfNeeded: index >> 16), UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index)])
        var u = SHA256ChainingValue(bigEndianBytes: mac.finalize())
        var result = u
        guard iterations > 1 else { return result.bigEndianBytes() }
        // Every later U is the HMAC of a 32-byte message, so its inner and its outer hash are one
        // block each after the keyed states: the 32 bytes, the 0x80 that ends them, zeros, and the
        // length in bits of pad block and message, 768. Compressed here straight from one buffer
        // on the stack, the chain allocates nothing, where the general HMAC made four arrays an
        // iteration; it is the whole cost of a lookup PIN's hash.
        let (innerStart, outerStart) = keyed.keyedChainingValues
        var messageBlock: SHA256BlockBytes = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &messageBlock) { block in
            block.storeBytes(of: UInt32(0x8000_0000).bigEndian, toByteOffset: SHA256.digestByteCount, as: UInt32.self)
            block.storeBytes(of: UInt64((SHA256.blockByteCount + SHA256.digestByteCount) * 8).bigEndian,
                             toByteOffset: SHA256.blockByteCount - 8, as: UInt64.self)
            for _ in 1..<iterations {
                u.store(bigEndianInto: block)
                var inner = innerStart
                SHA256Compression.compress(UnsafeRawBufferPointer(block), into: &inner)
                inner.store(bigEndianInto: block)
                u = outerStart
                SHA256Compression.compress(UnsafeRawBufferPointer(block), into: &u)
                result ^= u
            }
        }
        return result.bigEndianBytes()
    }
}
