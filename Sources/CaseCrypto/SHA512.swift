/// SHA-512 (FIPS 180-4), streaming: the hash Ed25519 (RFC 8032) is defined over, for
/// the node identities and signed events to come.
///
/// ```swift
/// var hasher = SHA512()
/// hasher.update(prefix)
/// hasher.update(message)
/// let digest = hasher.finalize()   // 64 bytes
/// ```
///
/// A hasher is spent once finalised: updating or finalising it again traps. Copy the
/// value before finalising to fork a running hash.
public struct SHA512: Sendable {
    /// Bytes in a digest.
    public static let digestByteCount = 64
    /// Bytes in one compression block.
    public static let blockByteCount = 128
    /// FIPS 180-4 allows 2^128 − 1 bits; counting bytes in a UInt64 with room for the
    /// bit length, 2^61 − 1 bytes is the bound here, far beyond any message we sign.
    public static let maxMessageByteCount: UInt64 = (1 << 61) - 1

    private var state = SHA512Compression.initialState
    /// The current, incomplete block (fewer than `blockByteCount` bytes).
    private var pending: [UInt8] = []
    private var messageByteCount: UInt64 = 0
    private var isFinalized = false

    /// A hasher that has seen no bytes yet.
    public init() {
        pending.reserveCapacity(Self.blockByteCount)
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA512()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Feeds `bytes` into the hash; contiguous collections are read in place.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let readInPlace: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        guard readInPlace == nil else { return }
        update(Array(bytes))
    }

    /// Feeds `bytes` into the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!isFinalized, "SHA512.update after finalize(); start a new SHA512")
        precondition(
            UInt64(bytes.count) <= Self.maxMessageByteCount - messageByteCount,
            "SHA512: a message may hold at most \(Self.maxMessageByteCount) bytes")
        messageByteCount += UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let taken = min(Self.blockByteCount - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0 ..< taken])
            offset = taken
            guard pending.count == Self.blockByteCount else { return }
            pending.withUnsafeBytes { SHA512Compression.compress($0, into: &state) }
            pending.removeAll(keepingCapacity: true)
        }
        let wholeBlockBytes = (bytes.count - offset) / Self.blockByteCount * Self.blockByteCount
        if wholeBlockBytes > 0 {
            SHA512Compression.compress(UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + wholeBlockBytes]), into: &state)
            offset += wholeBlockBytes
        }
        pending.append(contentsOf: bytes[offset...])
    }

    /// Pads the message (§5.1.2: a 1 bit, zeros, the 128-bit bit length) and returns the digest.
    public mutating func finalize() -> [UInt8] {
        precondition(!isFinalized, "SHA512.finalize called twice; start a new SHA512")
        isFinalized = true
        var tail = pending
        tail.append(0x80)
        let lengthBytes = 16
        while (tail.count + lengthBytes) % Self.blockByteCount != 0 { tail.append(0) }
        let bitLength = messageByteCount << 3
        tail.append(contentsOf: [UInt8](repeating: 0, count: 8))  // the high 64 bits: always zero here
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBytes { SHA512Compression.compress($0, into: &state) }
        var digest: [UInt8] = []
        digest.reserveCapacity(Self.digestByteCount)
        for word in state {
            for shift in stride(from: 56, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return digest
    }
}
