import CaseCore
import CaseReplication
/// Why a byte stream from a peer was refused by `FrameDecoder`.
///
/// Each of these ends the connection: a byte stream has no markers to
/// resynchronise on, so after one the decoder stays failed.
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stream does not start (or a frame does not start) with "CSP1":
    /// the peer speaks another protocol, or the stream is out of step.
    /// `found` is the first bytes where the magic should be (up to four).
    case badMagic(found: [UInt8])
    /// A header declares a payload larger than this decoder accepts; refused
    /// as soon as the header is complete, before any of the payload is buffered.
    case payloadTooLarge(declared: UInt32, max: Int)
    /// The payload's CRC-32C does not match the header: corrupted in transit.
    case checksumMismatch(declared: UInt32, computed: UInt32)
    /// The caller appended more bytes than the decoder may hold
    /// (`bufferLimitBytes`); read at most `freeCapacity` bytes before appending.
    case bufferLimitExceeded(buffered: Int, appending: Int, limit: Int)

    /// What was wrong and what is allowed, for logs and for closing the connection.
    public var description: String {
        switch self {
        case let .badMagic(found):
            "bad frame magic \(Self.hex(found)): expected \(Self.hex(FrameHeader.magic)) (\"CSP1\"); the peer does not speak this protocol"
        case let .payloadTooLarge(declared, max):
            "frame declares a \(declared)-byte payload: at most \(max) bytes are allowed"
        case let .checksumMismatch(declared, computed):
            "frame payload checksum mismatch: header says \(Self.hex32(declared)), payload has \(Self.hex32(computed))"
        case let .bufferLimitExceeded(buffered, appending, limit):
            "cannot append \(appending) bytes to \(buffered) buffered: the frame decoder holds at most \(limit)"
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }

    private static func hex32(_ value: UInt32) -> String {
        "0x" + String(value, radix: 16, uppercase: true)
    }
}
