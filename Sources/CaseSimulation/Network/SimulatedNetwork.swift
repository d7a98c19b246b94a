import CaseWire
import CaseSupport
import CaseReplication

/// The wire between simulated nodes: messages in flight with delivery times,
/// and the faults of a real network (loss, delay, duplication, reordering,
/// partitions as sets of cut directed links).
///
/// Every decision is drawn from one seeded `SplitMix64`, in the order the
/// messages are sent, so a seed replays the same network exactly.
public final class SimulatedNetwork {
    /// How messages sent from now on are treated.
    public var conditions: NetworkConditions
    /// What happened on the wire so far.
    public private(set) var statistics = NetworkStatistics()
    /// The directed links that lose everything sent over them.
    public private(set) var cutLinks: Set<Link> = []

    /// Whether `statistics.sentBytes` is kept: it encodes every message sent,
    /// which costs time, so only runs that report bytes (the scale benchmark) turn it on.
    public var countsBytes = false

    /// A bound on messages in flight: a simulated cluster has a few hundred
    /// at a time; past this a protocol bug is flooding the network, and the
    /// excess is lost as a full socket buffer would lose it.
    public static let maxInFlight = 100_000

    private var random: SplitMix64
    private var queue = DeliveryQueue()
    private var nextSequence: UInt64 = 0
    private var downNodes: Set<String> = []

    /// A network drawing its decisions from `seed`, all links up, nothing in flight.
    public init(seed: UInt64, conditions: NetworkConditions = .calm) {
        self.random = SplitMix64(seed: seed)
        self.conditions = conditions
    }

    /// How many messages are on the wire.
    public var inFlightCount: Int { queue.count }

    /// When the next message is due, if any is in flight.
    public var nextDeliveryAtMs: Int64? { queue.first?.deliverAtMs }

    /// Puts a message on the wire from `from` to `to`, unless it is lost.
    public func send(_ message: PeerMessage, from: String, to: String, nowMs: Int64) {
        statistics.sent += 1
        if countsBytes {
            let bytes = FrameHeader.byteCount + PeerMessageCodec.encodePayload(message).count
            statistics.sentBytes += bytes
            statistics.sentBytesByKind[message.kind, default: 0] += bytes
            statistics.sentByKind[message.kind, default: 0] += 1
        }
        if downNodes.contains(to) {
            statistics.droppedAtDownNode += 1
            return
        }
        if isCut(from: from, to: to) {
            statistics.droppedByPartition += 1
            return
        }
        if chance(conditions.dropProbability) {
            statistics.dropped += 1
            return
        }
        enqueue(message, from: from, to: to, nowMs: nowMs)
        if chance(conditions.duplicateProbability) {
            statistics.duplicated += 1
            enqueue(message, from: from, to: to, nowMs: nowMs)
        }
    }

    /// The next message due at or before `limitMs`, in (time, sequence)
    /// order. A message whose link was cut while it was in flight is lost.
    public func nextDelivery(notAfterMs limitMs: Int64) -> InFlightMessage? {
        while let first = queue.first, first.deliverAtMs <= limitMs {
            let message = queue.popFirst()!
            if isCut(from: message.from, to: message.to) {
                statistics.droppedByPartition += 1
                continue
            }
            statistics.delivered += 1
            return message
        }
        return nil
    }

    /// A node crashed: every message in flight to it is lost (its connections
    /// are gone), and so is everything sent to it until `nodeUp`.
    public func nodeDown(_ node: String) {
        downNodes.insert(node)
        statistics.droppedAtDownNode += queue.removeAll { $0.to == node }
    }

    /// A node restarted and accepts connections again.
    public func nodeUp(_ node: String) {
        downNodes.remove(node)
    }

    // MARK: - Partitions

    /// Whether what `from` sends to `to` is lost.
    public func isCut(from: String, to: String) -> Bool {
        !cutLinks.isEmpty && cutLinks.contains(Link(from: from, to: to))
    }

    /// Cuts one direction: what `from` sends to `to` is lost.
    public func cut(from: String, to: String) {
        cutLinks.insert(Link(from: from, to: to))
    }

    /// Cuts both directions between every node of `side` and every node of `otherSide`.
    public func partition(_ side: [String], from otherSide: [String]) {
        for a in side {
            for b in otherSide where a != b {
                cut(from: a, to: b)
                cut(from: b, to: a)
            }
        }
    }

    /// Restores every link.
    public func healPartitions() {
        cutLinks.removeAll()
    }

    // MARK: - Private

    private func enqueue(_ message: PeerMessage, from: String, to: String, nowMs: Int64) {
        guard queue.count < Self.maxInFlight else {
            statistics.droppedByOverflow += 1
            return
        }
        var delayMs = Int64.random(in: conditions.latencyMs, using: &random)
        if chance(conditions.reorderProbability) {
            statistics.detoured += 1
            delayMs += Int64.random(in: conditions.detourMs, using: &random)
        }
        nextSequence += 1
        queue.insert(
            InFlightMessage(
                from: from, to: to, message: message, sentAtMs: nowMs, deliverAtMs: nowMs + delayMs, sequence: nextSequence))
    }

    /// Draws only when the probability is neither 0 nor 1, so that calm
    /// conditions do not consume random numbers (and a calm run's trace does
    /// not depend on how many messages were sent).
    private func chance(_ probability: Double) -> Bool {
        if probability <= 0 { return false }
        if probability >= 1 { return true }
        return Double.random(in: 0..<1, using: &random) < probability
    }
}
