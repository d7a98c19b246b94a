import CaseCore
/// What the replication core hands to its transport: a message and where it goes.
public struct Envelope: Equatable, Sendable {
    public var destination: Destination
    public var message: PeerMessage
    /// What goes instead on a session too old to carry `message` (a peer of an older build):
    /// the member-list digest falls back to the whole list, so a mixed cluster still heals.
    /// Only the transport knows a session's version, so it chooses; nil: such a session drops
    /// the message.
    public var fallback: PeerMessage?

    public init(_ destination: Destination, _ message: PeerMessage, fallback: PeerMessage? = nil) {
        self.destination = destination
        self.message = message
        self.fallback = fallback
    }
}

public enum Destination: Equatable, Sendable {
    /// A known member, at the peer address its record advertises.
    case member(id: String, address: String)
    /// An address whose node is not known yet (a --join seed).
    case address(String)
}

/// An event batch and the member that sent it.
public struct ReceivedBatch: Equatable, Sendable {
    public var sender: String
    public var batch: EventBatch

    public init(sender: String, batch: EventBatch) {
        self.sender = sender
        self.batch = batch
    }
}

/// What drives the replication core. Time is always passed alongside, never read.
public enum ReplicationInput: Equatable, Sendable {
    /// Time has passed: run whatever timers are due.
    case tick
    /// A message arrived from the member `from` (identified by the transport's handshake).
    case received(from: String, PeerMessage)
    /// Event batches that arrived one after another, applied together: a node whose
    /// queue holds several (a burst of pushes, a streamed sync answer) stores them in
    /// one transaction instead of one each. The same as receiving them one by one,
    /// but for that; one batch the log refuses does not hold back the others.
    case receivedBatches([ReceivedBatch])
    /// This node committed new events of its own (durably): push them out.
    /// `throughSequence` is the highest sequence of its own committed so far, which
    /// may lie past the events given (a runtime that fell behind pushes only some).
    case localEventsCommitted([ChangeEvent], throughSequence: Int64)
    /// Contact these peer addresses to join the cluster (retried until a member answers).
    case join(addresses: [String])
    /// An admin retired this member (a commune merger): it is marked retired in
    /// the next admin epoch, the news spreads by gossip, and from then on this
    /// node never probes, syncs with or pushes to it. Ignored for this node
    /// itself, an unknown member, or one already retired.
    case retire(memberID: String)
    /// An admin re-admits a retired member: alive in the next admin epoch,
    /// spread by gossip. Ignored unless the member is known and retired.
    case readmit(memberID: String)
    /// The cluster root decided about a member (retired or re-admitted; casectl signed it,
    /// the runtime verified and stored it): applied here at once and pushed to every live
    /// peer. In a cluster with a root key, the only way to retire or re-admit a member;
    /// `retire` and `readmit` are then ignored.
    case decide(MembershipDecision)
    /// The cluster root published a holiday schedule at this node (the runtime verified and
    /// stored it): held here, and pushed to every live peer at once.
    case publishHolidays(HolidaySchedule)
    /// The cluster root merged a province into another (casectl signed it; the runtime
    /// verified and stored it): held here, and pushed to every live peer at once.
    case publishProvinceMerge(ProvinceMerge)
    /// The outcome of a `ReplicationOutput.apply`.
    case applied(ApplyOutcome)
    /// The outcome of a `ReplicationOutput.read`.
    case read(LogRead, LogReadResult)
    /// Token records durable at this node: created or revoked here (pushed to every live
    /// peer at once), or held when it started.
    case localTokens([TokenRecord])
    /// The outcome of a `ReplicationOutput.storeTokens`.
    case tokensStored(TokenStoreOutcome)
    /// The outcome of a `ReplicationOutput.findImports`.
    case importsPending([PendingImport])
    /// The outcome of a `ReplicationOutput.readHistory`: nil when the log does not serve it.
    case historyRead(HistoryRead, HistorySlice?)
    /// The outcome of a `ReplicationOutput.importHistory`.
    case historyImported(HistoryImported)
    /// The outcome of a `ReplicationOutput.findShared`.
    case sharedFound(PendingImport?)
}

extension ReplicationInput {
    /// Local events committed, the last of them being the newest this node committed.
    public static func localEventsCommitted(_ events: [ChangeEvent]) -> ReplicationInput {
        .localEventsCommitted(events, throughSequence: events.map(\.sequence).max() ?? 0)
    }
}

/// What the replication core asks of the code that drives it, in order. The
/// driver performs each one and reports the outcome of an `apply` or a `read`
/// as the next input, before any other: the core keeps no storage of its own.
public enum ReplicationOutput: Equatable, Sendable {
    /// Send this message.
    case send(Envelope)
    /// Store these batches' events durably (one transaction where the log allows),
    /// then report `ReplicationInput.applied`. Acks and forwards wait for it:
    /// nothing is announced before it is stored.
    case apply([ReceivedBatch])
    /// Read one batch of the events a peer lacks, then report `ReplicationInput.read`.
    case read(LogRead)
    /// Persist this node's retired members (a restart must know them) before
    /// sending anything that follows.
    case persistRetired([MemberRecord])
    /// Store token records learnt from the peer `from` (merged with those held, all or
    /// nothing), then report `ReplicationInput.tokensStored`.
    case storeTokens([TokenRecord], from: String)
    /// Persist the cluster root's membership decisions this node holds (all of them,
    /// sorted by member): the log refuses a revoked member's later events by them, and a
    /// restart must know them. Before sending anything that follows.
    case persistDecisions([MembershipDecision])
    /// Persist the cluster root's holiday schedules this node holds (all of them, by year),
    /// which the node's calendar then follows. Before sending anything that follows.
    case persistHolidaySchedules([HolidaySchedule])
    /// Persist the cluster root's province mergers this node holds (all of them, by merged
    /// province, `ReplicaLog.storeProvinceMerges`): the log's streams follow them. Before
    /// sending anything that follows.
    case persistProvinceMerges([ProvinceMerge])
    /// Read the dossiers awaiting their history (`ReplicaLog.pendingImports`), then report
    /// `ReplicationInput.importsPending`.
    case findImports(limit: Int)
    /// Read the history a node of another province asked for (`ReplicaLog.history(of:)`),
    /// then report `ReplicationInput.historyRead`.
    case readHistory(HistoryRead)
    /// Store a dossier's history a holder sent (`ReplicaLog.importHistory`), then report
    /// `ReplicationInput.historyImported`.
    case importHistory(HistoryAnswer, from: String)
    /// Count a dossier pending, as a hint asked (`ReplicaLog.notePendingImport`).
    case notePendingImport(String)
    /// Read the next dossier shared with another province after a code
    /// (`ReplicaLog.sharedDossier`), then report `ReplicationInput.sharedFound`.
    case findShared(after: String)
    /// Send `to` the certificates the log holds of these members (`ReplicaLog.certificates(of:)`),
    /// at most `ReplicationNode.maxCertificatesPerAnswer`, as `PeerMessage.certificates`;
    /// nothing when it holds none.
    case answerCertificates([String], to: Destination)
    /// Keep these certificates a peer answered with (`ReplicaLog.keep(certificates:)`): the
    /// log verifies them against the root, and the node's scope places their centres.
    case keepCertificates([Certificate])
}

/// A history request being answered: from whom, for which of its province's dossiers.
public struct HistoryRead: Equatable, Sendable {
    public var peer: String
    public var province: ProvinceCode
    public var request: HistoryRequest
    public var maxEvents: Int
    public var maxBytes: Int

    public init(peer: String, province: ProvinceCode, request: HistoryRequest, maxEvents: Int, maxBytes: Int) {
        self.peer = peer
        self.province = province
        self.request = request
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
    }
}

/// What storing an imported history did.
public struct HistoryImported: Equatable, Sendable {
    public var dossier: String
    public var from: String
    /// Whether the holder said more remains: the core asks it again at once.
    public var hasMore: Bool
    public var stored: [ChangeEvent]
    public var error: String?

    public init(dossier: String, from: String, hasMore: Bool, stored: [ChangeEvent], error: String? = nil) {
        self.dossier = dossier
        self.from = from
        self.hasMore = hasMore
        self.stored = stored
        self.error = error
    }
}

/// What storing token records did: the records that changed, or why nothing was stored.
public struct TokenStoreOutcome: Equatable, Sendable {
    public var stored: [TokenRecord]
    public var error: String?

    public init(stored: [TokenRecord], error: String? = nil) {
        self.stored = stored
        self.error = error
    }
}

/// A request for the events a holder of `after` lacks: at most `maxEvents`,
/// within about `maxBytes` encoded, but at least one if any is lacking
/// (`ReplicaLog.events(missingFrom:maxEvents:maxBytes:)`). The rest of the
/// fields are the core's own, carried to the outcome so it needs no table of
/// reads in progress.
public struct LogRead: Equatable, Sendable {
    /// The member the events are for.
    public var peer: String
    public var after: VersionVector
    public var maxEvents: Int
    public var maxBytes: Int
    /// What this node held when it decided to answer: sent as the batches' sender vector.
    public var mine: VersionVector
    /// How many more batches this answer may send, this one included.
    public var batchesLeft: Int
    /// Answer with an empty batch if nothing is lacking.
    public var always: Bool
    /// Batches of this answer already sent (each said `continues`).
    public var batchesSent: Int
    /// The peer's province when it holds other streams than this node (`StreamScope`): the
    /// log then serves only that province's events, in the peer's keys, and tells what it
    /// can serve (`mine`, filled in by the driver). Nil for a peer of this node's province.
    public var servingProvince: ProvinceCode?
    /// The answer goes on only as the peer acknowledges its batches (`PacedAnswer`).
    public var isPaced: Bool

    public init(
        peer: String, after: VersionVector, maxEvents: Int, maxBytes: Int, mine: VersionVector, batchesLeft: Int, always: Bool,
        batchesSent: Int = 0, servingProvince: ProvinceCode? = nil, isPaced: Bool = false
    ) {
        self.servingProvince = servingProvince
        self.isPaced = isPaced
        self.peer = peer
        self.after = after
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        self.mine = mine
        self.batchesLeft = batchesLeft
        self.always = always
        self.batchesSent = batchesSent
    }
}

/// The events a `LogRead` found, or why reading failed.
public enum LogReadResult: Equatable, Sendable {
    case events([ChangeEvent])
    case failed(String)
}

/// What applying received batches did: the events newly stored, the batches
/// (by position) the log refused, why, and the log's version vector afterwards.
public struct ApplyOutcome: Equatable, Sendable {
    public var batches: [ReceivedBatch]
    public var stored: [ChangeEvent]
    public var refused: Set<Int>
    public var errors: [String]
    /// Nil if it could not be read: the core then advances by `stored` alone.
    public var versionVector: VersionVector?
    /// The hints the stored events call for (`ReplicaLog.importHints`), sent by the core.
    public var hints: [ImportHint] = []

    public init(
        batches: [ReceivedBatch], stored: [ChangeEvent], refused: Set<Int> = [], errors: [String] = [],
        versionVector: VersionVector? = nil
    ) {
        self.batches = batches
        self.stored = stored
        self.refused = refused
        self.errors = errors
        self.versionVector = versionVector
    }
}
