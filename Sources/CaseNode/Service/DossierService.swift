import CaseCore
import CaseStorage
import Synchronization

/// The node's dossier operations: file, act, look up, search.
///
/// Validation happens before the database is touched; every change then
/// becomes one event plus the state derived from it, in one durable
/// transaction. A caller hears "done" only after that commit.
public final class DossierService: Sendable {
    public let nodeID: String
    public let agency: String
    public let catalogue: ProcedureCatalogue
    public let calendar: WorkingCalendar
    // Internal, not private: the report (DossierService+Report) and handover read it too.
    let store: CaseStore
    /// Refuses local writes while the database is damaged or being rebuilt from peers.
    public let storageGate: StorageGate
    private let clock: any WallClock
    private let hlc: Mutex<HybridLogicalClock>
    private let validator: FilingValidator
    private let commitObservers = Mutex<[@Sendable ([ChangeEvent]) -> Void]>([])

    public init(
        nodeID: String, agency: String, store: CaseStore, catalogue: ProcedureCatalogue,
        calendar: WorkingCalendar, clock: any WallClock, storageGate: StorageGate = StorageGate()
    ) throws {
        self.storageGate = storageGate
        self.nodeID = nodeID
        self.agency = agency
        self.store = store
        self.catalogue = catalogue
        self.calendar = calendar
        self.clock = clock
        self.validator = FilingValidator(catalogue: catalogue)
        let latest = try store.read { try $0.latestTimestamp() }
        self.hlc = Mutex(HybridLogicalClock(last: latest))
    }

    public var now: Instant { Instant(millisecondsSinceEpoch: clock.nowMs()) }

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

    /// Files a dossier; returns it once it is durable.
    public func file(_ request: FilingRequest) throws(ServiceError) -> Dossier {
        let (filing, procedure) = try validated(request)
        return try committing { [self] writer in
            let timestamp = tick()
            let receivedAt = timestamp.instant
            let day = VietnamTime.civilDate(of: receivedAt)
            let code = DossierCode(agency: agency, date: day, sequence: try writer.reserveDailySequence(agency: agency, day: day))
            let payload = FiledPayload(
                channel: filing.channel, procedureCode: procedure.code, procedureName: procedure.name,
                timeLimitWorkingDays: procedure.timeLimitWorkingDays, feesVND: procedure.fees.reduce(0) { $0 + $1.amountVND },
                applicant: filing.applicant, documents: filing.documents, receivingCentre: nodeID,
                competentCentre: filing.competentCentre ?? nodeID,
                originalDueAt: calendar.dueDate(receivedAt: receivedAt, workingDays: procedure.timeLimitWorkingDays),
                note: filing.note)
            let event = ChangeEvent(
                origin: nodeID, sequence: try writer.nextSequence(origin: nodeID), timestamp: timestamp,
                dossierCode: code.description, kind: .filed, actor: filing.actor ?? Self.defaultActor, centre: nodeID,
                payload: payload.json)
            let dossier = try DossierReducer.start(from: event)
            try writer.append(event)
            try writer.save(dossier)
            return (dossier, event)
        }
    }

    /// Applies a workflow step; refuses an illegal one with 409, changing nothing.
    public func act(on code: String, _ request: ActionRequest) throws(ServiceError) -> Dossier {
        try check(request)
        return try committing { [self] writer in
            let events = try writer.reader.events(forDossier: code)
            // The step must sort after every event it was decided on.
            if let latest = events.map(\.timestamp).max() { observe(latest) }
            guard var dossier = try DossierReducer.fold(events) else { throw ServiceError.notFound("no dossier \(code) on this node") }
            guard StatusMachine.status(after: request.action, from: dossier.status) != nil else {
                throw ServiceError.illegalStep(request.action, status: dossier.status)
            }
            let timestamp = tick()
            let payload = try actionPayload(request, dossier: dossier, at: timestamp.instant)
            let event = ChangeEvent(
                origin: nodeID, sequence: try writer.nextSequence(origin: nodeID), timestamp: timestamp,
                dossierCode: code, kind: .action(request.action), actor: request.actor ?? Self.defaultActor,
                centre: nodeID, payload: payload)
            // Folding everything again (not appending the step to the old state) keeps the
            // saved state exactly what any node derives from the same events.
            guard let folded = try DossierReducer.fold(events + [event]) else { preconditionFailure("the filing was folded above") }
            // Never answer 200 for a step that does not apply: roll back and say why.
            guard let step = folded.history.last, step.event == event.id, step.applied else {
                throw ServiceError(
                    httpStatus: 409, code: "concurrent_step",
                    message: "another centre's step on \(code) sorts after this one; nothing was saved, look at the dossier and retry")
            }
            dossier = folded
            try writer.append(event)
            try writer.save(dossier)
            return (dossier, event)
        }
    }

    public func dossier(code: String) throws(ServiceError) -> StoredDossier {
        let found: StoredDossier?
        do {
            found = try store.read { try $0.dossier(code: code) }
        } catch {
            throw ServiceError.storage(error)
        }
        guard let found else { throw ServiceError.notFound("no dossier \(code) on this node") }
        return found
    }

    public func search(_ query: DossierQuery) throws(ServiceError) -> DossierPage {
        do {
            return try store.read { try $0.search(query, now: now) }
        } catch {
            throw ServiceError.storage(error)
        }
    }

    /// Who a step is recorded as when the request does not say (until tokens name the clerk).
    static let defaultActor = "clerk"

    private func validated(_ request: FilingRequest) throws(ServiceError) -> (FilingRequest, Procedure) {
        do {
            return try validator.validate(request)
        } catch {
            throw ServiceError.invalid(error)
        }
    }

    private func check(_ request: ActionRequest) throws(ServiceError) {
        do {
            try request.checkRequiredFields()
            try FilingValidator.checkLength(request.note, max: FilingValidator.maxNoteLength, field: "note")
            try FilingValidator.checkLength(request.reason, max: FilingValidator.maxNoteLength, field: "reason")
            try FilingValidator.checkLength(request.actor, max: FilingValidator.maxShortFieldLength, field: "actor")
            if let to = request.toCentre { try NodeName.validate(to, field: "to") }
        } catch {
            throw ServiceError.invalid(error)
        }
    }

    /// The event payload of a step: the request's facts plus what this node computes now
    /// (due-date shifts), so every node derives the same state from the event alone.
    private func actionPayload(_ request: ActionRequest, dossier: Dossier, at: Instant) throws(ServiceError) -> JSONValue {
        var payload: [String: JSONValue] = [:]
        payload["note"] = request.note.map { .string($0) }
        payload["reason"] = request.reason.map { .string($0) }
        switch request.action {
        case .transfer, .handover:
            guard let to = request.toCentre, to != dossier.handlingCentre else {
                throw ServiceError(
                    httpStatus: 409, code: "already_there",
                    message: "dossier \(dossier.code) is already handled by \(dossier.handlingCentre)")
            }
            payload["to"] = .string(to)
        case .requestSupplement:
            payload["remainingWorkingMs"] = .int(calendar.workingTime(from: at, to: dossier.dueAt))
        case .supplement:
            let remaining = dossier.pausedRemainingWorkingMs ?? 0
            payload["newDueAtMs"] = .int(calendar.addingWorkingTime(remaining, to: at).millisecondsSinceEpoch)
        case .apologize:
            guard let newDueAt = request.newDueAt, newDueAt > at, newDueAt > dossier.dueAt else {
                throw ServiceError.invalid(ValidationIssue(
                    field: "newDueAt", message: "the new due date must be later than both now and the current due date \(VietnamTime.iso8601(dossier.dueAt))"))
            }
            payload["newDueAtMs"] = .int(newDueAt.millisecondsSinceEpoch)
        default:
            break
        }
        return .object(payload)
    }

    func tick() -> HLCTimestamp {
        let wall = clock.nowMs()
        return hlc.withLock { $0.tick(wallClockMs: wall) }
    }

    /// Runs one write transaction that produces one event; once it is durable,
    /// tells the commit observers.
    ///
    /// Concurrent steps share one durable commit (group commit): each caller
    /// still hears back only after the commit that carried its step. The observers
    /// hear in commit order (the group's leader tells them): told by each caller
    /// as it woke, replication pushed events out of sequence, and a peer could store
    /// none after the gap until its next pull.
    func committing(_ body: @escaping @Sendable (CaseStoreWriter) throws -> (Dossier, ChangeEvent)) throws(ServiceError) -> Dossier {
        try storageGate.admitLocalWrite()
        do {
            return try store.groupWrite(body, committed: { [self] _, event in notifyCommitted([event]) }).0
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
    /// Counts for metrics: dossiers by status and events held.
    /// How many local steps shared each durable commit so far.
    public var groupCommitStatistics: GroupCommitStatistics { store.groupCommitStatistics }

    public func statistics() throws(ServiceError) -> (countsByStatus: [DossierStatus: Int], eventCount: Int64) {
        do {
            return try store.read { reader in (try reader.countsByStatus(), try reader.eventCount()) }
        } catch {
            throw ServiceError.storage(error)
        }
    }
}
