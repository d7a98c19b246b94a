import CaseCore
import CaseReplication
/// Why a frame after the handshake was refused. Each closes the connection
/// and nothing of the frame is applied; the text is what the node logs.
public enum SealedFrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A frame of another type than sealed after the handshake: a plaintext
    /// message, which a member never sends once the session is up.
    case notSealed(type: UInt16)
    /// A sealed frame of another protocol version than the one agreed.
    case wrongVersion(UInt16, agreed: UInt16)
    /// Too short to hold a message kind and a tag.
    case tooShort(byteCount: Int, minimum: Int)
    /// The tag does not match: the frame was altered, replayed, reordered,
    /// cut, or comes after a dropped frame, or was sealed under another key.
    case authenticationFailed(frameNumber: UInt64)
    /// 2^64 − 1 frames on one connection; never happens in practice.
    case counterExhausted

    public var description: String {
        switch self {
        case .notSealed(let type):
            "a frame of type \(type) after the handshake: every frame must be sealed (type \(PeerFrameType.sealed))"
        case .wrongVersion(let version, let agreed):
            "a sealed frame of version \(version) on a connection that agreed on version \(agreed)"
        case .tooShort(let count, let minimum):
            "a sealed frame of \(count) bytes: at least \(minimum) are needed for the message kind and the tag"
        case .authenticationFailed(let number):
            "sealed frame \(number) does not authenticate: it was altered, replayed, reordered or cut, or a frame before it was lost"
        case .counterExhausted:
            "the connection's frame counter is exhausted"
        }
    }
}
