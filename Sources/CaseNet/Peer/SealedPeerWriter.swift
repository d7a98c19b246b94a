import CaseReplication
import CaseWire

/// The opener's side of an authenticated connection: seals every message
/// under the session's opener-to-acceptor key, numbering frames from 0, and
/// writes them. Owned by the destination's writer thread.
struct SealedPeerWriter {
    let stream: PeerFrameStream
    private var sealer: FrameSealer
    /// The session's protocol version: a message of a kind it cannot carry is dropped.
    private let version: UInt16

    init(stream: PeerFrameStream, session: PeerHandshake.Session) {
        self.stream = stream
        version = session.version
        sealer = FrameSealer(key: session.keys.sendingKey(for: .opener), version: session.version)
    }

    var connection: TCPConnection { stream.connection }

    /// Seals each frame's plaintext (`SealedFrame.plaintext(of:)`) in order, or its
    /// fallback where this session cannot carry the plaintext, and writes them in one go
    /// within `timeoutMs`; returns the bytes written and how many frames were dropped
    /// instead, because their kind needs a newer session and they have no fallback it
    /// carries (`PeerProtocol.minimumVersion(of:)`: the peer may be a build that cannot
    /// read it, and would close the connection).
    mutating func write(_ frames: [OutboundFrame], timeoutMs: Int) throws(PeerConnectionError) -> (written: Int, dropped: Int) {
        var bytes: [UInt8] = []
        var dropped = 0
        for frame in frames {
            guard let plaintext = carried(frame) else {
                dropped += 1
                continue
            }
            // Queued messages are written at the current version; an older peer gets its own.
            bytes.append(contentsOf: sealer.seal(plaintext: PeerMessageCodec.plaintext(plaintext, for: version)))
        }
        if !bytes.isEmpty { try stream.write(bytes, timeoutMs: timeoutMs) }
        return (bytes.count, dropped)
    }

    /// The form of `frame` this session carries, if any: its plaintext, else its fallback.
    func carried(_ frame: OutboundFrame) -> [UInt8]? {
        if carries(frame.plaintext) { return frame.plaintext }
        guard let fallback = frame.fallback, carries(fallback) else { return nil }
        return fallback
    }

    /// Whether this session carries the message whose plaintext starts with its kind.
    private func carries(_ plaintext: [UInt8]) -> Bool {
        guard plaintext.count >= 2, let kind = PeerMessage.Kind(rawValue: UInt16(plaintext[0]) << 8 | UInt16(plaintext[1])) else {
            return true
        }
        return version >= PeerProtocol.minimumVersion(of: kind)
    }
}
