import CaseWire

/// The opener's side of an authenticated connection: seals every message
/// under the session's opener-to-acceptor key, numbering frames from 0, and
/// writes them. Owned by the destination's writer thread.
struct SealedPeerWriter {
    let stream: PeerFrameStream
    private var sealer: FrameSealer
    private let version: UInt16

    init(stream: PeerFrameStream, session: PeerHandshake.Session) {
        self.stream = stream
        version = session.version
        sealer = FrameSealer(key: session.keys.sendingKey(for: .opener), version: session.version)
    }

    var connection: TCPConnection { stream.connection }

    /// Seals each plaintext (`SealedFrame.plaintext(of:)`) in order and
    /// writes them in one go within `timeoutMs`; returns the bytes written.
    mutating func write(_ plaintexts: [[UInt8]], timeoutMs: Int) throws(PeerConnectionError) -> Int {
        var bytes: [UInt8] = []
        for plaintext in plaintexts {
            // Queued messages are written at the current version; an older peer gets its own.
            bytes.append(contentsOf: sealer.seal(plaintext: PeerMessageCodec.plaintext(plaintext, for: version)))
        }
        try stream.write(bytes, timeoutMs: timeoutMs)
        return bytes.count
    }
}
