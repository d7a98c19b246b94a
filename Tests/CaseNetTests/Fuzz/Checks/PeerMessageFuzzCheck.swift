import CaseReplication
import CaseWire

/// Fuzz target "peer-message": `PeerMessageCodec` on payloads the fuzzer
/// writes directly, without having to forge a frame checksum first.
/// Input layout: byte 0 is the frame type, byte 1 the frame version, the rest
/// is the payload.
///
/// Promises checked beyond "never traps, only throws `WireDecodingError`":
/// - a decoded message has the frame's kind, and a version this build speaks
///   unless it is a handshake message;
/// - the transport's own frame types (11 handshake proof, 12 sealed) never
///   decode as a message;
/// - one value has one encoding: re-encoding gives back the payload byte for
///   byte (the codec refuses non-minimal varints, unsorted vectors and
///   non-canonical JSON, so anything else is a hole in those checks);
/// - encoding then decoding gives the same message.
enum PeerMessageFuzzCheck {
    static let target = "peer-message"

    /// Runs every promise on `input`; returns the message if it decoded.
    @discardableResult
    static func check(_ input: [UInt8]) throws(FuzzInvariantViolation) -> PeerMessage? {
        guard input.count >= 2 else { return nil }
        return try checkMessage(type: UInt16(input[0]), version: UInt16(input[1]), payload: Array(input.dropFirst(2)))
    }

    /// The promises for one frame's contents; shared with the "frame" target.
    @discardableResult
    static func checkMessage(type: UInt16, version: UInt16, payload: [UInt8]) throws(FuzzInvariantViolation) -> PeerMessage? {
        let message: PeerMessage
        do {
            message = try PeerMessageCodec.decode(type: type, version: version, payload: payload)
        } catch {
            try FuzzInvariantViolation.require(
                !error.description.isEmpty, target, "a decoding error without a description")
            return nil
        }
        try FuzzInvariantViolation.require(
            message.kind.rawValue == type, target, "a type-\(type) frame decoded to \(message.kind)")
        try FuzzInvariantViolation.require(
            type != PeerFrameType.handshakeProof && type != PeerFrameType.sealed, target,
            "a frame of the transport's own type \(type) decoded as \(message.kind)")
        try FuzzInvariantViolation.require(
            message.kind.isHandshake || PeerProtocol.supportedVersions.contains(version), target,
            "a \(message.kind) frame of unsupported version \(version) was decoded")
        let reencoded = PeerMessageCodec.encodePayload(message, version: version)
        try FuzzInvariantViolation.require(
            reencoded == payload, target,
            "\(message.kind) re-encodes to \(reencoded.count) bytes that differ from its \(payload.count)-byte payload")
        let frame = PeerMessageCodec.encode(message)
        let again: PeerMessage
        do {
            again = try PeerMessageCodec.decode(frame)
        } catch {
            throw FuzzInvariantViolation(target: target, message: "\(message.kind) does not decode after encoding: \(error)")
        }
        try FuzzInvariantViolation.require(again == message, target, "\(message.kind) changed in an encode-decode round trip")
        return message
    }
}
