/// The ChaCha20 stream cipher of RFC 8439 §2.3–2.4: 256-bit key, 96-bit
/// nonce, 32-bit block counter.
///
/// On its own it only hides data; peers use it through `ChaCha20Poly1305`,
/// which also authenticates. A (key, nonce) pair must never encrypt two
/// different messages.
public enum ChaCha20 {
    /// Bytes in a key.
    public static let keyByteCount = 32
    /// Bytes in a nonce.
    public static let nonceByteCount = 12
    /// Bytes of keystream per block counter value.
    public static let blockByteCount = 64

    /// `bytes` XORed with the keystream that starts at block
    /// `initialCounter`: encrypts plaintext and decrypts ciphertext alike.
    ///
    /// Traps when the key or nonce has the wrong length, or when the message
    /// would need the 32-bit block counter to wrap (RFC 8439 §2.4 forbids
    /// reusing keystream); both are mistakes in the calling code.
    public static func xorKeystream(key: [UInt8], nonce: [UInt8], initialCounter: UInt32, bytes: [UInt8]) -> [UInt8] {
        precondition(key.count == keyByteCount, "ChaCha20 needs a \(keyByteCount)-byte key; got \(key.count) bytes")
        precondition(nonce.count == nonceByteCount, "ChaCha20 needs a \(nonceByteCount)-byte nonce; got \(nonce.count) bytes")
        let blockCount = (bytes.count + blockByteCount - 1) / blockByteCount
        precondition(
            UInt64(blockCount) <= (1 << 32) - UInt64(initialCounter),
            "ChaCha20: \(bytes.count) bytes from block \(initialCounter) would wrap the 32-bit block counter"
        )
        guard !bytes.isEmpty else { return [] }
        return withInputState(key: key, nonce: nonce, counter: initialCounter) { input, keystream in
            [UInt8](unsafeUninitializedCapacity: bytes.count) { output, initializedCount in
                bytes.withUnsafeBytes { source in
                    xor(UnsafeRawBufferPointer(source), into: UnsafeMutableRawBufferPointer(output), input: input, keystream: keystream)
                }
                initializedCount = bytes.count
            }
        }
    }

    /// One 64-byte keystream block (the serialised output of the block
    /// function, RFC 8439 §2.3). The AEAD takes its one-time Poly1305 key
    /// from block 0 (§2.6).
    static func keystreamBlock(key: [UInt8], nonce: [UInt8], counter: UInt32) -> [UInt8] {
        xorKeystream(key: key, nonce: nonce, initialCounter: counter, bytes: [UInt8](repeating: 0, count: blockByteCount))
    }

    /// XORs `source` with consecutive keystream blocks into `output` (same
    /// length), advancing the counter word of `input` after each block.
    private static func xor(
        _ source: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer,
        input: UnsafeMutablePointer<UInt32>,
        keystream: UnsafeMutablePointer<UInt32>
    ) {
        let keystreamBytes = UnsafeRawPointer(keystream)
        var offset = 0
        while offset < source.count {
            computeBlock(input: input, into: keystream)
            // The caller checked that no counter value is used twice; the
            // increment after the last block may wrap, unused.
            input[12] &+= 1
            let byteCount = min(blockByteCount, source.count - offset)
            if byteCount == blockByteCount {
                for word in stride(from: 0, to: blockByteCount, by: 8) {
                    let mixed = source.loadUnaligned(fromByteOffset: offset + word, as: UInt64.self)
                        ^ keystreamBytes.loadUnaligned(fromByteOffset: word, as: UInt64.self)
                    output.storeBytes(of: mixed, toByteOffset: offset + word, as: UInt64.self)
                }
            } else {
                for index in 0 ..< byteCount {
                    output[offset + index] = source[offset + index] ^ keystreamBytes.load(fromByteOffset: index, as: UInt8.self)
                }
            }
            offset += byteCount
        }
    }

    /// Runs `body` with the 16-word input state of RFC 8439 §2.3 and a
    /// 16-word scratch block, both on the stack.
    private static func withInputState<Result>(
        key: [UInt8],
        nonce: [UInt8],
        counter: UInt32,
        _ body: (UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 32) { words in
            let input = words.baseAddress!
            // "expand 32-byte k" as four little-endian words.
            input[0] = 0x6170_7865
            input[1] = 0x3320_646e
            input[2] = 0x7962_2d32
            input[3] = 0x6b20_6574
            key.withUnsafeBytes { keyBytes in
                for index in 0 ..< 8 {
                    input[4 + index] = UInt32(littleEndian: keyBytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                }
            }
            input[12] = counter
            nonce.withUnsafeBytes { nonceBytes in
                for index in 0 ..< 3 {
                    input[13 + index] = UInt32(littleEndian: nonceBytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                }
            }
            return body(input, input + 16)
        }
    }

    /// The block function (RFC 8439 §2.3): 20 rounds over a copy of `input`,
    /// the input added back, each word stored little-endian so the scratch
    /// memory reads as the serialised keystream.
    private static func computeBlock(input: UnsafeMutablePointer<UInt32>, into block: UnsafeMutablePointer<UInt32>) {
        block.update(from: input, count: 16)
        for _ in 0 ..< 10 {
            quarterRound(block, 0, 4, 8, 12)
            quarterRound(block, 1, 5, 9, 13)
            quarterRound(block, 2, 6, 10, 14)
            quarterRound(block, 3, 7, 11, 15)
            quarterRound(block, 0, 5, 10, 15)
            quarterRound(block, 1, 6, 11, 12)
            quarterRound(block, 2, 7, 8, 13)
            quarterRound(block, 3, 4, 9, 14)
        }
        for index in 0 ..< 16 {
            block[index] = (block[index] &+ input[index]).littleEndian
        }
    }

    /// The quarter round of RFC 8439 §2.1 on four words of `state`.
    @inline(__always)
    private static func quarterRound(_ state: UnsafeMutablePointer<UInt32>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        state[a] &+= state[b]
        state[d] = (state[d] ^ state[a]).rotatedLeft(by: 16)
        state[c] &+= state[d]
        state[b] = (state[b] ^ state[c]).rotatedLeft(by: 12)
        state[a] &+= state[b]
        state[d] = (state[d] ^ state[a]).rotatedLeft(by: 8)
        state[c] &+= state[d]
        state[b] = (state[b] ^ state[c]).rotatedLeft(by: 7)
    }
}
