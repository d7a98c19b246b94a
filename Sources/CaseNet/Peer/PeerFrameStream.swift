import CaseReplication
import CaseWire

/// Frames over one TCP connection: reads bytes into a `FrameDecoder` until a
/// frame is complete, and writes encoded frames. Owned by one thread.
///
/// Two clocks bound a read: the wait for a frame's first byte (the idle
/// limit) and, from that byte, the time for the rest of it, so a peer that
/// dribbles bytes cannot hold the thread longer than one frame's allowance.
/// During the handshake one deadline bounds everything instead.
struct PeerFrameStream {
    /// Largest single read; 64 KiB keeps the read buffer small while a 4 MiB
    /// frame still arrives in a few dozen reads.
    static let readChunkBytes = 64 * 1024

    let connection: TCPConnection
    private var decoder: FrameDecoder

    init(connection: TCPConnection, maxPayloadBytes: Int) {
        self.connection = connection
        decoder = FrameDecoder(maxPayloadBytes: maxPayloadBytes)
    }

    /// Bytes received that are not yet part of a returned frame.
    var bufferedByteCount: Int { decoder.bufferedByteCount }

    /// Raises the payload bound once the handshake is over, keeping anything
    /// already buffered (the opener's first sealed frames may arrive in the
    /// same read as its handshake proof).
    mutating func raiseMaxPayloadBytes(to maxPayloadBytes: Int) {
        decoder.raiseMaxPayloadBytes(to: maxPayloadBytes)
    }

    /// The next frame; nil when the peer closed the connection between frames.
    mutating func readFrame(idleTimeoutMs: Int, frameTimeoutMs: Int) throws(PeerConnectionError) -> Frame? {
        try readFrame(idleDeadline: .after(ms: idleTimeoutMs), frameDeadline: { .after(ms: frameTimeoutMs) }) { buffered in
            buffered == 0 ? .idle(ms: idleTimeoutMs) : .timedOut(ms: frameTimeoutMs, bufferedBytes: buffered)
        }
    }

    /// The next handshake frame, all of it before `deadline` (the whole
    /// handshake's allowance, `allowanceMs`); nil when the peer closed first.
    mutating func readHandshakeFrame(before deadline: Deadline, allowanceMs: Int) throws(PeerConnectionError) -> Frame? {
        try readFrame(idleDeadline: deadline, frameDeadline: { deadline }) { _ in .handshakeTimedOut(ms: allowanceMs) }
    }

    private mutating func readFrame(
        idleDeadline: Deadline, frameDeadline makeFrameDeadline: () -> Deadline,
        timeoutError: (_ bufferedBytes: Int) -> PeerConnectionError
    ) throws(PeerConnectionError) -> Frame? {
        var frameDeadline: Deadline?
        while true {
            do {
                if let frame = try decoder.nextFrame() { return frame }
            } catch {
                throw .frame(error)
            }
            let buffered = decoder.bufferedByteCount
            if buffered > 0 && frameDeadline == nil { frameDeadline = makeFrameDeadline() }
            let deadline = frameDeadline ?? idleDeadline
            // The decoder promises room after `nextFrame` returned nil; should it
            // ever break that, refuse the stream rather than trap on a 0-byte read.
            let room = min(Self.readChunkBytes, decoder.freeCapacity)
            guard room > 0 else {
                throw .protocolViolation("the frame decoder is full with \(buffered) bytes and no complete frame")
            }
            let result: TCPConnection.ReadResult
            do {
                result = try connection.read(maxBytes: room, timeoutMs: deadline.remainingMs)
            } catch {
                throw .system(error)
            }
            switch result {
            case .bytes(let bytes):
                do { try decoder.append(bytes) } catch { throw .frame(error) }
            case .endOfStream:
                if buffered == 0 { return nil }
                throw .truncated(bufferedBytes: buffered)
            case .timedOut:
                throw timeoutError(buffered)
            }
        }
    }

    /// Writes already encoded frames, all of them or an error, within `timeoutMs`.
    func write(_ bytes: [UInt8], timeoutMs: Int) throws(PeerConnectionError) {
        do {
            try connection.writeAll(bytes, timeoutMs: timeoutMs)
        } catch {
            throw .system(error)
        }
    }

    /// Encodes and writes one (handshake) message in the clear.
    func write(_ message: PeerMessage, timeoutMs: Int) throws(PeerConnectionError) {
        try write(FrameEncoder.encode(PeerMessageCodec.encode(message)), timeoutMs: timeoutMs)
    }
}
