import CaseCore
import CaseReplication
import CaseStorage
import CaseSupport
import Synchronization
import CaseSQLite

/// The node's dossier operations: file, act, look up, search.
///
/// Validation happens before the database is touched; every change then
/// becomes one event plus the state derived from it, in one durable
/// transaction. A caller hears "done" only after that commit.
public final class DossierService: Sendable {
    public let nodeID: String
    public let agency: String
    public let catalogue: ProcedureCatalogue
    /// The working calendar due dates are computed with now: replaced when the cluster
    /// root publishes a holiday schedule (`HolidayCalendarKeeper`); a decision reads it once.
    public var calendar: WorkingCalendar { currentCalendar.withLock { $0 } }
    private let currentCalendar: Mutex<WorkingCalendar>
    // Internal, not private: the report (DossierService+Report) and handover read it too.
    let store: CaseStore
    /// Refuses local writes while the database is damaged or being rebuilt from peers.
    public let storageGate: StorageGate
    private let clock: any WallClock
    private let hlc: Mutex<HybridLogicalClock>
    private let commitObservers = Mutex<[@Sendable ([ChangeEvent]) -> Void]>([])
    /// Where the service learns the cluster's centres (`learnCentres`); nil: it checks none.
    /// In a `StoredClosure`: a bare closure read out of a `Mutex` grows a thunk at every read.
    private let memberSource = Mutex<StoredClosure<[String: Bool]?>?>(nil)
    /// Where the service reads the membership a `not_held` answer picks its contact from
    /// (`learnContacts`); nil: it names none.
    private let contactSource = Mutex<StoredClosure<[MemberRecord]>?>(nil)

    public init(
        nodeID: String, agency: String, store: CaseStore, catalogue: ProcedureCatalogue,
        calendar: WorkingCalendar, clock: any WallClock, storageGate: StorageGate = StorageGate()
    ) throws {
        self.storageGate = storageGate
        self.nodeID = nodeID
        self.agency = agency
        self.store = store
        self.catalogue = catalogue
        self.currentCalendar = Mutex(calendar)
        self.clock = clock
        let latest = try store.read { try $0.latestTimestamp() }
        self.hlc = Mutex(HybridLogicalClock(last: latest))
    }

    public var now: Instant { Instant(millisecondsSinceEpoch: clock.nowMs()) }

    /// Dates every later filing and step by `calendar`; what is already decided keeps its dates.
    public func useCalendar(_ calendar: WorkingCalendar) {
        currentCalendar.withLock { $0 = calendar }
    }

    /// Calls `observer` with the events of every local change after it is durable
    /// (replication pushes them to peers from there).
    public func onCommit(_ observer: @escaping @Sendable ([ChangeEvent]) -> Void) {
        commitObservers.withLock { $0.append(observer) }
    }

    /// Takes the timestamps of events received from other nodes into account,
    /// so that this node's next steps sort after everything it has seen.
    public func observe(_ timestamp: HLCTimestamp) {
        let wall = clock.nowMs()
        hlc.withLock { $0.observe(timestamp, wallClockMs: wall) }
    }

    /// What a filing or a step gave: the dossier, and whether the request was a retry of one
    /// already decided (its `IdempotencyRecord` held here), answered without a new event.
    public struct Outcome: Sendable {
        public let dossier: Dossier
        public let replayed: Bool
    }

    /// Files a dossier; returns it once it is durable.
    public func file(_ request: FilingRequest) throws(ServiceError) -> Dossier {
        try fileOrReplay(request).dossier
    }

    /// Files a dossier, or, when the request's idempotency key was used for this same filing
    /// before (here or at a node this one replicates from), answers with that dossier and
    /// writes nothing; refuses (422) the key used for a different request.
    public func fileOrReplay(_ request: FilingRequest) throws(ServiceError) -> Outcome {
        let filing: DossierDecisions.CheckedFiling
        do {
            filing = try DossierDecisions.check(request, against: catalogue)
        } catch {
            throw ServiceError.refused(error)
        }
        let centres = try knownCentres()
        return try committing { [self] writer in
            if let replayed = try replay(request.idempotency, writer) { return (replayed, nil) }
            let context = try decisionContext(writer, centres: centres)
            let day = VietnamTime.civilDate(of: context.timestamp.instant)
            let code = DossierCode(agency: agency, date: day, sequence: try writer.reserveDailySequence(agency: agency, day: day))
            return try record(DossierDecisions.file(filing, code: code, context: context), in: writer)
        }
    }

    /// Applies a workflow step asked for by `authority` (the caller's token); refuses, changing
    /// nothing, one outside its lane with 403 and an illegal one with 409.
    public func act(on code: String, _ request: ActionRequest, by authority: ActingAuthority) throws(ServiceError) -> Dossier {
        try actOrReplay(on: code, request, by: authority).dossier
    }

    /// `act`, answering a retry of a step already taken as `fileOrReplay` answers a filing's.
    public func actOrReplay(on code: String, _ request: ActionRequest, by authority: ActingAuthority) throws(ServiceError) -> Outcome {
        // Checked before the database is touched, and again (the same rule) in the decision.
        do {
            try DossierDecisions.check(request)
        } catch {
            throw ServiceError.refused(error)
        }
        let centres = try knownCentres()
        return try answeringAbsence(of: code) { () throws(ServiceError) in
            try committing { [self] writer in
                if let replayed = try replay(request.idempotency, writer) { return (replayed, nil) }
                let history = try writer.reader.events(forDossier: code)
                let context = try decisionContext(writer, after: history, centres: centres)
                let decision = try DossierDecisions.act(request, by: authority, history: history, code: code, context: context)
                return try record(decision, in: writer)
            }
        }
    }

    /// The dossier a retry is answered with, as it stands now; nil when the request carries no
    /// key or a key this node does not hold (decide it as new). Looked up inside the write
    /// transaction, so two copies of one request racing each other make one event, not two.
    func replay(_ record: IdempotencyRecord?, _ writer: CaseStoreWriter) throws -> Dossier? {
        guard let record else { return nil }
        let held = try writer.reader.idempotencyKey(scope: record.scope, key: record.key)
        guard let code = try DossierDecisions.retry(record, held: held) else { return nil }
        // The key's event is held, its dossier's filing may not be yet (replicated out of order).
        guard let dossier = try DossierReducer.fold(try writer.reader.events(forDossier: code)) else {
            throw DossierRefusal.retryNotReady(code)
        }
        return dossier
    }

    /// Where and when this node decides now: the next sequence of its log, and a timestamp
    /// after every event of `history` (the step must sort after everything it was decided on).
    func decisionContext(_ writer: CaseStoreWriter, after history: [ChangeEvent] = [], centres: CentreDirectory = .unchecked) throws -> DecisionContext {
        if let latest = history.map(\.timestamp).max() { observe(latest) }
        return DecisionContext(
            node: nodeID, sequence: try writer.nextSequence(origin: nodeID), timestamp: tick(), calendar: calendar, centres: centres)
    }

    /// Tells the service where to learn the centres it checks filings and transfers against:
    /// `source` gives every member's id (this node's included) and whether it is retired, or
    /// nil while it does not know (replication still starting: then nothing is checked).
    public func learnCentres(from source: @escaping @Sendable () -> [String: Bool]?) {
        memberSource.withLock { $0 = StoredClosure(source) }
    }

    /// Tells the service where to read the members, with their states and API addresses, when a
    /// dossier of another province is asked for (`absent`). Unlike `learnCentres` it must not
    /// wait on replication: it answers a read, which should not queue behind a catch-up.
    public func learnContacts(from source: @escaping @Sendable () -> [MemberRecord]) {
        contactSource.withLock { $0 = StoredClosure(source) }
    }

    /// The members as `learnContacts`' source gives them; none before it is set.
    func contactMembers() -> [MemberRecord] {
        contactSource.withLock { $0 }?.call() ?? []
    }

    /// The centres this node knows now, with the successors of the retired ones. Read before
    /// the write transaction: the member source waits on replication, which may be waiting
    /// for the writer.
    func knownCentres() throws(ServiceError) -> CentreDirectory {
        guard let source = memberSource.withLock({ $0 }), let members = source.call() else { return store.streams.centreDirectory(nil) }
        var successors: [String: String] = [:]
        if members.values.contains(true) {
            do {
                successors = try store.read { try $0.centreSuccessors() }
            } catch {
                throw storageGate.failure(error)
            }
        }
        // With provinces, a centre whose certificate this node has not seen cannot be placed,
        // so no event may name it yet: its province would be missing from the event's tags.
        return store.streams.centreDirectory(members.reduce(into: [:]) { standings, member in
            standings[member.key] = member.value ? .retired(successor: successors[member.key]) : .active
        })
    }

    /// Appends a decision's event and saves the state it gives, in the writer's transaction.
    /// Returns the event as stored: linked into this node's chain and signed, as it replicates.
    func record(_ decision: DossierDecision, in writer: CaseStoreWriter) throws -> (Dossier, ChangeEvent) {
        let stored = try writer.append(decision.event)
        try writer.save(decision.dossier)
        return (decision.dossier, stored)
    }

    public func dossier(code: String) throws(ServiceError) -> StoredDossier {
        let found: StoredDossier?
        do {
            found = try store.read { try $0.dossier(code: code) }
        } catch {
            throw ServiceError.storage(error)
        }
        guard let found else { throw absent(code) }
        return found
    }

    public func search(_ query: DossierQuery) throws(ServiceError) -> DossierPage {
        do {
            return try store.read { try $0.search(query, now: now) }
        } catch {
            throw ServiceError.storage(error)
        }
    }

    func tick() -> HLCTimestamp {
        let wall = clock.nowMs()
        return hlc.withLock { $0.tick(wallClockMs: wall) }
    }

    /// Runs one write transaction that produces one event (or none, for a replayed retry);
    /// once it is durable, tells the commit observers.
    ///
    /// Concurrent steps share one durable commit (group commit): each caller
    /// still hears back only after the commit that carried its step. The observers
    /// hear in commit order (the group's leader tells them): told by each caller
    /// as it woke, replication pushed events out of sequence, and a peer could store
    /// none after the gap until its next pull.
    func committing(_ body: @escaping @Sendable (CaseStoreWriter) throws -> (Dossier, ChangeEvent?)) throws(ServiceError) -> Outcome {
        try storageGate.admitLocalWrite()
        do {
            let (dossier, event) = try store.groupWrite(body, committed: { [self] _, event in notifyCommitted(event.map { [$0] } ?? []) })
            return Outcome(dossier: dossier, replayed: event == nil)
        } catch {
            throw storageGate.failure(error)
        }
    }

    /// Tells the commit observers about events that are durable now.
    func notifyCommitted(_ events: [ChangeEvent]) {
        guard !events.isEmpty else { return }
        for observer in commitObservers.withLock({ $0 }) { observer(events) }
    }
}

extension DossierService {
    /// Forgets the idempotency keys older than `DossierDecisions.idempotencyRetentionMs`
    /// (their events keep them; see docs/idempotency.md); returns how many. Run at start:
    /// keys only need to outlive a clerk's retries, and the index grows by one row per keyed change.
    public func pruneIdempotencyKeys() throws(ServiceError) -> Int {
        let cutoff = clock.nowMs() - DossierDecisions.idempotencyRetentionMs
        do {
            return try store.write { try $0.pruneIdempotencyKeys(olderThanMs: cutoff) }
        } catch {
            throw storageGate.failure(error)
        }
    }

    /// Counts for metrics: dossiers by status and events held.
    /// How many local steps shared each durable commit so far.
    public var groupCommitStatistics: GroupCommitStatistics { store.groupCommitStatistics }

    /// What the WAL checkpoints beside the writer did so far.
    public var checkpointStatistics: CheckpointStatistics { store.checkpointStatistics }

    public func statistics() throws(ServiceError) -> (countsByStatus: [DossierStatus: Int], eventCount: Int64) {
        do {
            return try store.read { reader in (try reader.countsByStatus(), try reader.eventCount()) }
        } catch {
            throw ServiceError.storage(error)
        }
    }
}
