import CaseCore
import CaseReplication
import CaseCrypto
/// Seals the frames of one direction of a peer connection, numbering them
/// from 0 (see `SealedFrame`). Owned by the one thread that writes.
public struct FrameSealer: Sendable {
    private let key: [UInt8]
    private let version: UInt16
    /// Frames sealed so far: the next frame's nonce counter.
    public private(set) var sealedCount: UInt64 = 0

    /// A sealer for frames of protocol `version` under the direction's session `key`.
    public init(key: [UInt8], version: UInt16) {
        precondition(key.count == ChaCha20Poly1305.keyByteCount, "a session key is \(ChaCha20Poly1305.keyByteCount) bytes")
        self.key = key
        self.version = version
    }

    /// The wire bytes of `frame` sealed as the next frame of this direction.
    public mutating func seal(_ frame: Frame) -> [UInt8] {
        seal(plaintext: SealedFrame.plaintext(of: frame))
    }

    /// The wire bytes of a sealed frame carrying `plaintext`
    /// (`SealedFrame.plaintext(of:)`), as the next frame of this direction.
    /// Traps after 2^64 − 1 frames: reusing a nonce would break the cipher,
    /// and no connection lives that long.
    public mutating func seal(plaintext: [UInt8]) -> [UInt8] {
        precondition(sealedCount < .max, "a direction's frame counter is exhausted; the connection must be renewed")
        let payloadLength = plaintext.count + ChaCha20Poly1305.tagByteCount
        let additionalData = SealedFrame.additionalData(version: version, payloadLength: payloadLength)
        let sealed = ChaCha20Poly1305.seal(
            key: key, nonce: SealedFrame.nonce(counter: sealedCount), plaintext: plaintext, additionalData: additionalData)
        sealedCount += 1
        return FrameEncoder.encode(Frame(type: PeerFrameType.sealed, version: version, payload: sealed.ciphertext + sealed.tag))
    }
}
