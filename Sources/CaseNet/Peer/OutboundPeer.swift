import Dispatch
import Synchronization
import CaseReplication
import CaseWire

/// The sending side for one destination: a bounded queue of messages and,
/// while there is work, one writer thread that connects, authenticates
/// (`PeerHandshake`), and writes the queue out sealed.
///
/// `send` only appends to the queue, so it never waits on the network. When
/// connecting or writing fails, everything queued is dropped and the
/// destination backs off (messages sent meanwhile are dropped too); the next
/// send after the back-off tries again. Losing messages is by design: the
/// core's periodic pulls repair anything a push lost.
final class OutboundPeer: Sendable {
    /// Largest single write; frames are coalesced up to this many bytes so a
    /// burst of small messages goes out in few packets.
    static let maxBatchBytes = 1 << 20

    let key: PeerKey
    private let shared: PeerTransportShared
    private let state: Mutex<State>
    private let wakeup = DispatchSemaphore(value: 0)

    private struct State {
        /// The latest destination sent to; its address is used at the next connect.
        var destination: Destination
        var addressChanged = false
        var queue: OutboundFrameQueue
        var backoff: PeerBackoff
        /// Monotonic time before which sends are dropped instead of queued.
        var retryAtMs: UInt64 = 0
        var isWriterRunning = false
        /// The writer's connection, so `stop` can wake a blocked write.
        var connection: TCPConnection?
        var isStopping = false
    }

    enum EnqueueOutcome: Equatable {
        /// Queued; when `startWriter`, the caller must run `runWriter` on a new thread.
        case queued(startWriter: Bool)
        case dropped
    }

    private enum Work {
        case send(frames: [OutboundFrame], destination: Destination, reconnect: Bool)
        case wait
        case exit
    }

    init(key: PeerKey, destination: Destination, shared: PeerTransportShared) {
        self.key = key
        self.shared = shared
        let limits = shared.limits
        state = Mutex(State(
            destination: destination,
            queue: OutboundFrameQueue(maxFrames: limits.maxQueuedFramesPerPeer, maxBytes: limits.maxQueuedBytesPerPeer),
            backoff: PeerBackoff(initialMs: limits.backoffInitialMs, maxMs: limits.backoffMaxMs)))
    }

    /// Queues one message (a sealed frame's plaintext) for `destination`, unless stopping, backing
    /// off, or a queue bound is reached.
    func enqueue(_ frame: OutboundFrame, destination: Destination, nowMs: UInt64) -> EnqueueOutcome {
        state.withLock { state in
            guard !state.isStopping else { return .dropped }
            if destination.address != state.destination.address {
                state.addressChanged = true
            }
            state.destination = destination
            guard state.isWriterRunning || nowMs >= state.retryAtMs else { return .dropped }
            guard shared.reserveQueuedBytes(frame.byteCount) else { return .dropped }
            guard state.queue.append(frame) else {
                shared.releaseQueuedBytes(frame.byteCount)
                return .dropped
            }
            if state.isWriterRunning {
                wakeup.signal()
                return .queued(startWriter: false)
            }
            state.isWriterRunning = true
            return .queued(startWriter: true)
        }
    }

    /// Ends a back-off early: the peer proved it is up by connecting to this node.
    /// The next failure backs off from `backoffInitialMs` again.
    func retryNow() {
        state.withLock { state in
            state.retryAtMs = 0
            state.backoff.succeeded()
        }
    }

    /// Whether this destination can be forgotten: no writer, nothing queued,
    /// not backing off (forgetting that would let a dead peer be retried at once).
    func isForgettable(nowMs: UInt64) -> Bool {
        state.withLock { !$0.isWriterRunning && $0.queue.isEmpty && nowMs >= $0.retryAtMs }
    }

    /// Ends the writer: drops the queue, wakes a wait, and shuts down a
    /// connection so that a blocked write or handshake read returns.
    func stop() {
        let connection = state.withLock { state in
            state.isStopping = true
            return state.connection
        }
        connection?.shutdown(.both)
        wakeup.signal()
    }

    /// The writer thread's body; returns when idle, failed or stopped.
    func runWriter() {
        var writer: SealedPeerWriter?
        defer { writer?.connection.close() }
        while true {
            switch nextWork() {
            case .exit:
                return
            case .wait:
                if wakeup.wait(timeout: .now() + .milliseconds(shared.limits.outboundIdleTimeoutMs)) == .timedOut,
                   finishIfIdle() {
                    return
                }
            case .send(let frames, let destination, let reconnect):
                if let current = writer, reconnect || current.connection.isReadableNow() {
                    // The peer closed it (a restart) or the member moved: a fresh
                    // connection, not a failure, so nothing is dropped.
                    current.connection.close()
                    writer = nil
                }
                do {
                    if writer == nil { writer = try open(destination) }
                    let outcome = try writer?.write(frames, timeoutMs: shared.limits.writeTimeoutMs) ?? (written: 0, dropped: 0)
                    shared.count { counters in
                        counters.framesSent += frames.count - outcome.dropped
                        counters.bytesSent += outcome.written
                        counters.framesDropped += outcome.dropped
                    }
                } catch {
                    writer?.connection.close()
                    writer = nil
                    fail(error, inFlightFrames: frames.count, destination: destination)
                    return
                }
            }
        }
    }

    // MARK: - Private

    private func nextWork() -> Work {
        let (work, releasedBytes, droppedFrames) = state.withLock { state -> (Work, Int, Int) in
            if state.isStopping {
                state.isWriterRunning = false
                state.connection = nil
                let dropped = state.queue.removeAll()
                return (.exit, dropped.byteCount, dropped.frameCount)
            }
            guard !state.queue.isEmpty else { return (.wait, 0, 0) }
            let batch = state.queue.takeBatch(maxBytes: Self.maxBatchBytes)
            let reconnect = state.addressChanged
            state.addressChanged = false
            let work = Work.send(frames: batch.frames, destination: state.destination, reconnect: reconnect)
            return (work, batch.byteCount, 0)
        }
        release(bytes: releasedBytes, droppedFrames: droppedFrames)
        return work
    }

    /// After an idle wait: ends the writer if nothing arrived meanwhile. A
    /// stopping writer carries on to `nextWork`, which drops its queue.
    private func finishIfIdle() -> Bool {
        state.withLock { state in
            guard state.queue.isEmpty && !state.isStopping else { return false }
            state.isWriterRunning = false
            state.connection = nil
            return true
        }
    }

    /// Connects and authenticates; returns a writer ready for messages.
    private func open(_ destination: Destination) throws(PeerConnectionError) -> SealedPeerWriter {
        let limits = shared.limits
        guard let address = PeerAddress(destination.address) else {
            throw .connect("\(String(reflecting: destination.address)) is not a host:port address")
        }
        let connection: TCPConnection
        do {
            connection = try TCPConnection.connect(host: address.host, port: address.port, timeoutMs: limits.connectTimeoutMs)
        } catch {
            throw .connect("\(error)")
        }
        let registered = state.withLock { state in
            guard !state.isStopping else { return false }
            state.connection = connection
            return true
        }
        guard registered else {
            connection.close()
            throw .connect("the transport is stopping")
        }
        do {
            let writer = try handshake(over: connection, expectedNodeID: destination.expectedNodeID)
            state.withLock { $0.backoff.succeeded() }
            return writer
        } catch {
            connection.close()
            throw error
        }
    }

    /// Says hello, checks the acceptor's proof and sends this node's, all
    /// within `handshakeTimeoutMs`; returns the writer for the session.
    /// Nothing but the handshake is written before the acceptor has proved
    /// it holds the cluster key.
    private func handshake(over connection: TCPConnection, expectedNodeID: String?) throws(PeerConnectionError) -> SealedPeerWriter {
        let allowanceMs = shared.limits.handshakeTimeoutMs
        let deadline = Deadline.after(ms: allowanceMs)
        var stream = PeerFrameStream(connection: connection, maxPayloadBytes: shared.limits.maxHandshakePayloadBytes)
        let opening = shared.makeHello()
        try stream.write(.hello(opening.hello), timeoutMs: deadline.remainingMs)
        guard let frame = try stream.readHandshakeFrame(before: deadline, allowanceMs: allowanceMs) else {
            throw .protocolViolation("the peer closed the connection without answering hello")
        }
        let reply: PeerMessage
        do {
            reply = try PeerMessageCodec.decode(frame)
        } catch {
            throw .message(kind: frame.type, error)
        }
        let (session, proof) = try PeerHandshake.accept(
            reply: reply, to: opening, keyRing: shared.keyRing, identity: shared.identity, expectedNodeID: expectedNodeID)
        if let certificate = session.peerCertificate { shared.certified(certificate) }
        guard stream.bufferedByteCount == 0 else {
            throw .protocolViolation("the peer sent \(stream.bufferedByteCount) bytes after its answer to hello")
        }
        try stream.write(FrameEncoder.encode(PeerHandshake.proofFrame(proof, version: session.version)), timeoutMs: deadline.remainingMs)
        return SealedPeerWriter(stream: stream, session: session)
    }

    /// Drops the queue, backs off, ends the writer, and reports it.
    private func fail(_ error: PeerConnectionError, inFlightFrames: Int, destination: Destination) {
        let nowMs = MonotonicClock.nowMs()
        let outcome = state.withLock { state in
            let delayMs = state.backoff.failed()
            state.retryAtMs = nowMs + UInt64(delayMs)
            state.isWriterRunning = false
            state.connection = nil
            let dropped = state.queue.removeAll()
            return (delayMs: delayMs, dropped: dropped, failures: state.backoff.consecutiveFailures,
                    shouldLog: state.backoff.shouldLogFailure && !state.isStopping)
        }
        let droppedFrames = inFlightFrames + outcome.dropped.frameCount
        // Log before counting, so whoever sees the counters move also finds the line.
        if outcome.shouldLog {
            let target = destination.expectedNodeID.map { "\($0) at \(destination.address)" } ?? destination.address
            shared.log("peer: cannot send to \(target): \(error); dropped \(droppedFrames) frames; "
                       + "retrying after \(outcome.delayMs) ms (failure \(outcome.failures) in a row)")
        }
        if outcome.dropped.byteCount > 0 { shared.releaseQueuedBytes(outcome.dropped.byteCount) }
        shared.count { counters in
            counters.framesDropped += droppedFrames
            if case .refused = error { counters.handshakesRefusedByPeers += 1 }
            if case .authentication = error { counters.authenticationFailures += 1 }
        }
    }

    /// Returns queued bytes to the transport-wide budget and counts drops.
    private func release(bytes: Int, droppedFrames: Int) {
        if bytes > 0 { shared.releaseQueuedBytes(bytes) }
        if droppedFrames > 0 { shared.count { $0.framesDropped += droppedFrames } }
    }
}
