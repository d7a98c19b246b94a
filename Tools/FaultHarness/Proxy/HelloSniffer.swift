import CaseNet
import CaseWire

/// Reads the first frame of a peer connection to learn who is calling.
///
/// Every casenode peer connection opens with a hello carrying the sender's
/// node id, and after it every byte flows from the opener to the acceptor
/// (replies travel on the acceptor's own outbound connection). So the proxy
/// in front of a receiver can tell each directed link apart by that hello.
enum HelloSniffer {
    /// A hello is a few dozen bytes; 64 KiB leaves room for any future fields
    /// while a stranger cannot make the proxy buffer without bound.
    static let maxHelloPayloadBytes = 64 * 1024

    /// The sender's node id (nil if the first frame is not a hello) and every
    /// byte read so far, to be forwarded unchanged. Nil overall when the
    /// connection closed or sent nothing within `timeoutMs`.
    static func sniff(_ connection: TCPConnection, timeoutMs: Int) -> (sender: String?, bytes: [UInt8])? {
        var decoder = FrameDecoder(maxPayloadBytes: maxHelloPayloadBytes)
        var received: [UInt8] = []
        let clock = MonotonicMilliseconds()
        while clock.elapsedMs < timeoutMs {
            let room = min(decoder.freeCapacity, TCPConnection.maxReadBytes)
            guard room > 0 else { return (nil, received) }
            guard case .bytes(let bytes)? = try? connection.read(maxBytes: room, timeoutMs: timeoutMs - clock.elapsedMs) else {
                return nil
            }
            received += bytes
            do {
                try decoder.append(bytes)
                guard let frame = try decoder.nextFrame() else { continue }
                if case .hello(let hello)? = try? PeerMessageCodec.decode(frame) { return (hello.nodeID, received) }
                return (nil, received)
            } catch {
                // Not our protocol: forward it anyway and let the node judge.
                return (nil, received)
            }
        }
        return nil
    }
}
