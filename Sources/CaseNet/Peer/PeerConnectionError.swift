import CaseSupport
import CaseWire

/// Why one peer connection ended early. Each ends that connection only; the
/// text is what the transport logs, e.g. "frame payload checksum mismatch: …".
enum PeerConnectionError: Error, CustomStringConvertible {
    /// The byte stream is not valid framing (bad magic, oversized, corrupt).
    case frame(FrameError)
    /// A frame arrived whole but its message could not be decoded.
    case message(kind: UInt16, WireDecodingError)
    /// A system call on the socket failed (reset, refused, timed out writing).
    case system(SystemError)
    /// Connecting failed (name resolution or the connect itself).
    case connect(String)
    /// The peer closed the connection in the middle of a frame.
    case truncated(bufferedBytes: Int)
    /// No frame began within the idle limit.
    case idle(ms: Int)
    /// A frame began but did not finish within its time limit.
    case timedOut(ms: Int, bufferedBytes: Int)
    /// The peer broke the protocol's order (a handshake message after the
    /// handshake, data before the answer to its hello, a wrong version).
    case protocolViolation(String)
    /// The peer refused this node's hello, or answered as another node.
    case refused(String)
    /// The handshake was not complete within its allowance.
    case handshakeTimedOut(ms: Int)
    /// The peer did not prove it holds the cluster key it named.
    case authentication(String)
    /// A frame after the handshake was not a sealed frame that opens under
    /// the session key (tampered, replayed, reordered, cut, or plaintext).
    case sealed(SealedFrameError)

    var description: String {
        switch self {
        case .frame(let error): "\(error)"
        case .message(let kind, let error): "cannot decode a message of type \(kind): \(error)"
        case .system(let error): "\(error)"
        case .connect(let reason): reason
        case .truncated(let bytes): "the peer closed the connection in the middle of a frame (\(bytes) bytes of it received)"
        case .idle(let ms): "no frame arrived within \(ms) ms"
        case .timedOut(let ms, let bytes): "a frame was not complete within \(ms) ms (\(bytes) bytes of it received)"
        case .protocolViolation(let what): "protocol violation: \(what)"
        case .refused(let reason): "refused: \(reason)"
        case .handshakeTimedOut(let ms): "the handshake was not complete within \(ms) ms"
        case .authentication(let reason): "authentication failed: \(reason)"
        case .sealed(let error): "\(error)"
        }
    }
}
