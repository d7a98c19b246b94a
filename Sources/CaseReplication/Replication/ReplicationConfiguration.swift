import CaseCore
import Foundation

/// Timings, fan-outs and batch bounds of gossip and log shipping.
///
/// Defaults follow hashicorp/memberlist's LAN profile where it applies
/// (probe every second, 500 ms probe timeout, 3 indirect probes, suspicion
/// multiplier 4) and Corrosion's split between fast push and periodic pull.
public struct ReplicationConfiguration: Sendable, Equatable {
    /// How often a node probes one member (round-robin over a shuffled list).
    public var probeIntervalMs: Int64 = 1_000
    /// How long a direct probe may take before indirect probes are asked for.
    public var probeTimeoutMs: Int64 = 500
    /// How many other members are asked to probe an unresponsive one.
    public var indirectProbes = 3
    /// Suspicion lasts `suspicionMultiplier × max(1, log10(N)) × probeIntervalMs`
    /// before a suspect is declared dead: long enough for the suspect to hear
    /// of it through gossip and refute, growing slowly with cluster size.
    public var suspicionMultiplier: Int64 = 4
    /// Each membership change is piggybacked `retransmitMultiplier × ⌈log10(N + 1)⌉`
    /// times: enough for gossip to reach every member with high probability.
    public var retransmitMultiplier = 4
    /// At most this many membership records ride on one message.
    public var maxGossipPerMessage = 8
    /// How often a node pulls from one random live peer (anti-entropy).
    public var syncIntervalMs: Int64 = 1_000
    /// How long a pull may go unanswered (no batch of its answer for this long) before this
    /// node pulls again; while it is in flight, no other pull goes out, periodic or not.
    /// One pull is in flight at a time (per node): without this bound, every push a lagging
    /// node could not use asked for the same batch again, and the answers (up to 1 MiB
    /// each) flooded both nodes' queues for minutes after a burst of filings.
    /// Why 5 s: the `answerWindowBatches` full batches of an answer in flight cross a LAN in well
    /// under a second; one lost (a dropped frame, a restarted peer) is asked again soon.
    public var pullTimeoutMs: Int64 = 5_000
    /// Batches of one sync answer on their way at once: sent and not yet acknowledged by
    /// the asker (`PacedAnswer`). A lagging node applies one while the next ones are
    /// already read, sent and prepared, instead of waiting a round trip per batch, and the
    /// answer goes on as it acknowledges what it stored. Why 12: the asker applies up to ten
    /// batches in one transaction (`PeerInbox`), and larger transactions write fewer index
    /// pages per event (a bootstrap of 1,000,000 dossiers: 73 s instead of 91 s with 4); with
    /// 12 in flight, batches keep arriving while it stores a group. 12 MiB at most per answer,
    /// three quarters of a peer's send queue. The sender's own setting: an asker running an
    /// older release takes the batches as they come.
    public var answerWindowBatches = 12
    /// Batches one sync answer sends in all, paced as above; the last says `hasMore` if
    /// the asker still lacks events, and it pulls again. Why 64: 32,000 events, a few
    /// seconds of a catch-up, so a long one still pulls afresh now and then (perhaps from
    /// another peer), while the round trip between answers is paid once per 32,000 events
    /// instead of once per window (6,000). An answer to a member of another province is not paced
    /// (it acknowledges in its own keys) and sends `answerWindowBatches` at most.
    public var maxBatchesPerSyncAnswer = 64
    /// How many peers a new event is pushed to, by its origin and by each node that first applies it.
    public var pushFanout = 3
    /// With provinces (`StreamScope`), how many members of each other province an origin
    /// pushes its events tagged with that province to. They forward within their province;
    /// a push lost on the way is made good by a pull. Why 2: one lost push or one member
    /// down still leaves the province a first holder at once.
    public var crossProvincePushFanout = 2
    /// With provinces, every this-many-th periodic pull goes to a member of another
    /// province (the others to the node's own): the sparse streams of other provinces'
    /// origins enter a province through its pulls from their holders, and then spread
    /// within it. Why 4: a lost cross-province push is made good within a few seconds,
    /// while three pulls in four keep the province's own streams converging as before.
    public var crossProvinceSyncEvery = 4
    /// With provinces, how many dossiers that entered this node's province it asks holders
    /// for the history of at once, each round (`ReplicationNode+Imports`). Why 8: a transfer
    /// into the province is a clerk's act, a few a minute; eight a second clears a merger's
    /// backlog of thousands in minutes without one node's answers crowding out its pulls.
    public var importsPerRound = 8
    /// With provinces, every this-many-th round a node reconciles one dossier it shares with
    /// another province (in code order) with a holder there (`ReplicationNode+Imports`). Why
    /// 1: a request is the dossier's code and the ids of its events held (a few hundred
    /// bytes), sent only by a node that shares dossiers, and a step that missed its hint is
    /// found within as many rounds as the node shares dossiers.
    public var reconcileEvery = 1
    /// How often a node exchanges its member list with a random peer (heals partitions):
    /// digest first, so an exchange between members that agree costs one small message.
    public var membershipExchangeIntervalMs: Int64 = 30_000
    /// How often a node holding token records sends their digest to a random live peer.
    /// Tokens change a few times a day and a digest is 42 bytes: once a second keeps a
    /// missed push (a peer that was down) from lasting longer than a few seconds.
    public var tokenDigestIntervalMs: Int64 = 1_000
    /// How often a node that knows no other live member retries its --join addresses.
    public var joinRetryIntervalMs: Int64 = 2_000
    /// Bounds on one batch of events: they keep frames small (see WireLimits) and
    /// let the receiver commit each batch in one short transaction.
    public var maxBatchEvents = 500
    public var maxBatchBytes = 1_048_576

    public init() {}

    /// For tests and simulations that run in virtual time: the same proportions, 10× faster.
    public static var fast: ReplicationConfiguration {
        var configuration = ReplicationConfiguration()
        configuration.probeIntervalMs = 100
        configuration.probeTimeoutMs = 50
        configuration.syncIntervalMs = 100
        configuration.pullTimeoutMs = 500
        configuration.membershipExchangeIntervalMs = 3_000
        configuration.joinRetryIntervalMs = 200
        configuration.tokenDigestIntervalMs = 100
        return configuration
    }

    /// How long a suspect has to refute before it is declared dead, in a cluster of `memberCount`.
    public func suspicionTimeoutMs(memberCount: Int) -> Int64 {
        let scale = max(1.0, log10(Double(max(memberCount, 1))))
        return Int64((Double(suspicionMultiplier) * scale * Double(probeIntervalMs)).rounded(.up))
    }

    /// How many times each membership change is piggybacked, in a cluster of `memberCount`.
    public func retransmitLimit(memberCount: Int) -> Int {
        retransmitMultiplier * Int(log10(Double(memberCount + 1)).rounded(.up))
    }

    /// How long a membership change may wait to be piggybacked before it is dropped unsent:
    /// one probe interval per send. A node sends at least one message (its probe) per
    /// interval, so a change is sent in full long before this unless the queue is backed up,
    /// as after many members joined at once; then old changes, which the periodic member-list
    /// exchange repairs anyway, must not hold back new ones. Without it, a change sent once
    /// waited behind thousands never sent, and a join took 48 rounds to reach 3,321 nodes.
    public func gossipLifetimeMs(memberCount: Int) -> Int64 {
        Int64(retransmitLimit(memberCount: memberCount)) * probeIntervalMs
    }
}
