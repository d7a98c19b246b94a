/// Messages waiting for one destination, each already encoded as the
/// plaintext of a sealed frame (`SealedFrame.plaintext(of:)`): they are
/// sealed only when written, because the session key and the frame counter
/// belong to the connection that carries them. Bounded in count and bytes.
/// Overflow drops the newest frame: the older ones are already promised to
/// the connection, and the protocol's periodic pull repairs any loss.
struct OutboundFrameQueue: Sendable {
    let maxFrames: Int
    let maxBytes: Int
    private var frames: [OutboundFrame] = []
    private var head = 0
    /// Bytes of the frames waiting.
    private(set) var byteCount = 0

    init(maxFrames: Int, maxBytes: Int) {
        precondition(maxFrames >= 1 && maxBytes >= 1, "queue bounds must be positive")
        self.maxFrames = maxFrames
        self.maxBytes = maxBytes
    }

    var count: Int { frames.count - head }
    var isEmpty: Bool { count == 0 }

    /// Appends `frame` unless the queue would exceed a bound; returns whether it did.
    mutating func append(_ frame: OutboundFrame) -> Bool {
        guard count < maxFrames, frame.byteCount <= maxBytes - byteCount else { return false }
        frames.append(frame)
        byteCount += frame.byteCount
        return true
    }

    /// The oldest frames, in order, up to `maxBytes` together (always at
    /// least one while any wait), for one write; and their bytes.
    mutating func takeBatch(maxBytes: Int) -> (frames: [OutboundFrame], byteCount: Int) {
        var taken: [OutboundFrame] = []
        var takenBytes = 0
        while head < frames.count, taken.isEmpty || takenBytes + frames[head].byteCount <= maxBytes {
            taken.append(frames[head])
            takenBytes += frames[head].byteCount
            byteCount -= frames[head].byteCount
            frames[head] = OutboundFrame([])
            head += 1
        }
        if head == frames.count {
            frames.removeAll(keepingCapacity: true)
            head = 0
        }
        return (taken, takenBytes)
    }

    /// Empties the queue; returns how many frames and bytes were dropped.
    mutating func removeAll() -> (frameCount: Int, byteCount: Int) {
        let dropped = (count, byteCount)
        frames = []
        head = 0
        byteCount = 0
        return dropped
    }
}

/// One queued message: its plaintext, and what to write instead on a session too old
/// to carry it (`Envelope.fallback`), both encoded when sent since the session's
/// version is known only when a connection carries them.
struct OutboundFrame: Equatable, Sendable {
    var plaintext: [UInt8]
    var fallback: [UInt8]?

    init(_ plaintext: [UInt8], fallback: [UInt8]? = nil) {
        self.plaintext = plaintext
        self.fallback = fallback
    }

    /// What it holds in the queue: both forms.
    var byteCount: Int { plaintext.count + (fallback?.count ?? 0) }
}
