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

    /// Seals each plaintext (`SealedFrame.plaintext(of:)`) in order and
    /// writes them in one go within `timeoutMs`; returns the bytes written
    /// and how many plaintexts were dropped instead, because their kind needs a
    /// newer session (`PeerProtocol.minimumVersion(of:)`: the peer may be a
    /// build that cannot read it, and would close the connection).
    mutating func write(_ plaintexts: [[UInt8]], timeoutMs: Int) throws(PeerConnectionError) -> (written: Int, dropped: Int) {
        var bytes: [UInt8] = []
        var dropped = 0
        for plaintext in plaintexts {
            guard carries(plaintext) else {
                dropped += 1
                continue
            }
            // Queued messages are written at the current version; an older peer gets its own.
            bytes.append(contentsOf: sealer.seal(plaintext: PeerMessageCodec.plaintext(plaintext, for: version)))
        }
        if !bytes.isEmpty { try stream.write(bytes, timeoutMs: timeoutMs) }
        return (bytes.count, dropped)
    }

    /// Whether this session carries the message whose plaintext starts with its kind.
    private func carries(_ plaintext: [UInt8]) -> Bool {
        guard plaintext.count >= 2, let kind = PeerMessage.Kind(rawValue: UInt16(plaintext[0]) << 8 | UInt16(plaintext[1])) else {
            return true
        }
        return version >= PeerProtocol.minimumVersion(of: kind)
    }
}
