import CaseWire

/// The frames of a fuzz input, read as `PeerFrameStream` reads a socket: one
/// `FrameDecoder` for the whole input, fed never more than its free capacity
/// at once, a frame taken whenever one is complete. Shared by the checks that
/// mirror a connection's steps (handshake, sealed frames).
struct FuzzFrameStream {
    /// What the next read gives.
    enum Next: Equatable {
        /// The input ends before the next frame is complete: the transport would keep waiting.
        case waiting
        /// The framing is broken (bad magic, checksum, size): the transport closes.
        case failed(String)
        case frame(Frame)
    }

    private let input: [UInt8]
    private var offset = 0
    private var decoder: FrameDecoder

    init(_ input: [UInt8], maxPayloadBytes: Int) {
        self.input = input
        decoder = FrameDecoder(maxPayloadBytes: maxPayloadBytes)
    }

    /// Bytes not yet part of a returned frame: buffered in the decoder or not read yet.
    var remainingByteCount: Int { decoder.bufferedByteCount + input.count - offset }

    /// The next complete frame, or why there is none.
    mutating func next() -> Next {
        do {
            while true {
                if let frame = try decoder.nextFrame() { return .frame(frame) }
                guard offset < input.count else { return .waiting }
                let count = min(decoder.freeCapacity, input.count - offset)
                // PeerFrameStream refuses a full decoder the same way rather than read 0 bytes forever.
                guard count > 0 else { return .failed("the frame decoder is full with no complete frame") }
                try decoder.append(input[offset..<offset + count])
                offset += count
            }
        } catch {
            return .failed("\(error)")
        }
    }
}
