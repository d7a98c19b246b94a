import CaseCore
import CaseReplication
import CaseSupport
/// Turns frames into bytes to send: header, then payload.
public enum FrameEncoder {
    /// The frame's bytes on the wire.
    public static func encode(_ frame: Frame) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(FrameHeader.byteCount + frame.payload.count)
        encode(frame, into: &bytes)
        return bytes
    }

    /// Appends the frame's bytes to `bytes`, so several frames can go out in one write.
    ///
    /// A payload above the receiver's limit (`WireLimits.maxFramePayloadBytes`
    /// by default) is encoded but refused on the other side: the message layer
    /// must size its batches to fit.
    public static func encode(_ frame: Frame, into bytes: inout [UInt8]) {
        precondition(frame.payload.count <= Int(UInt32.max),
                     "a frame payload must fit a UInt32 length, got \(frame.payload.count) bytes")
        let header = FrameHeader(
            version: frame.version,
            type: frame.type,
            payloadLength: UInt32(frame.payload.count),
            payloadChecksum: CRC32C.checksum(frame.payload))
        var writer = WireWriter(reservingCapacity: FrameHeader.byteCount)
        header.encode(to: &writer)
        bytes.append(contentsOf: writer.buffer)
        bytes.append(contentsOf: frame.payload)
    }
}
