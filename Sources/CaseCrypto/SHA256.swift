/// SHA-256 (FIPS 180-4), streaming.
///
/// Two nodes prove their replicas agree by comparing SHA-256 digests of
/// every dossier's state, so this runs over all stored data: blocks are
/// compressed straight from the caller's memory and nothing is allocated per
/// byte or per block.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(header)
/// hasher.update(body)
/// let digest = hasher.finalize()   // 32 bytes
/// ```
///
/// A hasher is spent once finalised: updating or finalising it again traps,
/// because a digest of "everything so far plus more" is never what a caller
/// means. Copy the value before finalising to fork a running hash.
public struct SHA256: Sendable {
    /// Bytes in a digest.
    public static let digestByteCount = 32
    /// Bytes in one compression block.
    public static let blockByteCount = 64
    /// FIPS 180-4 §5.1.1 limits a message to 2^64 − 1 bits; counting bytes,
    /// 2^61 − 1 is the most whose bit length still fits the 64-bit length
    /// field of the padding.
    public static let maxMessageByteCount: UInt64 = (1 << 61) - 1

    private var chaining = SHA256ChainingValue.initial
    /// Bytes of the current, incomplete block, in the first `pendingByteCount`
    /// bytes; a tuple so the hasher owns no heap storage.
    private var pending: SHA256BlockBytes = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingByteCount = 0
    private var messageByteCount: UInt64 = 0
    private var isFinalized = false

    /// A hasher that has seen no bytes yet.
    public init() {}

    /// The chaining value after the whole blocks fed so far, for code that continues the hash
    /// block by block itself (HMAC's keyed states in PBKDF2). Traps with a block part-filled.
    var chainingValueAtBlockBoundary: SHA256ChainingValue {
        precondition(pendingByteCount == 0 && !isFinalized, "SHA256: not at a block boundary")
        return chaining
    }

    /// Feeds `bytes` into the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!isFinalized, "SHA256.update after finalize(); start a new SHA256")
        precondition(
            UInt64(bytes.count) <= Self.maxMessageByteCount - messageByteCount,
            "SHA256: a message may hold at most \(Self.maxMessageByteCount) bytes"
        )
        messageByteCount += UInt64(bytes.count)
        var offset = fillPending(from: bytes)
        let wholeBlockBytes = (bytes.count - offset) / Self.blockByteCount * Self.blockByteCount
        if wholeBlockBytes > 0 {
            let blocks = UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + wholeBlockBytes])
            SHA256Compression.compress(blocks, into: &chaining)
            offset += wholeBlockBytes
        }
        if offset < bytes.count {
            _ = fillPending(from: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
    }

    /// Feeds `bytes` into the hash.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds `bytes` into the hash; contiguous collections (arrays, slices,
    /// native strings' `utf8`) are read in place, others 64 bytes at a time.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let readInPlace: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        guard readInPlace == nil else { return }
        var chunk: SHA256BlockBytes = (0, 0, 0, 0, 0, 0, 0, 0)
        var chunkByteCount = 0
        for byte in bytes {
            withUnsafeMutableBytes(of: &chunk) { $0[chunkByteCount] = byte }
            chunkByteCount += 1
            if chunkByteCount == Self.blockByteCount {
                withUnsafeBytes(of: chunk) { update($0) }
                chunkByteCount = 0
            }
        }
        withUnsafeBytes(of: chunk) { update(UnsafeRawBufferPointer(rebasing: $0[..<chunkByteCount])) }
    }

    /// Pads the message (FIPS 180-4 §5.1.1) and returns its 32-byte digest.
    /// The hasher is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        precondition(!isFinalized, "SHA256.finalize called twice; start a new SHA256")
        isFinalized = true
        // The tail is the pending bytes, a single 1 bit, zeros, and the
        // message length in bits as a 64-bit big-endian number; it spans a
        // second block when the length no longer fits after the 1 bit.
        let tailByteCount = pendingByteCount + 1 + 8 <= Self.blockByteCount ? 64 : 128
        var tail: (SHA256BlockBytes, SHA256BlockBytes) = (pending, (0, 0, 0, 0, 0, 0, 0, 0))
        withUnsafeMutableBytes(of: &tail) { tailBytes in
            tailBytes[pendingByteCount] = 0x80
            // The pending block still holds bytes of earlier blocks past
            // `pendingByteCount`; the padding must be zeros.
            tailBytes[(pendingByteCount + 1) ..< tailByteCount].initializeMemory(as: UInt8.self, repeating: 0)
            tailBytes.storeBytes(of: (messageByteCount * 8).bigEndian, toByteOffset: tailByteCount - 8, as: UInt64.self)
            SHA256Compression.compress(UnsafeRawBufferPointer(rebasing: tailBytes[..<tailByteCount]), into: &chaining)
        }
        return chaining.bigEndianBytes()
    }

    /// The SHA-256 digest (32 bytes) of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// `digest` (or any bytes) as lowercase hexadecimal, the usual spelling
    /// of a digest in logs and replies.
    public static func hex(_ digest: [UInt8]) -> String {
        Hex.encode(digest)
    }

    /// Appends the first bytes of `bytes` to the pending block, compressing
    /// it when it fills; returns how many bytes were taken.
    private mutating func fillPending(from bytes: UnsafeRawBufferPointer) -> Int {
        // With no block started, input of a block or more is compressed in
        // place by the caller instead of being copied here first.
        guard pendingByteCount > 0 || bytes.count < Self.blockByteCount else { return 0 }
        let takenByteCount = min(Self.blockByteCount - pendingByteCount, bytes.count)
        let start = pendingByteCount
        withUnsafeMutableBytes(of: &pending) { pendingBytes in
            let destination = UnsafeMutableRawBufferPointer(rebasing: pendingBytes[start ..< start + takenByteCount])
            destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<takenByteCount]))
        }
        pendingByteCount += takenByteCount
        if pendingByteCount == Self.blockByteCount {
            withUnsafeBytes(of: pending) { SHA256Compression.compress($0, into: &chaining) }
            pendingByteCount = 0
        }
        return takenByteCount
    }
}

/// 64 bytes held inline: the storage of one SHA-256 block.
typealias SHA256BlockBytes = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
