/// AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8): encrypts and authenticates peer
/// protocol frames.
///
/// Every (key, nonce) pair must seal at most one message; the peer protocol
/// guarantees that with per-direction session keys and counter nonces.
public enum ChaCha20Poly1305 {
    /// Bytes in a key.
    public static let keyByteCount = ChaCha20.keyByteCount
    /// Bytes in a nonce.
    public static let nonceByteCount = ChaCha20.nonceByteCount
    /// Bytes in a tag.
    public static let tagByteCount = Poly1305.tagByteCount
    /// RFC 8439 §2.8: the 32-bit block counter starts at 1 for the
    /// plaintext, so 2^32 − 1 blocks of 64 bytes can be encrypted.
    public static let maxPlaintextByteCount = ((1 << 32) - 1) * ChaCha20.blockByteCount

    /// Encrypts `plaintext` and authenticates it together with
    /// `additionalData` (sent in the clear, e.g. a frame header).
    ///
    /// Traps when the key or nonce has the wrong length or the plaintext is
    /// longer than `maxPlaintextByteCount`: mistakes in the calling code.
    public static func seal(
        key: [UInt8],
        nonce: [UInt8],
        plaintext: [UInt8],
        additionalData: [UInt8] = []
    ) -> (ciphertext: [UInt8], tag: [UInt8]) {
        precondition(
            plaintext.count <= maxPlaintextByteCount,
            "ChaCha20-Poly1305 seals at most \(maxPlaintextByteCount) bytes; got \(plaintext.count)"
        )
        let ciphertext = ChaCha20.xorKeystream(key: key, nonce: nonce, initialCounter: 1, bytes: plaintext)
        let tag = authenticationTag(key: key, nonce: nonce, ciphertext: ciphertext, additionalData: additionalData)
        return (ciphertext, tag)
    }

    /// Checks `tag` over `ciphertext` and `additionalData` in constant time
    /// and only then decrypts. Throws `AuthenticationFailure`, and decrypts
    /// nothing, when anything was altered (a tag of the wrong length
    /// included). Traps when the key or nonce has the wrong length.
    public static func open(
        key: [UInt8],
        nonce: [UInt8],
        ciphertext: [UInt8],
        tag: [UInt8],
        additionalData: [UInt8] = []
    ) throws(AuthenticationFailure) -> [UInt8] {
        precondition(key.count == keyByteCount, "ChaCha20-Poly1305 needs a \(keyByteCount)-byte key; got \(key.count) bytes")
        precondition(nonce.count == nonceByteCount, "ChaCha20-Poly1305 needs a \(nonceByteCount)-byte nonce; got \(nonce.count) bytes")
        // Longer than anything `seal` can produce: it cannot be authentic.
        guard ciphertext.count <= maxPlaintextByteCount else { throw AuthenticationFailure() }
        let expectedTag = authenticationTag(key: key, nonce: nonce, ciphertext: ciphertext, additionalData: additionalData)
        guard ConstantTime.equals(expectedTag, tag) else { throw AuthenticationFailure() }
        return ChaCha20.xorKeystream(key: key, nonce: nonce, initialCounter: 1, bytes: ciphertext)
    }

    /// The Poly1305 tag of §2.8: keyed with the first 32 bytes of keystream
    /// block 0 (§2.6), over additionalData, zero padding to 16 bytes,
    /// ciphertext, zero padding, then both lengths as 64-bit little-endian
    /// numbers.
    private static func authenticationTag(key: [UInt8], nonce: [UInt8], ciphertext: [UInt8], additionalData: [UInt8]) -> [UInt8] {
        let oneTimeKey = Array(ChaCha20.keystreamBlock(key: key, nonce: nonce, counter: 0).prefix(Poly1305.keyByteCount))
        var authenticator = Poly1305(key: oneTimeKey)
        authenticator.update(additionalData)
        authenticator.update(zeroPadding(after: additionalData.count))
        authenticator.update(ciphertext)
        authenticator.update(zeroPadding(after: ciphertext.count))
        let lengths = (UInt64(additionalData.count).littleEndian, UInt64(ciphertext.count).littleEndian)
        withUnsafeBytes(of: lengths) { authenticator.update($0) }
        return authenticator.finalize()
    }

    /// Zeros that bring `byteCount` up to a multiple of 16.
    private static func zeroPadding(after byteCount: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: (16 - byteCount % 16) % 16)
    }
}
