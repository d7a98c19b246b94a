import CaseCore
import CaseReplication
import CaseSupport
import CaseCrypto
/// The layout of a sealed frame: every message after the handshake travels
/// as one, so neither its kind nor its contents can be read or changed on
/// the wire.
///
///     header     magic "CSP1", version u16, type u16 = 12, length u32, CRC-32C u32
///     payload    ChaCha20-Poly1305 ciphertext of (message kind u16, message payload),
///                then the 16-byte tag
///
/// The additional authenticated data is the header's first 12 bytes (magic,
/// version, type, length), so none of them can be altered either; the CRC
/// covers the ciphertext and stays a cheap check against line noise.
///
/// The nonce is never sent: both ends count the frames of their direction
/// from 0, and frame n is sealed with nonce (4 zero bytes, n as 64-bit
/// big-endian). A replayed, reordered, dropped or inserted frame is opened
/// with another nonce than it was sealed with, and fails authentication.
public enum SealedFrame {
    /// Bytes a sealed frame's payload adds to the message payload: its kind and the tag.
    public static let overheadByteCount = 2 + ChaCha20Poly1305.tagByteCount
    /// Header bytes covered as additional data: all but the CRC, which is
    /// computed over the sealed payload and so cannot be part of its own input.
    static let authenticatedHeaderByteCount = FrameHeader.byteCount - 4

    /// What is sealed for `frame`: its type, then its payload.
    public static func plaintext(of frame: Frame) -> [UInt8] {
        var writer = WireWriter(reservingCapacity: 2 + frame.payload.count)
        writer.u16(frame.type)
        writer.fixedBytes(frame.payload)
        return writer.buffer
    }

    /// The header bytes a sealed frame of `payloadLength` bytes authenticates.
    static func additionalData(version: UInt16, payloadLength: Int) -> [UInt8] {
        precondition(payloadLength <= Int(UInt32.max), "a sealed payload must fit a UInt32 length")
        var writer = WireWriter(reservingCapacity: authenticatedHeaderByteCount)
        writer.fixedBytes(FrameHeader.magic)
        writer.u16(version)
        writer.u16(PeerFrameType.sealed)
        writer.u32(UInt32(payloadLength))
        return writer.buffer
    }

    /// The nonce of the `counter`th frame of a direction.
    static func nonce(counter: UInt64) -> [UInt8] {
        var writer = WireWriter(reservingCapacity: ChaCha20Poly1305.nonceByteCount)
        writer.u32(0)
        writer.u64(counter)
        return writer.buffer
    }
}
