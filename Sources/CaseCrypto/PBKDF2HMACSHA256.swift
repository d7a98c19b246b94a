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
        var u = mac.finalize()
        var result = u
        for _ in 1..<iterations {
            var next = keyed
            next.update(u)
            u = next.finalize()
            for byte in 0..<result.count { result[byte] ^= u[byte] }
        }
        return result
    }
}
