import CaseCore
import Synchronization
import CaseReplication

/// The replication core's `ReplicaLog` port over a node's `CaseStore`.
///
/// A wrapper rather than a conformance of `CaseStore` itself: it keeps the counters of
/// anomalies seen while applying (which `ReplicaLog` has no way to return), and the store
/// stays a plain database with no replication policy of its own. Reads use the store's
/// reader connections; `apply` is one `CaseStore.write` transaction, serialised with the
/// node's own filings and steps on the single writer.
public final class SQLiteReplicaLog: ReplicaLog, Sendable {
    public let store: CaseStore
    private let anomalyCounts = Mutex(ReplicaLogAnomalies())
    /// Told of every run of events not stored for want of a valid signature, after the
    /// transaction that dropped it (for the node's log and metrics).
    private let refused: @Sendable (EventRefusal) -> Void

    /// The node whose log this is: the writer of the events an import hint is about.
    private let selfID: String

    public init(store: CaseStore, selfID: String = "", refused: @escaping @Sendable (EventRefusal) -> Void = { _ in }) {
        self.store = store
        self.selfID = selfID
        self.refused = refused
    }

    /// What this log holds, per origin, without gaps.
    public func versionVector() throws -> VersionVector {
        try store.read { VersionVector(try $0.versionVector()) }
    }

    /// See `CaseStoreReader.events(missingFrom:maxEvents:maxBytes:)`.
    public func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] {
        try store.read { try $0.events(missingFrom: vector, maxEvents: maxEvents, maxBytes: maxBytes) }
    }

    /// What this log can serve a node of another province (`ReplicaLog`).
    public func versionVector(servingProvince province: ProvinceCode) throws -> VersionVector {
        let streams = store.streams
        return try store.read { try $0.versionVector(servingTags: streams.directory.streams(of: province), dense: streams.holdsDensely) }
    }

    /// The events tagged `province` that a node of that province lacks (`ReplicaLog`).
    public func events(missingFrom vector: VersionVector, servingProvince province: ProvinceCode, maxEvents: Int, maxBytes: Int) throws
        -> [ChangeEvent] {
        let streams = store.streams
        return try store.read {
            try $0.events(
                missingFrom: vector, servingTags: streams.directory.streams(of: province), dense: streams.holdsDensely,
                maxEvents: maxEvents, maxBytes: maxBytes)
        }
    }

    /// Applies received events in one transaction (see `CaseStoreWriter.applyReplicated`) and
    /// returns those newly stored. Throws `ReplicatedBatchRefusal` for a batch with an invalid
    /// event, storing none of it.
    public func apply(_ events: [ChangeEvent], certificates: [Certificate]) throws -> [ChangeEvent] {
        // An empty batch (a sync answer with nothing to send) needs no write lock.
        guard !events.isEmpty else { return [] }
        let outcome = try store.write { try $0.applyReplicated(events, certificates: certificates) }
        anomalyCounts.withLock { counts in
            if let last = outcome.divergentDuplicates.last {
                counts.divergentDuplicates += Int64(outcome.divergentDuplicates.count)
                counts.lastDivergentDuplicate = last
            }
            counts.refusedRuns += Int64(outcome.refusals.count)
        }
        outcome.refusals.forEach(refused)
        return outcome.stored
    }

    /// Keeps the root's province mergers, which the store's streams then follow (`CaseStoreWriter.storeProvinceMerges`).
    public func storeProvinceMerges(_ merges: [ProvinceMerge]) throws {
        try store.storeProvinceMerges(merges)
    }

    // MARK: Dossiers entering a province

    public func pendingImports(limit: Int) throws -> [PendingImport] {
        let streams = store.streams
        return try store.read { reader in
            try reader.pendingImportCodes(limit: limit).map { code in
                HistoryImportRules.pending(code, held: try reader.events(forDossier: code), scope: streams)
            }
        }
    }

    public func history(of code: String, servingProvince province: ProvinceCode, excluding held: [EventID], maxEvents: Int, maxBytes: Int) throws
        -> HistorySlice? {
        let directory = store.streams.directory
        return try store.read { reader in
            HistoryImportRules.slice(
                of: try reader.eventsWithPredecessorLinks(forDossier: code), for: province, excluding: held, directory: directory,
                maxEvents: maxEvents, maxBytes: maxBytes)
        }
    }

    public func importHistory(_ events: [ChangeEvent], of code: String, certificates: [Certificate], complete: Bool) throws -> [ChangeEvent] {
        let outcome = try store.write { try $0.importHistory(events, of: code, certificates: certificates, complete: complete) }
        outcome.refusals.forEach(refused)
        return outcome.stored
    }

    public func sharedDossier(after cursor: String) throws -> PendingImport? {
        let streams = store.streams
        return try store.read { reader in
            try reader.sharedDossierCode(after: cursor).map { code in
                HistoryImportRules.pending(code, held: try reader.events(forDossier: code), scope: streams)
            }
        }
    }

    public func notePendingImport(_ code: String) throws {
        try store.write { try $0.notePendingImport(code) }
    }

    public func importHints(after stored: [ChangeEvent]) throws -> [ImportHint] {
        let streams = store.streams
        guard streams.isDivided, !selfID.isEmpty else { return [] }
        return try store.read { reader in
            try HistoryImportRules.hints(after: stored, selfID: selfID, scope: streams) { try reader.events(forDossier: $0) }
        }
    }

    public func certificates(of origins: [String]) throws -> [Certificate] {
        try store.read { reader in try origins.flatMap { try reader.certificates(of: $0) } }
    }

    public var liveStreams: LiveStreamScope? { store.liveStreams }

    public func keep(certificates: [Certificate]) throws {
        try store.keepCertificates(certificates)
    }

    public func storeDecisions(_ decisions: [MembershipDecision]) throws {
        guard !decisions.isEmpty else { return }
        try store.write { try $0.storeMembershipDecisions(decisions) }
    }

    public func decisions() throws -> [MembershipDecision] {
        try store.read { try $0.membershipDecisions() }
    }

    public func event(_ id: EventID) throws -> ChangeEvent? {
        try store.read { try $0.event(id) }
    }

    /// The maintained digest of all dossier state (O(1); see `CaseStoreReader.stateDigest()`).
    public func digest() throws -> StateDigest {
        try store.read { try $0.stateDigest() }
    }

    /// Anomalies seen since this log was created, for metrics and logs.
    public var anomalies: ReplicaLogAnomalies {
        anomalyCounts.withLock { $0 }
    }
}
