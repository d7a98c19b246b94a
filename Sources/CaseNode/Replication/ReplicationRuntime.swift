import CaseCore
import CaseReplication
import CaseNet
import CaseReplicationDriver
import Dispatch
import Synchronization
import CaseSupport

/// Runs a `ReplicationNode` for a real node: one serial queue owns it and its
/// `ReplicationDriver`, a timer ticks it, the transport feeds it messages, local
/// commits are pushed through it, and the envelopes it returns go to the transport.
///
/// Blocking work (SQLite reads and applies through the `ReplicaLog`, done by the
/// driver) runs on that queue, never on Swift's cooperative pool.
public final class ReplicationRuntime: @unchecked Sendable {
    // @unchecked: `driver` and the observers are touched only on `queue`.
    private let queue = DispatchQueue(label: "casestore.replication")
    /// Made in `start()`, once the bound ports (which its record advertises) are known.
    private var driver: ReplicationDriver?
    private var node: ReplicationNode? { driver?.node }
    private let log: any ReplicaLog
    /// Works out received batches on the connection threads (`receive`).
    private let preparation: ReceivedBatchPreparation
    /// Makes the node, given the version vector its log holds and the bound ports.
    private let makeNode: @Sendable (_ holding: VersionVector, _ decisions: [MembershipDecision], _ peerPort: UInt16, _ httpPort: UInt16) -> ReplicationNode
    /// Requests waiting for replicas: registered by HTTP threads, signalled after each step.
    private let waiters = Mutex(ReplicaWaiters())
    /// What HTTP threads read without queueing behind replication work (a bootstrap
    /// may keep the queue busy applying batches for minutes).
    private let published = Mutex<PublishedState?>(nil)
    private let transport: any PeerTransport
    private let clock: any WallClock
    private let joinAddresses: [String]
    private let logger: Logger
    private var progress = CatchUpProgress()
    /// Made and resumed in `start()`: a Dispatch source released while suspended traps.
    private var timer: (any DispatchSourceTimer)?
    /// Told when the set of retired members changes (see `onRetiredMembersChanged`).
    private var retiredObserver: (@Sendable ([MemberRecord]) -> Void)?
    /// Told the root's holiday schedules whenever the core's set changes (see `onHolidaySchedulesChanged`).
    private var holidaysObserver: (@Sendable ([HolidaySchedule]) -> Void)?
    /// The API token registry the core keeps in step with the peers (see `syncTokens(with:)`); nil: not synced.
    private var tokenRegistry: TokenRegistry?

    /// Ticks often enough for sub-second timers; each tick is a few comparisons when idle.
    public static let tickIntervalMs = 50

    /// Messages from peers waiting for the replication queue, at most. Past it, new ones
    /// are dropped (and counted): the protocol repairs any loss with its next pull, while
    /// an unbounded backlog (up to 4 MiB a batch) could exhaust memory during a long catch-up.
    /// Answers to this node's own pulls may go up to twice this (see `PeerInbox.add`).
    public static let maxPendingReceived = 256

    /// Messages from peers waiting for the queue (see `PeerInbox`).
    private let inbox = Mutex(PeerInbox(maxMessages: maxPendingReceived))
    /// Set first thing in `stop()`: queued work is skipped rather than done, so a
    /// node with a long backlog (a catch-up under load) still stops at once.
    private let stopping = Mutex(false)
    private let droppedReceived = Mutex<Int64>(0)
    /// Local events committed and not yet handed to the node, in commit order (see `localEventsCommitted`).
    private let committedLocally = Mutex(CommittedLocally())
    /// Local events waiting to be pushed, at most. Past it, newer ones are not pushed: peers
    /// pull them (within `syncIntervalMs`). Reached only if the queue is stuck for seconds.
    public static let maxPendingLocalEvents = 10_000

    /// The node `makeNode` makes starts with the log's current streams, and follows them as
    /// they grow (`ReplicationDriver`).
    public init(
        transport: any PeerTransport, log: any ReplicaLog, clock: any WallClock, joinAddresses: [String], logger: Logger,
        makeNode: @escaping @Sendable (_ holding: VersionVector, _ decisions: [MembershipDecision], _ peerPort: UInt16, _ httpPort: UInt16) -> ReplicationNode
    ) {
        self.makeNode = makeNode
        self.log = log
        // A log that cannot read an event leaves its link to the writer.
        preparation = ReceivedBatchPreparation(storedLink: { [log] id in (try? log.event(id))??.chain })
        self.transport = transport
        self.clock = clock
        self.joinAddresses = joinAddresses
        self.logger = logger
    }

    /// Starts the transport and the timer; returns the bound peer port.
    /// `httpPort` is the bound HTTP port, which the node's member record advertises.
    public func start(httpPort: UInt16) throws -> UInt16 {
        let port = try transport.start { [weak self] sender, message in
            self?.receive(message, from: sender)
        }
        // Read on the queue: a filing committed while the node starts is handed to the queue,
        // found no driver there, and is in the log, so the vector read here covers it.
        let started = queue.sync { () -> Result<Void, any Error> in
            let holding: VersionVector
            let decisions: [MembershipDecision]
            do {
                holding = try log.versionVector()
                decisions = try log.decisions()
            } catch {
                return .failure(error)
            }
            // The root's decisions held since before the start rule membership from the first message.
            let node = makeNode(holding, decisions, port, httpPort)
            let tokens = tokenRegistry.map { RegistryAuthorityStore(registry: $0, logger: self.logger) }
            let logger = self.logger
            let driver = ReplicationDriver(
                node: node, log: log, tokens: tokens,
                persistRetired: { [weak self] records in self?.retiredObserver?(records) },
                persistHolidays: { [weak self] schedules in self?.holidaysObserver?(schedules) },
                persistFailed: { problem in logger.error("replication storage error", .field("problem", problem)) })
            self.driver = driver
            // What the registry holds since before the start: no member is known yet to push it to.
            if let tokenRegistry { _ = driver.handle(.localTokens(tokenRegistry.replicated), nowMs: clock.nowMs()) }
            publish(node)
            return .success(())
        }
        if case .failure(let error) = started {
            transport.stop()
            throw error
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: .milliseconds(Self.tickIntervalMs), leeway: .milliseconds(10))
        timer.setEventHandler { [weak self] in self?.step(.tick) }
        timer.resume()
        queue.sync { self.timer = timer }
        if !joinAddresses.isEmpty { submit(.join(addresses: joinAddresses)) }
        return port
    }

    public func stop() {
        stopping.withLock { $0 = true }
        let started = queue.sync { () -> Bool in
            timer?.cancel()
            timer = nil
            waiters.withLock { $0.releaseAll() }
            return node != nil
        }
        if started { transport.stop() }
    }

    /// Called after this node durably committed events of its own, in commit order.
    /// Everything committed before the queue gets to it goes out as one push: a group
    /// commit of twenty filings is one batch to each peer, not twenty.
    public func localEventsCommitted(_ events: [ChangeEvent]) {
        let wasEmpty = committedLocally.withLock { $0.add(events, keepingAtMost: Self.maxPendingLocalEvents) }
        guard wasEmpty else { return }
        queue.async { [weak self] in
            guard let self else { return }
            let pending = committedLocally.withLock { pending in
                defer { pending = CommittedLocally() }
                return pending
            }
            step(.localEventsCommitted(pending.events, throughSequence: pending.throughSequence))
        }
    }

    /// Waits until `count` other members hold `event`, or the timeout passes.
    /// Returns how many were confirmed by then.
    public func waitForReplicas(of event: EventID, count: Int, timeoutMs: Int) -> Int {
        let waiter = waiters.withLock { waiting -> ReplicaWaiters.Waiter? in
            replicaCount(of: event) >= count ? nil : waiting.add(event: event, count: count)
        }
        guard let waiter else { return replicaCount(of: event) }
        _ = waiter.semaphore.wait(timeout: .now() + .milliseconds(timeoutMs))
        waiters.withLock { $0.remove(waiter) }
        return replicaCount(of: event)
    }

    /// The cluster as this node sees it now: members as of the last step, the log as it is.
    public func snapshot() throws -> ClusterSnapshot {
        guard let state = published.withLock({ $0 }) else {
            throw ServiceError(httpStatus: 503, code: "starting", message: "replication is starting; retry in a moment")
        }
        return try ClusterSnapshot(selfID: state.selfID, members: state.members, log: state.log, nowMs: clock.nowMs())
    }

    public var transportCounters: PeerTransportCounters { transport.counters }

    public var statistics: ReplicationStatistics { published.withLock { $0?.statistics } ?? ReplicationStatistics() }

    /// Calls `observer` on the replication queue with every retired member
    /// (this node included, if a peer told it so) whenever that set changes:
    /// a retirement or readmission decided here or learnt by gossip. Set it
    /// before `start()`; the observer persists the set and may block briefly.
    public func onRetiredMembersChanged(_ observer: @escaping @Sendable ([MemberRecord]) -> Void) {
        queue.sync { retiredObserver = observer }
    }

    /// Calls `observer` on the replication queue with every holiday schedule the core holds
    /// whenever that set changes (one published here, or learnt from a peer). Set it before
    /// `start()`; the observer persists them and may block briefly.
    public func onHolidaySchedulesChanged(_ observer: @escaping @Sendable ([HolidaySchedule]) -> Void) {
        queue.sync { holidaysObserver = observer }
    }

    /// Hands a holiday schedule the root published at this node (verified and stored by the
    /// caller) to the core, which pushes it to every live peer.
    public func publish(_ schedule: HolidaySchedule) throws(ServiceError) {
        try onStartedNode { _ in step(.publishHolidays(schedule)) }
    }

    /// Hands a province merger the root signed (verified and stored by the caller) to the
    /// core, which follows it and pushes it to every live peer.
    public func publish(_ merge: ProvinceMerge) throws(ServiceError) {
        try onStartedNode { _ in step(.publishProvinceMerge(merge)) }
    }

    /// Keeps `registry` in step with the peers' registries through the replication core
    /// (anti-entropy, plus an immediate push of every token created or revoked here).
    /// Call it before `start()`.
    public func syncTokens(with registry: TokenRegistry) {
        queue.sync { tokenRegistry = registry }
        registry.onLocalChange { [weak self] records in self?.submit(.localTokens(records)) }
    }

    /// The member `id` as this node knows it (itself included), or nil if unknown.
    public func member(_ id: String) throws(ServiceError) -> MemberRecord? {
        try onStartedNode { node in node.members.first { $0.record.id == id }?.record }
    }

    /// Every member this node knows, itself included, sorted by id.
    public func memberRecords() throws(ServiceError) -> [MemberRecord] {
        try onStartedNode { node in node.members.map(\.record) }
    }

    /// Every member as of the last step, itself included (none before the start): read
    /// without waiting for the replication queue, as `snapshot` is.
    public func publishedMemberRecords() -> [MemberRecord] {
        published.withLock { $0?.members.map(\.record) } ?? []
    }

    /// Applies an admin's `.retire` or `.readmit` (a cluster without a root key) or the
    /// root's `.decide` (stored durably first) now, on the replication queue, and returns
    /// the member's record afterwards (nil if this node does not know it).
    public func decide(_ decision: ReplicationInput) throws(ServiceError) -> MemberRecord? {
        let id: String
        switch decision {
        case .retire(let member), .readmit(let member):
            id = member
        case .decide(let signed):
            id = signed.member
            do {
                try log.storeDecisions([signed])
            } catch {
                throw ServiceError(httpStatus: 503, code: "not_stored", message: "the decision about \(id) could not be stored, nothing changed: \(error)")
            }
        case .tick, .received, .receivedBatches, .localEventsCommitted, .join, .applied, .read, .localTokens, .tokensStored, .publishHolidays,
             .publishProvinceMerge, .importsPending, .historyRead, .historyImported, .sharedFound:
            preconditionFailure("only retire, readmit and decide are admin decisions")
        }
        return try onStartedNode { node in
            step(decision)
            return node.members.first { $0.record.id == id }?.record
        }
    }

    /// The cluster root's decision in force about `id`, if this node holds one.
    public func membershipDecision(about id: String) throws(ServiceError) -> MembershipDecision? {
        try onStartedNode { node in node.membershipDecisions.first { $0.member == id } }
    }

    private func onStartedNode<T>(_ body: (ReplicationNode) -> T) throws(ServiceError) -> T {
        let result: T? = queue.sync { node.map(body) }
        guard let result else { throw ServiceError(httpStatus: 503, code: "starting", message: "replication is starting; retry in a moment") }
        return result
    }

    /// How many other members hold `event`, as of the last step.
    private func replicaCount(of event: EventID) -> Int {
        published.withLock { $0?.replicaCount(of: event) } ?? 0
    }

    /// Copies what HTTP threads may read, then wakes the requests whose replicas came.
    private func publish(_ node: ReplicationNode) {
        dispatchPrecondition(condition: .onQueue(queue))
        let state = PublishedState(selfID: node.selfID, members: node.members, statistics: node.statistics, log: log)
        published.withLock { $0 = state }
        waiters.withLock { $0.signalSatisfied { state.replicaCount(of: $0) } }
    }

    /// Messages from peers dropped because the replication queue was too far behind.
    public var droppedMessages: Int64 { droppedReceived.withLock { $0 } }

    /// Runs on the connection's thread. A batch's filings are prepared here (decoded,
    /// folded, their state serialised and hashed) and its chain links worked out, in
    /// parallel with the writer storing the previous batch (`ReceivedBatchPreparation`).
    private func receive(_ message: PeerMessage, from sender: String) {
        var message = message
        if case .eventBatch(var batch) = message {
            batch.events = preparation.prepare(batch.events)
            message = .eventBatch(batch)
        }
        switch inbox.withLock({ $0.add(message, from: sender) }) {
        case .scheduleDrain:
            queue.async { [weak self] in self?.drainInbox() }
        case .queued:
            break
        case .dropped:
            droppedReceived.withLock { $0 += 1 }
        }
    }

    /// `events` prepared for storing (`ReceivedBatchPreparation`), with no stored links to
    /// go on: only origins' first events are linked.
    static func preparedForStorage(_ events: [ChangeEvent]) -> [ChangeEvent] {
        ReceivedBatchPreparation(storedLink: { _ in nil }).prepare(events)
    }

    static let preparationChunk = ReceivedBatchPreparation.chunk

    /// Steps through everything the inbox holds, consecutive event batches together.
    private func drainInbox() {
        for input in inbox.withLock({ $0.takeAll() }) { step(input) }
    }

    private func submit(_ input: ReplicationInput) {
        queue.async { [weak self] in self?.step(input) }
    }

    private func step(_ input: ReplicationInput) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let driver, !stopping.withLock({ $0 }) else { return }
        let node = driver.node
        let nowMs = clock.nowMs()
        for envelope in driver.handle(input, nowMs: nowMs) {
            transport.send(envelope)
        }
        publish(node)
        if case .tick = input { progress.report(node: node, nowMs: nowMs, logger: logger) }
    }
}


/// Local events committed and waiting for the replication queue: at most a bound of them
/// to push (peers pull the rest), and always the newest sequence, so the node's version
/// vector stays exact.
private struct CommittedLocally {
    var events: [ChangeEvent] = []
    var throughSequence: Int64 = 0

    /// Adds `events`; returns whether none were waiting before (the caller then schedules a step).
    mutating func add(_ events: [ChangeEvent], keepingAtMost bound: Int) -> Bool {
        let wasEmpty = self.events.isEmpty && throughSequence == 0
        self.events += events.prefix(max(0, bound - self.events.count))
        throughSequence = max(throughSequence, events.map(\.sequence).max() ?? 0)
        return wasEmpty
    }
}

/// The replication state HTTP threads read: copied after every step.
private struct PublishedState: Sendable {
    var selfID: String
    var members: [MemberView]
    var statistics: ReplicationStatistics
    var log: any ReplicaLog

    /// How many other members are known to hold `event` (as `ReplicationNode.replicaCount`).
    func replicaCount(of event: EventID) -> Int {
        members.filter { $0.record.id != selfID && ($0.versionVector?[event.origin] ?? 0) >= event.sequence }.count
    }
}
