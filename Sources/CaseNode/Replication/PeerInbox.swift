import CaseReplication

/// Messages from peers waiting for the replication queue, bounded, and taken all at
/// once by one drain: consecutive event batches among them become one input
/// (`ReplicationInput.receivedBatches`), so a node that fell behind applies a burst of
/// pushes, or a streamed sync answer, in one transaction instead of one per batch.
/// The busier the node, the larger the groups, as with group commit.
struct PeerInbox {
    let maxMessages: Int
    /// Most events in one group: the group is one write transaction, and local filings
    /// wait behind it. Why 5,000: ten full pull batches. The indexes by name and by identity
    /// number take inserts in random order, so a commit dirties about one of their pages per
    /// event however few events it holds, up to the whole index; the larger the commit, the
    /// fewer pages per event are written. A bootstrap of 1,000,000 dossiers took 73 s instead
    /// of 91 s (about 1,500 events a transaction instead of 780), the catch-up of 100,000
    /// events the same (16,283 against 16,541 events/s, medians of 3). The price: a clerk's
    /// filing waits behind the group being stored; filing 20 a second at a node catching up on
    /// 100,000 events took p50 14–28 ms, p99 252–325 ms, max 327–331 ms in two runs, against
    /// 3–4 / 4–6 / 5–6 ms once caught up (`casebench catch-up`, BENCHMARKS.md).
    let maxEventsPerGroup: Int
    private var messages: [(sender: String, message: PeerMessage)] = []
    /// A drain is queued (or running before its take): the next message need not queue another.
    private var isDrainScheduled = false

    init(maxMessages: Int, maxEventsPerGroup: Int = 5_000) {
        precondition(maxMessages >= 1 && maxEventsPerGroup >= 1, "inbox bounds must be positive")
        self.maxMessages = maxMessages
        self.maxEventsPerGroup = maxEventsPerGroup
    }

    enum Admission: Equatable {
        /// Queued; the caller must schedule a drain.
        case scheduleDrain
        /// Queued; a drain already scheduled will take it.
        case queued
        /// The inbox is full: dropped (the protocol's pulls repair the loss).
        case dropped
    }

    var count: Int { messages.count }

    /// Past `maxMessages` only pulls (a peer's sync request, or a batch answering this node's
    /// own) are still taken, up to twice that: they are what repairs the pushes dropped here,
    /// and dropping one left its pull unanswered for `ReplicationConfiguration.pullTimeoutMs`
    /// (filings were seconds late under load). They are bounded anyway: every node has one pull in
    /// flight at a time (so one sync request per peer here), and an answer has at most
    /// `answerWindowBatches` batches on their way unacknowledged (`PacedAnswer`). Acks are
    /// taken too: an answer this node streams goes on only as they come, and one dropped
    /// would hold it until it expires.
    mutating func add(_ message: PeerMessage, from sender: String) -> Admission {
        guard messages.count < maxMessages || (Self.belongsToAPull(message) && messages.count < 2 * maxMessages) else { return .dropped }
        messages.append((sender, message))
        if isDrainScheduled { return .queued }
        isDrainScheduled = true
        return .scheduleDrain
    }

    private static func belongsToAPull(_ message: PeerMessage) -> Bool {
        switch message {
        case .eventBatch(let batch): !batch.isPush
        case .syncRequest, .vectorPull, .vectorAnswer, .batchAck: true
        default: false
        }
    }

    /// Everything waiting, as the inputs to step through in order; the next message
    /// schedules a new drain.
    mutating func takeAll() -> [ReplicationInput] {
        let taken = messages
        messages = []
        isDrainScheduled = false
        return Self.inputs(from: taken, maxEventsPerGroup: maxEventsPerGroup)
    }

    /// Messages in arrival order, with each run of consecutive event batches made one
    /// `receivedBatches` input of at most `maxEventsPerGroup` events (a larger batch alone).
    static func inputs(from messages: [(sender: String, message: PeerMessage)], maxEventsPerGroup: Int) -> [ReplicationInput] {
        var inputs: [ReplicationInput] = []
        var group: [ReceivedBatch] = []
        var groupEvents = 0
        func closeGroup() {
            if !group.isEmpty { inputs.append(.receivedBatches(group)) }
            group = []
            groupEvents = 0
        }
        for (sender, message) in messages {
            guard case .eventBatch(let batch) = message else {
                closeGroup()
                inputs.append(.received(from: sender, message))
                continue
            }
            if !group.isEmpty, groupEvents + batch.events.count > maxEventsPerGroup { closeGroup() }
            group.append(ReceivedBatch(sender: sender, batch: batch))
            groupEvents += batch.events.count
        }
        closeGroup()
        return inputs
    }
}
