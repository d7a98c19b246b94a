import CaseCore

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
        }
    }
}
