import CaseCore
import CaseReplication
/// One message on a peer connection: its type number, the protocol version
/// it was written in, and its encoded body.
///
/// The frame layer does not interpret `type` or `version`: the message layer
/// above maps types to messages and negotiates versions.
public struct Frame: Equatable, Sendable {
    /// The message type number. Numbers are part of the protocol: they are only
    /// ever appended, never reused or renumbered.
    public var type: UInt16
    /// The protocol version the sender wrote this frame in.
    public var version: UInt16
    /// The encoded message body.
    public var payload: [UInt8]

    /// A frame to send, or one just decoded.
    public init(type: UInt16, version: UInt16, payload: [UInt8]) {
        self.type = type
        self.version = version
        self.payload = payload
    }
}
