import CaseCore
/// Frame type numbers the peer transport uses itself, beside the message
/// kinds of `PeerMessage.Kind` (1–10, 13 and 14), in the same append-only
/// numbering: no message kind may ever take these numbers.
public enum PeerFrameType {
    /// The opener's handshake proof (payload: the 32-byte HMAC), the last
    /// frame of the handshake and the only one of this type on a connection.
    public static let handshakeProof: UInt16 = 11
    /// A message sealed with ChaCha20-Poly1305 under the connection's session
    /// key (`SealedFrame`); every frame after the handshake is one.
    public static let sealed: UInt16 = 12
}
