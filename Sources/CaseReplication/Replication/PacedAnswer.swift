import CaseCore
/// A sync answer this node is streaming to a peer of its province, paced by the peer's
/// acknowledgements (`ReplicationConfiguration.answerWindowBatches`): the peer acknowledges
/// every batch it stored with the vector it then holds (`batchAck`), and each batch that
/// vector covers makes room for the next read. So a lagging node applies one batch while
/// the next ones are already read, sent and prepared, and no more than the window is ever
/// on its way or waiting in its inbox, however long the answer.
struct PacedAnswer: Equatable, Sendable {
    /// Where each batch sent and not yet acknowledged ends: the peer's vector once it has
    /// stored it, oldest first.
    private(set) var unacknowledged: [VersionVector] = []
    /// The answer's next read, held until an acknowledgement makes room.
    var waiting: LogRead?
    /// When the peer was last heard of for this answer (its pull, then each acknowledgement):
    /// one not heard of for `pullTimeoutMs` is dropped, as the peer then pulls again.
    private(set) var lastHeardMs: Int64

    init(nowMs: Int64) {
        lastHeardMs = nowMs
    }

    /// Whether fewer than `window` batches await their acknowledgement.
    func hasRoom(window: Int) -> Bool {
        unacknowledged.count < window
    }

    mutating func sent(endingAt end: VersionVector) {
        unacknowledged.append(end)
    }

    /// Takes the peer's acknowledgement (a vector is durable before it is acknowledged, so a
    /// batch it covers is stored there for good) and returns the read waiting, if any, to do
    /// now. A read waits only while the window is full, and the peer acknowledges only once
    /// it stored something of this node's; if that leaves the window full, what it stored
    /// was a push, or it refused part of the answer (a run without a valid signature, and
    /// the gap after it). Waiting on would stall the answer until it expires and hold back
    /// every other origin's events, so the read goes now as the answer's last batch: the
    /// peer pulls again from what it holds once it has stored it.
    mutating func acknowledge(_ held: VersionVector, nowMs: Int64, window: Int) -> LogRead? {
        unacknowledged.removeAll { held.covers($0) }
        lastHeardMs = nowMs
        guard var next = waiting else { return nil }
        waiting = nil
        if !hasRoom(window: window) { next.batchesLeft = 1 }
        return next
    }

    func hasExpired(nowMs: Int64, timeoutMs: Int64) -> Bool {
        nowMs - lastHeardMs >= timeoutMs
    }
}
