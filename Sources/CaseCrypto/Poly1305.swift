/// The Poly1305 one-time authenticator of RFC 8439 §2.5, streaming.
///
/// A key must authenticate ONE message only; `ChaCha20Poly1305` derives a
/// fresh one per nonce. Arithmetic modulo 2^130 − 5 runs on five 26-bit
/// limbs in 64-bit words, so products never overflow and no step branches on
/// secret data.
public struct Poly1305: Sendable {
    /// Bytes in a key: r (clamped) then s.
    public static let keyByteCount = 32
    /// Bytes in a tag.
    public static let tagByteCount = 16
    /// Bytes of message per step of the polynomial.
    static let blockByteCount = 16

    private static let limbMask: UInt64 = (1 << 26) - 1

    /// r, clamped, in 26-bit limbs.
    private let r: Poly1305Limbs
    /// 5·r1 … 5·r4: 2^130 ≡ 5 (mod p), so limb products that land at or
    /// above 2^130 fold back multiplied by 5.
    private let r1Times5, r2Times5, r3Times5, r4Times5: UInt64
    /// s, the key half added at the end, as two little-endian 64-bit words.
    private let sLow, sHigh: UInt64
    /// The accumulator, kept below about 2^131 between blocks.
    private var accumulator = Poly1305Limbs(l0: 0, l1: 0, l2: 0, l3: 0, l4: 0)
    /// Bytes of the current, incomplete 16-byte block.
    private var pending: (UInt64, UInt64) = (0, 0)
    private var pendingByteCount = 0
    private var isFinalized = false

    /// An authenticator keyed with a 32-byte one-time `key`; any other
    /// length traps (a mistake in the calling code).
    public init(key: [UInt8]) {
        precondition(key.count == Self.keyByteCount, "Poly1305 needs a \(Self.keyByteCount)-byte key; got \(key.count) bytes")
        let (rLow, rHigh, sLow, sHigh) = key.withUnsafeBytes { bytes in
            (
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            )
        }
        // §2.5.1 clamping: r &= 0x0ffffffc0ffffffc0ffffffc0fffffff.
        r = Poly1305Limbs(low: rLow & 0x0fff_fffc_0fff_ffff, high: rHigh & 0x0fff_fffc_0fff_fffc, topBit: 0)
        r1Times5 = r.l1 * 5
        r2Times5 = r.l2 * 5
        r3Times5 = r.l3 * 5
        r4Times5 = r.l4 * 5
        self.sLow = sLow
        self.sHigh = sHigh
    }

    /// Feeds message bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!isFinalized, "Poly1305.update after finalize(); a Poly1305 key authenticates one message")
        var offset = 0
        if pendingByteCount > 0 {
            offset = fillPending(from: bytes)
        }
        while bytes.count - offset >= Self.blockByteCount {
            absorb(UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + Self.blockByteCount]), topBit: 1 << 24)
            offset += Self.blockByteCount
        }
        if offset < bytes.count {
            offset += fillPending(from: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
    }

    /// Feeds message bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 16-byte tag of everything fed so far (§2.5.1). The authenticator
    /// is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        precondition(!isFinalized, "Poly1305.finalize called twice")
        isFinalized = true
        if pendingByteCount > 0 {
            // A short last block gets its 0x01 byte right after the message
            // and no 2^128 bit.
            var lastBlock = pending
            let count = pendingByteCount
            withUnsafeMutableBytes(of: &lastBlock) { $0[count] = 1 }
            withUnsafeBytes(of: lastBlock) { absorb($0, topBit: 0) }
        }
        let reduced = accumulator.fullyReduced()
        let (low, high) = reduced.low128Bits()
        let (tagLow, carry) = low.addingReportingOverflow(sLow)
        let tagHigh = high &+ sHigh &+ (carry ? 1 : 0)
        return [UInt8](unsafeUninitializedCapacity: Self.tagByteCount) { buffer, initializedCount in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.storeBytes(of: tagLow.littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: tagHigh.littleEndian, toByteOffset: 8, as: UInt64.self)
            initializedCount = Self.tagByteCount
        }
    }

    /// The 16-byte Poly1305 tag of `message` under the one-time `key`.
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var authenticator = Poly1305(key: key)
        authenticator.update(message)
        return authenticator.finalize()
    }

    /// Copies leading bytes of `bytes` into the pending block, absorbing it
    /// when full; returns how many bytes were taken.
    private mutating func fillPending(from bytes: UnsafeRawBufferPointer) -> Int {
        let takenByteCount = min(Self.blockByteCount - pendingByteCount, bytes.count)
        let start = pendingByteCount
        withUnsafeMutableBytes(of: &pending) { pendingBytes in
            UnsafeMutableRawBufferPointer(rebasing: pendingBytes[start ..< start + takenByteCount])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<takenByteCount]))
        }
        pendingByteCount += takenByteCount
        if pendingByteCount == Self.blockByteCount {
            let block = pending
            withUnsafeBytes(of: block) { absorb($0, topBit: 1 << 24) }
            pendingByteCount = 0
            pending = (0, 0)
        }
        return takenByteCount
    }

    /// accumulator = (accumulator + block) · r mod p, partially reduced.
    /// `topBit` is 2^128 expressed in limb 4 (1 << 24) for a full block, 0
    /// for a padded last block.
    private mutating func absorb(_ block: UnsafeRawBufferPointer, topBit: UInt64) {
        let low = UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        let high = UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let message = Poly1305Limbs(low: low, high: high, topBit: topBit)
        let h0 = accumulator.l0 + message.l0
        let h1 = accumulator.l1 + message.l1
        let h2 = accumulator.l2 + message.l2
        let h3 = accumulator.l3 + message.l3
        let h4 = accumulator.l4 + message.l4
        // Limbs are below 2^27 and r limbs (times 5) below 2^29, so each
        // sum of five products stays below 2^59. The arithmetic is Swift's
        // checked kind on purpose: the overflow branches are never taken (no
        // timing signal), and a flaw in this bound would trap instead of
        // yielding a wrong tag.
        let d0 = h0 * r.l0 + h1 * r4Times5 + h2 * r3Times5 + h3 * r2Times5 + h4 * r1Times5
        var d1 = h0 * r.l1 + h1 * r.l0 + h2 * r4Times5 + h3 * r3Times5 + h4 * r2Times5
        var d2 = h0 * r.l2 + h1 * r.l1 + h2 * r.l0 + h3 * r4Times5 + h4 * r3Times5
        var d3 = h0 * r.l3 + h1 * r.l2 + h2 * r.l1 + h3 * r.l0 + h4 * r4Times5
        var d4 = h0 * r.l4 + h1 * r.l3 + h2 * r.l2 + h3 * r.l1 + h4 * r.l0
        // Carry each limb into the next; the carry out of limb 4 (weight
        // 2^130) re-enters limb 0 times 5.
        d1 += d0 >> 26
        d2 += d1 >> 26
        d3 += d2 >> 26
        d4 += d3 >> 26
        var l0 = (d0 & Self.limbMask) + (d4 >> 26) * 5
        let l1 = (d1 & Self.limbMask) + (l0 >> 26)
        l0 &= Self.limbMask
        accumulator = Poly1305Limbs(l0: l0, l1: l1, l2: d2 & Self.limbMask, l3: d3 & Self.limbMask, l4: d4 & Self.limbMask)
    }
}
