import CaseCore
import CaseReplication
import CaseSupport
/// Cuts an incoming byte stream into frames, however the bytes are split
/// into reads: bytes in, frames out, no I/O, so it behaves the same over TCP
/// and in the simulator.
///
/// Use: after every read, `append` the bytes, then call `nextFrame()` until it
/// returns nil. Read at most `freeCapacity` bytes at a time; the rest waits in
/// the socket, which is the back-pressure a slow receiver needs.
///
/// Bounded: the decoder never holds more than `bufferLimitBytes` (one header
/// plus `maxPayloadBytes`), and its storage never grows beyond that either.
/// A header is judged as soon as it arrives: the magic on the first byte
/// that disagrees, the declared length as soon as the header is complete
/// (before any of the payload is buffered), the checksum once the payload is
/// complete.
///
/// Any error poisons the decoder: every later call throws the same error,
/// because a byte stream cannot be resynchronised. Close the connection.
public struct FrameDecoder: Sendable {
    /// Largest payload accepted; a header declaring more is refused.
    public private(set) var maxPayloadBytes: Int
    /// Most bytes the decoder holds at once: one header plus the largest payload.
    public var bufferLimitBytes: Int { FrameHeader.byteCount + maxPayloadBytes }
    /// Bytes received but not yet returned in a frame. Non-zero when the peer
    /// closes means the stream ended inside a frame.
    public private(set) var bufferedByteCount = 0
    /// Most bytes `append` accepts now. After `nextFrame()` has returned nil
    /// this is at least 1, so the pending frame can always be completed.
    public var freeCapacity: Int { bufferLimitBytes - bufferedByteCount }

    /// The received bytes as a ring: they start at `head` and may wrap past the
    /// end to the front. A consumed frame is released by moving `head`, so no
    /// byte is ever moved to reclaim space (no compaction, no quadratic
    /// copying), and the storage can be exactly `bufferLimitBytes`.
    private(set) var ring: [UInt8] = []
    private var head = 0
    /// The header of the frame at `head`, once complete and validated.
    private var pendingHeader: FrameHeader?
    /// The error that ended this stream, thrown again on every call.
    private var failure: FrameError?
    /// Bytes copied while growing the ring, for tests that check growth
    /// stays proportional to the limit, not to the bytes received.
    private(set) var grownByteCount = 0

    /// A decoder refusing payloads above `maxPayloadBytes`.
    public init(maxPayloadBytes: Int = WireLimits.maxFramePayloadBytes) {
        precondition(maxPayloadBytes >= 0 && maxPayloadBytes <= Int(UInt32.max),
                     "maxPayloadBytes must be within 0...\(UInt32.max), got \(maxPayloadBytes)")
        self.maxPayloadBytes = maxPayloadBytes
    }

    /// Raises the payload bound, keeping what is buffered: a peer connection
    /// reads its handshake under a small bound and its messages under a large
    /// one, and the first sealed frames may arrive in the same read as the
    /// last handshake frame. Lowering is not allowed: a header already judged
    /// against the old bound would not be judged again.
    public mutating func raiseMaxPayloadBytes(to newMaxPayloadBytes: Int) {
        precondition(newMaxPayloadBytes >= maxPayloadBytes && newMaxPayloadBytes <= Int(UInt32.max),
                     "the payload bound may only be raised, within 0...\(UInt32.max)")
        maxPayloadBytes = newMaxPayloadBytes
    }

    /// Adds received bytes and checks the pending frame's header as far as it
    /// has arrived. Throws `.bufferLimitExceeded` if `bytes` is larger than
    /// `freeCapacity` (reporting a bad header instead if the bytes show one).
    public mutating func append(_ bytes: some Collection<UInt8>) throws(FrameError) {
        if let failure { throw failure }
        let incomingCount = bytes.count
        guard incomingCount <= freeCapacity else {
            // A stranger's bytes are better reported as such than as our limit.
            let buffered = copyOut(offset: 0, count: min(bufferedByteCount, FrameHeader.byteCount))
            let headerPrefix = buffered + bytes.prefix(FrameHeader.byteCount - buffered.count)
            do {
                _ = try Self.validateHeader(prefix: headerPrefix[...], maxPayloadBytes: maxPayloadBytes)
            } catch {
                throw fail(error)
            }
            throw fail(.bufferLimitExceeded(buffered: bufferedByteCount, appending: incomingCount, limit: bufferLimitBytes))
        }
        reserve(bufferedByteCount + incomingCount)
        write(bytes)
        do { try readPendingHeader() } catch { throw fail(error) }
    }

    /// The next complete frame, or nil until more bytes arrive.
    public mutating func nextFrame() throws(FrameError) -> Frame? {
        if let failure { throw failure }
        do { try readPendingHeader() } catch { throw fail(error) }
        guard let header = pendingHeader else { return nil }
        let payloadCount = Int(header.payloadLength)
        guard bufferedByteCount >= FrameHeader.byteCount + payloadCount else { return nil }
        let payload = copyOut(offset: FrameHeader.byteCount, count: payloadCount)
        let computed = CRC32C.checksum(payload)
        guard computed == header.payloadChecksum else {
            throw fail(.checksumMismatch(declared: header.payloadChecksum, computed: computed))
        }
        discard(FrameHeader.byteCount + payloadCount)
        pendingHeader = nil
        return Frame(type: header.type, version: header.version, payload: payload)
    }

    // MARK: - Header

    /// Validates the header of the frame at `head` as far as it has arrived,
    /// and keeps it once it is complete.
    private mutating func readPendingHeader() throws(FrameError) {
        guard pendingHeader == nil else { return }
        let available = copyOut(offset: 0, count: min(bufferedByteCount, FrameHeader.byteCount))
        pendingHeader = try Self.validateHeader(prefix: available[...], maxPayloadBytes: maxPayloadBytes)
    }

    /// Checks the magic in however many header bytes there are, and the
    /// declared length once all 16 are there; returns the complete header.
    private static func validateHeader(prefix: ArraySlice<UInt8>, maxPayloadBytes: Int) throws(FrameError) -> FrameHeader? {
        try FrameHeader.checkMagic(prefix: prefix)
        guard prefix.count == FrameHeader.byteCount else { return nil }
        let header = try FrameHeader(parsing: prefix)
        guard Int(header.payloadLength) <= maxPayloadBytes else {
            throw .payloadTooLarge(declared: header.payloadLength, max: maxPayloadBytes)
        }
        return header
    }

    private mutating func fail(_ error: FrameError) -> FrameError {
        failure = error
        return error
    }

    // MARK: - Ring

    /// Grows the ring to hold `neededCount` bytes: doubling, so growth copies
    /// at most about twice the limit in a connection's life, and never past
    /// the limit, so a quiet connection stays small.
    private mutating func reserve(_ neededCount: Int) {
        guard neededCount > ring.count else { return }
        let newCount = min(bufferLimitBytes, max(neededCount, ring.count * 2))
        var grown = copyOut(offset: 0, count: bufferedByteCount)
        grownByteCount += bufferedByteCount
        grown.append(contentsOf: [UInt8](repeating: 0, count: newCount - grown.count))
        ring = grown
        head = 0
    }

    /// Copies `bytes` in after the buffered ones; `reserve` made room.
    /// Arrays, slices and buffer pointers (everything a socket read gives)
    /// are copied as at most two blocks; other collections byte by byte.
    private mutating func write(_ bytes: some Collection<UInt8>) {
        let copiedAsBlocks: Void? = bytes.withContiguousStorageIfAvailable { source in
            writeBlocks(source)
        }
        guard copiedAsBlocks == nil, !bytes.isEmpty else { return }
        var index = (head + bufferedByteCount) % ring.count
        for byte in bytes {
            ring[index] = byte
            index = index + 1 == ring.count ? 0 : index + 1
            bufferedByteCount += 1
        }
    }

    /// Copies `source` in after the buffered bytes: up to the end of the ring,
    /// then the rest at the front.
    private mutating func writeBlocks(_ source: UnsafeBufferPointer<UInt8>) {
        guard !source.isEmpty else { return }
        let tail = (head + bufferedByteCount) % ring.count
        let firstCount = min(source.count, ring.count - tail)
        ring.withUnsafeMutableBufferPointer { ring in
            _ = UnsafeMutableBufferPointer(rebasing: ring[tail..<tail + firstCount])
                .update(fromContentsOf: UnsafeBufferPointer(rebasing: source[..<firstCount]))
            _ = UnsafeMutableBufferPointer(rebasing: ring[..<(source.count - firstCount)])
                .update(fromContentsOf: UnsafeBufferPointer(rebasing: source[firstCount...]))
        }
        bufferedByteCount += source.count
    }

    /// `count` buffered bytes starting `offset` bytes after `head`.
    private func copyOut(offset: Int, count: Int) -> [UInt8] {
        precondition(offset >= 0 && count >= 0 && offset + count <= bufferedByteCount, "read beyond the buffered bytes")
        guard count > 0 else { return [] }
        let start = (head + offset) % ring.count
        let firstCount = min(count, ring.count - start)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        bytes.append(contentsOf: ring[start..<start + firstCount])
        bytes.append(contentsOf: ring[0..<count - firstCount])
        return bytes
    }

    private mutating func discard(_ count: Int) {
        bufferedByteCount -= count
        // Starting over at the front when empty keeps later frames contiguous.
        head = bufferedByteCount == 0 ? 0 : (head + count) % ring.count
    }
}
