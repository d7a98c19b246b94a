import CaseCore
import CaseReplication
import CaseSupport
/// The fixed 16 bytes in front of every frame's payload, all big-endian:
///
///     offset 0  magic            4 bytes  "CSP1" (0x43 0x53 0x50 0x31)
///     offset 4  version          UInt16   protocol version of the payload
///     offset 6  type             UInt16   message type number
///     offset 8  payloadLength    UInt32   bytes of payload that follow
///     offset 12 payloadChecksum  UInt32   CRC-32C of the payload
///
/// The magic lets a receiver refuse a peer that speaks something else (an
/// HTTP client, an older incompatible build) on its first bytes; the length
/// comes before the payload so it can be checked before anything is
/// buffered. The checksum covers the payload only: the header's own fields
/// are each validated (magic, length limit) and a wrong type or version is
/// refused by the message layer.
public struct FrameHeader: Equatable, Sendable, WireEncodable {
    /// "CSP1": casestore peer protocol, framing revision 1.
    public static let magic: [UInt8] = [0x43, 0x53, 0x50, 0x31]
    /// Size of an encoded header.
    public static let byteCount = 16

    /// Protocol version the payload is written in.
    public var version: UInt16
    /// Message type number (append-only list owned by the message layer).
    public var type: UInt16
    /// Bytes of payload after the header.
    public var payloadLength: UInt32
    /// CRC-32C of the payload.
    public var payloadChecksum: UInt32

    /// A header with the given fields; `FrameEncoder` fills length and checksum from the payload.
    public init(version: UInt16, type: UInt16, payloadLength: UInt32, payloadChecksum: UInt32) {
        self.version = version
        self.type = type
        self.payloadLength = payloadLength
        self.payloadChecksum = payloadChecksum
    }

    /// Parses a complete header: checks the magic, nothing else.
    public init(parsing header: ArraySlice<UInt8>) throws(FrameError) {
        precondition(header.count == Self.byteCount, "a frame header is \(Self.byteCount) bytes, got \(header.count)")
        try Self.checkMagic(prefix: header)
        var reader = WireReader(header.dropFirst(Self.magic.count))
        do {
            version = try reader.readU16()
            type = try reader.readU16()
            payloadLength = try reader.readU32()
            payloadChecksum = try reader.readU32()
        } catch {
            preconditionFailure("12 bytes always hold the header fields: \(error)")
        }
    }

    /// Throws `.badMagic` if `prefix` (the first bytes of a frame, however few
    /// have arrived) disagrees with the magic; lets a receiver refuse a
    /// stranger on its very first byte.
    public static func checkMagic(prefix: some Collection<UInt8>) throws(FrameError) {
        let available = prefix.prefix(magic.count)
        guard available.elementsEqual(magic.prefix(available.count)) else {
            throw .badMagic(found: Array(available))
        }
    }

    /// Writes the 16 header bytes.
    public func encode(to writer: inout WireWriter) {
        writer.fixedBytes(Self.magic)
        writer.u16(version)
        writer.u16(type)
        writer.u32(payloadLength)
        writer.u32(payloadChecksum)
    }
}
