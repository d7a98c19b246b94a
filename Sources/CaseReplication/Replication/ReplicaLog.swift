import CaseCore
/// The replication core's port to a node's durable event log: the SQLite
/// store on a real node, an in-memory log in the simulator. Both must behave
/// identically: one contract suite, `ReplicaLogContract` (Tests/TestSupport/ReplicaLogContract),
/// runs on each, as `SQLiteReplicaLogContractTests` (CaseStorageTests) and
/// `InMemoryReplicaLogContractTests` (CaseSimulationTests). It records the one known
/// difference: the SQLite log refuses a call holding any invalid event, the in-memory log
/// only one whose stored events leave a dossier that does not fold.
public protocol ReplicaLog: AnyObject, Sendable {
    /// What this log holds, per origin, without gaps.
    func versionVector() throws -> VersionVector

    /// The events a holder of `vector` lacks, origin by origin (origins sorted,
    /// each in sequence order), stopping before `maxEvents` or `maxBytes`
    /// (the sum of `ChangeEvent.estimatedEncodedBytes`) would be exceeded, but always at least
    /// one event if any is lacking.
    func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent]

    /// What this log can give a node of another province, `province`, in that node's
    /// stream keys (`StreamScope`): for each origin this log holds densely, `o@province`
    /// → the sequence of o's last event tagged `province`.
    func versionVector(servingProvince province: ProvinceCode) throws -> VersionVector

    /// The events tagged `province` that a node of that province holding `vector` (in its
    /// own keys) lacks, of the origins this log holds densely: bounded and ordered as
    /// `events(missingFrom:maxEvents:maxBytes:)`, each with its `predecessorLink`.
    func events(missingFrom vector: VersionVector, servingProvince province: ProvinceCode, maxEvents: Int, maxBytes: Int) throws
        -> [ChangeEvent]

    /// Applies received events in one atomic, durable step and returns those newly stored
    /// (origins sorted, each in sequence order).
    ///
    /// Each origin's events are taken in sequence order, whatever order they
    /// came in. An event is stored only if it extends its origin's contiguous prefix:
    /// one already held is ignored (so applying twice changes nothing), one
    /// after a gap is dropped (a later pull brings the missing ones in order).
    /// The version vector advances, and every affected dossier's state is
    /// refolded, in the same step.
    ///
    /// A run of an origin's events is stored only as far as `EventAuthentication`
    /// vouches for it under the log's `EventTrust`; the rest of that run is dropped
    /// (and fetched again later, from whichever peer is asked next), the other origins
    /// are stored. `certificates`: those the batch carried (the root-signed ones are
    /// kept, for this and later checks).
    func apply(_ events: [ChangeEvent], certificates: [Certificate]) throws -> [ChangeEvent]

    /// The certificates this log holds for the nodes `origins`, to send with their events.
    func certificates(of origins: [String]) throws -> [Certificate]

    /// Keeps the certificates a peer answered with (`ReplicationNode+Certificates`) as
    /// `apply` keeps a batch's: node certificates the cluster root signed, not held yet;
    /// the others are ignored. Each kept places its centre in the log's streams.
    func keep(certificates: [Certificate]) throws

    /// The streams the log holds as they grow (`LiveStreamScope`): each certificate it keeps
    /// places a centre, each merger it stores joins provinces. Its node's core follows them
    /// (`ReplicationDriver`). Nil for a log that never divides (a test's scripted log).
    var liveStreams: LiveStreamScope? { get }

    /// Keeps the cluster root's membership decisions, each unless one held about its
    /// member supersedes it (the core has verified them): from then on `apply` refuses a
    /// retired member's events after the decision's last sequence (`EventAuthentication`).
    func storeDecisions(_ decisions: [MembershipDecision]) throws

    /// The decisions held, sorted by member (given back to the core at start).
    func decisions() throws -> [MembershipDecision]

    /// The event with this identity, if held (used to measure lag in seconds).
    func event(_ id: EventID) throws -> ChangeEvent?

    /// A digest of all dossier state: equal digests mean equal replicas.
    func digest() throws -> StateDigest

    // MARK: Dossiers entering a province (docs/design/provinces.md)

    /// Dossiers that entered this node's province with history it does not hold yet (a
    /// step of theirs arrived in a sparse stream without their filing, or a hint said so),
    /// oldest first, at most `limit`.
    func pendingImports(limit: Int) throws -> [PendingImport]

    /// Part of dossier `code`'s history for a node of `province`: its events not in `held`
    /// and not tagged `province` (those reach it in its streams), each with its
    /// `predecessorLink`, bounded as `events(missingFrom:maxEvents:maxBytes:)`. Nil when
    /// this log does not hold the dossier as one of `province`'s: it gives no province
    /// what is not its own.
    func history(of code: String, servingProvince province: ProvinceCode, excluding held: [EventID], maxEvents: Int, maxBytes: Int) throws
        -> HistorySlice?

    /// Stores the events of dossier `code`'s history a holder sent (`history(of:)`), each
    /// as far as `ImportedEventAuthentication` vouches for it, refolds the dossier, and
    /// when `complete` and the dossier folds, no longer counts it pending. Returns the
    /// events newly stored. `certificates`: those the answer carried.
    func importHistory(_ events: [ChangeEvent], of code: String, certificates: [Certificate], complete: Bool) throws -> [ChangeEvent]

    /// Counts dossier `code` pending (a hint), if this node holds any event of it.
    func notePendingImport(_ code: String) throws

    /// The next dossier after `cursor` (by code, wrapping round) that this node shares with
    /// another province (it holds events of it that are in no dense stream of its own), to
    /// reconcile with a holder; nil when it shares none.
    func sharedDossier(after cursor: String) throws -> PendingImport?

    /// The hints `stored` (events just applied) call for: for each dossier they bring into a
    /// province, when this node wrote events of it that are not tagged with that province.
    func importHints(after stored: [ChangeEvent]) throws -> [ImportHint]

    /// Keeps the cluster root's province mergers (the core verified them) and follows them:
    /// the streams this log holds become those of its province as merged (`StreamScope.adding`).
    func storeProvinceMerges(_ merges: [ProvinceMerge]) throws
}

extension ReplicaLog {
    /// Applies events that come with no certificates (see `apply(_:certificates:)`).
    public func apply(_ events: [ChangeEvent]) throws -> [ChangeEvent] {
        try apply(events, certificates: [])
    }
}

/// What a log that never divides into provinces (a test's scripted log) does about
/// dossiers entering a province: nothing, as the SQLite and in-memory logs do without
/// provinces. A log that wraps another forwards these instead.
extension ReplicaLog {
    public func pendingImports(limit: Int) throws -> [PendingImport] { [] }

    public func history(of code: String, servingProvince province: ProvinceCode, excluding held: [EventID], maxEvents: Int, maxBytes: Int) throws
        -> HistorySlice? { nil }

    public func importHistory(_ events: [ChangeEvent], of code: String, certificates: [Certificate], complete: Bool) throws -> [ChangeEvent] { [] }

    public func notePendingImport(_ code: String) throws {}

    public func importHints(after stored: [ChangeEvent]) throws -> [ImportHint] { [] }

    public func sharedDossier(after cursor: String) throws -> PendingImport? { nil }

    public func storeProvinceMerges(_ merges: [ProvinceMerge]) throws {}
}
