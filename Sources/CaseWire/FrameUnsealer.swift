import CaseCore
import CaseReplication
import CaseCrypto
/// Opens the sealed frames of one direction of a peer connection, in the
/// order they were sealed (see `SealedFrame`). Owned by the one thread that
/// reads. After any error the connection must close: the stream can no
/// longer be trusted, and the counter would be out of step anyway.
public struct FrameUnsealer: Sendable {
    private let key: [UInt8]
    private let version: UInt16
    /// Frames opened so far: the nonce counter the next frame must have been sealed with.
    public private(set) var openedCount: UInt64 = 0

    /// An unsealer for frames of protocol `version` under the direction's session `key`.
    public init(key: [UInt8], version: UInt16) {
        precondition(key.count == ChaCha20Poly1305.keyByteCount, "a session key is \(ChaCha20Poly1305.keyByteCount) bytes")
        self.key = key
        self.version = version
    }

    /// The message frame sealed in `frame` (its type and payload, the
    /// connection's version), after checking the tag over the header and
    /// the ciphertext; nothing is returned from a frame that fails.
    public mutating func open(_ frame: Frame) throws(SealedFrameError) -> Frame {
        guard frame.type == PeerFrameType.sealed else { throw .notSealed(type: frame.type) }
        guard frame.version == version else { throw .wrongVersion(frame.version, agreed: version) }
        guard frame.payload.count >= SealedFrame.overheadByteCount else {
            throw .tooShort(byteCount: frame.payload.count, minimum: SealedFrame.overheadByteCount)
        }
        guard openedCount < .max else { throw .counterExhausted }
        let tagStart = frame.payload.count - ChaCha20Poly1305.tagByteCount
        let plaintext: [UInt8]
        do {
            plaintext = try ChaCha20Poly1305.open(
                key: key, nonce: SealedFrame.nonce(counter: openedCount),
                ciphertext: Array(frame.payload[..<tagStart]), tag: Array(frame.payload[tagStart...]),
                additionalData: SealedFrame.additionalData(version: frame.version, payloadLength: frame.payload.count))
        } catch {
            throw .authenticationFailed(frameNumber: openedCount)
        }
        openedCount += 1
        let type = UInt16(plaintext[0]) << 8 | UInt16(plaintext[1])
        return Frame(type: type, version: version, payload: Array(plaintext[2...]))
    }
}
