import CaseCore
import CaseStorage

/// A commune merger: the dossiers a retired centre handles that are still owed to the
/// citizen (unfinished, or resolved and not yet returned) move to its successor, each
/// through one replicated `handover` step.
extension DossierService {
    /// The most dossiers one batch moves, in one transaction. A batch folds and
    /// saves each dossier, which takes well under a second for 500, so clerks'
    /// filings wait behind it only briefly; it is also the largest search page.
    public static let maxHandoverBatch = 500

    /// Who handover steps are recorded as when the request does not say.
    public static let adminActor = DossierDecisions.defaultAdminActor

    /// Hands up to `limit` dossiers awaiting handover whose handling centre is `retired`
    /// over to `successor`, in code order, in one durable transaction, and
    /// returns what moved and how many are left.
    ///
    /// Each moved dossier gets one `handover` step (`{"to": successor, "from": retired, "note": note}`,
    /// plus `"competent": successor` when the retired centre was competent) that changes only
    /// its handling (and that competent) centre: code, receipt time, status and due dates stay. A dossier already handed over no longer has `retired` as
    /// its handling centre, so running this again never repeats a step; it only
    /// finds dossiers that arrived since (by replication).
    public func handOver(
        from retired: String, to successor: String, limit: Int, note: String, actor: String = adminActor
    ) throws(ServiceError) -> HandoverBatch {
        precondition((1...Self.maxHandoverBatch).contains(limit), "a handover batch moves 1 to \(Self.maxHandoverBatch) dossiers")
        precondition(retired != successor, "a centre is not its own successor")
        let (batch, events): (HandoverBatch, [ChangeEvent])
        try storageGate.admitLocalWrite()
        do {
            (batch, events) = try store.write { writer in
                try handOverBatch(writer, from: retired, to: successor, limit: limit, note: note, actor: actor)
            }
        } catch {
            throw storageGate.failure(error)
        }
        notifyCommitted(events)
        return batch
    }

    /// How many dossiers awaiting handover `centre` handles now (what a handover would still move).
    public func awaitingHandoverCount(handledBy centre: String) throws(ServiceError) -> Int {
        do {
            return try store.read { try $0.dossierCountAwaitingHandover(handledBy: centre) }
        } catch {
            throw ServiceError.storage(error)
        }
    }

    /// Remembers `successor` as the successor of retired `retired` at this node, for a
    /// retirement whose handover moved nothing (no handover step then names it to the others).
    public func recordSuccessor(_ successor: String, of retired: String) throws(ServiceError) {
        let nowMs = now.millisecondsSinceEpoch
        do {
            try store.write { try $0.recordSuccessor(successor, of: retired, atMs: nowMs) }
        } catch {
            throw storageGate.failure(error)
        }
    }

    private func handOverBatch(
        _ writer: CaseStoreWriter, from retired: String, to successor: String, limit: Int, note: String, actor: String
    ) throws -> (HandoverBatch, [ChangeEvent]) {
        var moved: [HandoverBatch.Item] = []
        var events: [ChangeEvent] = []
        for code in try writer.reader.dossierCodesAwaitingHandover(handledBy: retired, limit: limit) {
            let history = try writer.reader.events(forDossier: code)
            // The stored row says so, but the events are the truth: the decision checks them.
            let decision: DossierDecision
            do {
                decision = try DossierDecisions.handOver(
                    history: history, code: code, from: retired, to: successor, note: note, actor: actor,
                    context: decisionContext(writer))
            } catch let refusal as DossierRefusal where refusal.kind == .conflict || refusal.kind == .notFound {
                continue
            }
            let (handed, event) = try record(decision, in: writer)
            moved.append(HandoverBatch.Item(
                code: code, status: handed.status, dueAt: handed.dueAt, from: retired, to: handed.handlingCentre, event: event.id))
            events.append(event)
        }
        let remaining = try writer.reader.dossierCountAwaitingHandover(handledBy: retired)
        return (HandoverBatch(retired: retired, successor: successor, moved: moved, remaining: remaining), events)
    }
}
