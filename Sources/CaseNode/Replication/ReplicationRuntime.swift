import CaseCore
import CaseNet
import Dispatch

/// Drives a `ReplicationNode` for a real node: one serial queue owns it, a
/// timer ticks it, the transport feeds it messages, local commits are pushed
/// through it, and the envelopes it returns go to the transport.
///
/// Blocking work (SQLite reads and applies through the `ReplicaLog`) runs on
/// that queue, never on Swift's cooperative pool.
public final class ReplicationRuntime: @unchecked Sendable {
    // @unchecked: `node` and `waiters` are touched only on `queue`.
    private let queue = DispatchQueue(label: "casestore.replication")
    /// Made in `start()`, once the bound ports (which its record advertises) are known.
    private var node: ReplicationNode?
    private let makeNode: @Sendable (_ peerPort: UInt16, _ httpPort: UInt16) -> ReplicationNode
    private var waiters = ReplicaWaiters()
    private let transport: any PeerTransport
    private let clock: any WallClock
    private let joinAddresses: [String]
    private let logger: Logger
    private var progress = CatchUpProgress()
    /// Made and resumed in `start()`: a Dispatch source released while suspended traps.
    private var timer: (any DispatchSourceTimer)?

    /// Ticks often enough for sub-second timers; each tick is a few comparisons when idle.
    public static let tickIntervalMs = 50

    public init(
        transport: any PeerTransport, clock: any WallClock, joinAddresses: [String], logger: Logger,
        makeNode: @escaping @Sendable (_ peerPort: UInt16, _ httpPort: UInt16) -> ReplicationNode
    ) {
        self.makeNode = makeNode
        self.transport = transport
        self.clock = clock
        self.joinAddresses = joinAddresses
        self.logger = logger
    }

    /// Starts the transport and the timer; returns the bound peer port.
    /// `httpPort` is the bound HTTP port, which the node's member record advertises.
    public func start(httpPort: UInt16) throws -> UInt16 {
        let port = try transport.start { [weak self] sender, message in
            self?.submit(.received(from: sender, message))
        }
        let node = makeNode(port, httpPort)
        queue.sync { self.node = node }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: .milliseconds(Self.tickIntervalMs), leeway: .milliseconds(10))
        timer.setEventHandler { [weak self] in self?.step(.tick) }
        timer.resume()
        queue.sync { self.timer = timer }
        if !joinAddresses.isEmpty { submit(.join(addresses: joinAddresses)) }
        return port
    }

    public func stop() {
        let started = queue.sync { () -> Bool in
            timer?.cancel()
            timer = nil
            waiters.releaseAll()
            return node != nil
        }
        if started { transport.stop() }
    }

    /// Called after this node durably committed events of its own.
    public func localEventsCommitted(_ events: [ChangeEvent]) {
        submit(.localEventsCommitted(events))
    }

    /// Waits until `count` other members hold `event`, or the timeout passes.
    /// Returns how many were confirmed by then.
    public func waitForReplicas(of event: EventID, count: Int, timeoutMs: Int) -> Int {
        let waiter = queue.sync { () -> ReplicaWaiters.Waiter? in
            replicaCount(of: event) >= count ? nil : waiters.add(event: event, count: count)
        }
        guard let waiter else { return queue.sync { replicaCount(of: event) } }
        _ = waiter.semaphore.wait(timeout: .now() + .milliseconds(timeoutMs))
        return queue.sync {
            waiters.remove(waiter)
            return replicaCount(of: event)
        }
    }

    /// The cluster as this node sees it now (computed on the replication queue).
    public func snapshot() throws -> ClusterSnapshot {
        try queue.sync {
            guard let node else { throw ServiceError(httpStatus: 503, code: "starting", message: "replication is starting; retry in a moment") }
            return try ClusterSnapshot(node: node, nowMs: clock.nowMs())
        }
    }

    public var transportCounters: PeerTransportCounters { transport.counters }

    public var statistics: ReplicationStatistics { queue.sync { node?.statistics ?? ReplicationStatistics() } }

    private func replicaCount(of event: EventID) -> Int {
        node?.replicaCount(of: event) ?? 0
    }

    private func submit(_ input: ReplicationInput) {
        queue.async { [weak self] in self?.step(input) }
    }

    private func step(_ input: ReplicationInput) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let node else { return }
        let nowMs = clock.nowMs()
        for envelope in node.handle(input, nowMs: nowMs) {
            transport.send(envelope)
        }
        waiters.signalSatisfied { node.replicaCount(of: $0) }
        if case .tick = input { progress.report(node: node, nowMs: nowMs, logger: logger) }
    }
}
