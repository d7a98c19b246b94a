import CaseSupport

/// Derives a dossier's state from its events, deterministically: the same set
/// of events gives the same dossier on every node, whatever order they arrived in.
///
/// Events are folded in `ChangeEvent.foldOrder` (HLC timestamp, then origin,
/// then sequence). A step that the status machine does not allow at its
/// place in that order (because a concurrent step at another centre moved the
/// dossier on first) is kept in the history, marked not applied, and recorded
/// as a conflict: nothing is silently dropped.
public enum DossierReducer {
    public struct MalformedEvent: Error, CustomStringConvertible {
        public let event: EventID
        public let issue: ValidationIssue
        public var description: String { "event \(event) is malformed: \(issue)" }
    }

    /// The dossier described by `events` (any order), or nil while its filing has not arrived.
    /// `filings`: payloads already decoded from these very events (`FiledPayload(json:)` of
    /// their payload), by event, so a caller that validated them need not decode them twice.
    public static func fold(_ events: [ChangeEvent], filings: [EventID: FiledPayload] = [:]) throws(MalformedEvent) -> Dossier? {
        let ordered = events.sorted(by: ChangeEvent.foldOrder)
        guard let filedIndex = ordered.firstIndex(where: { $0.kind == .filed }) else { return nil }
        // A received filing a receiving thread decoded carries its payload (`decodedFiling`).
        let filed = ordered[filedIndex]
        var dossier = try start(from: filed, decoded: filings[filed.id] ?? filed.decodedFiling)
        // Steps can sort before the filing only if clocks misbehaved; they are
        // still applied, right after it, in their agreed order.
        for (index, event) in ordered.enumerated() where index != filedIndex {
            apply(event, to: &dossier)
        }
        return dossier
    }

    /// The filing step's detail saying how a dossier came when not at the counter or online:
    /// `"receivedBy": "post"` (reports count it apart).
    public static let receivedByKey = "receivedBy"

    /// The state right after the filing; `decoded` is `FiledPayload(json: event.payload)` if known.
    public static func start(from event: ChangeEvent, decoded: FiledPayload? = nil) throws(MalformedEvent) -> Dossier {
        precondition(event.kind == .filed, "a dossier starts from its filed event")
        let filing: FiledPayload
        if let decoded {
            filing = decoded
        } else {
            do {
                filing = try FiledPayload(json: event.payload)
            } catch {
                throw MalformedEvent(event: event.id, issue: error)
            }
        }
        let status: DossierStatus = filing.channel == .online ? .submitted : .received
        let at = event.timestamp.instant
        let step = HistoryStep(
            event: event.id, at: at, centre: event.centre, actor: event.actor, action: EventKind.filedRawValue,
            from: nil, to: status, note: filing.note, details: filing.receivedByPost ? [Self.receivedByKey: "post"] : [:],
            applied: true, conflict: nil)
        return Dossier(
            code: event.dossierCode, channel: filing.channel, procedureCode: filing.procedureCode,
            procedureName: filing.procedureName, timeLimitWorkingDays: filing.timeLimitWorkingDays,
            timeLimitInUnit: filing.timeLimit.isWorkingDays ? nil : filing.timeLimit,
            feesVND: filing.feesVND, feeLines: filing.feeLines, applicant: filing.applicant, documents: filing.documents,
            receivingCentre: filing.receivingCentre, competentCentre: filing.competentCentre,
            handlingCentre: filing.competentCentre, originalCentre: nil, status: status, receivedAt: at,
            originalDueAt: filing.originalDueAt, dueAt: filing.originalDueAt, finishedAt: nil, returnedAt: nil,
            pausedRemainingWorkingMs: nil, apologyCount: 0, paymentTimeExcluded: filing.paymentTimeExcluded,
            lookupPin: filing.lookupPin, history: [step], conflicts: [], version: 1, lastEventTimestamp: event.timestamp)
    }

    /// Folds one more event in. Callers append in fold order; `fold` handles arbitrary order.
    public static func apply(_ event: ChangeEvent, to dossier: inout Dossier) {
        dossier.version += 1
        dossier.lastEventTimestamp = max(dossier.lastEventTimestamp, event.timestamp)
        let at = event.timestamp.instant
        // Parsed once: an event read from its stored bytes parses them on each `payload` use.
        let fields = event.payload
        guard case .action(let action) = event.kind else {
            record(conflictOf: event, note: fields["note"]?.stringValue, action: EventKind.filedRawValue, in: &dossier, reason: "the dossier code was filed twice")
            return
        }
        let receives = action == .supplement && payload(fields, says: "receives")
        guard let next = StatusMachine.status(after: action, from: dossier.status, receives: receives),
              !isLegacyHandoverOfResolved(event, fields, dossier) else {
            let reason = "\(action.rawValue) is not allowed from \(dossier.status.rawValue)"
            record(conflictOf: event, note: fields["note"]?.stringValue, action: action.rawValue, in: &dossier, reason: reason)
            return
        }
        let details = applyEffects(of: action, payload: fields, at: at, to: &dossier)
        dossier.history.append(
            HistoryStep(
                event: event.id, at: at, centre: event.centre, actor: event.actor, action: action.rawValue,
                from: dossier.status, to: next, note: fields["note"]?.stringValue, details: details,
                applied: true, conflict: nil))
        dossier.status = next
        // Only the wait an intake request started is an intake wait; any step out of it ends it.
        if next != .supplementRequested { dossier.awaitingIntakeSupplement = false }
        if action == .settle { markSettled(by: event.id, naming: settledEvents(in: fields), in: &dossier) }
    }

    /// A handover written before handovers took resolved dossiers (its payload has no `from`)
    /// folds as it did then: not allowed from resolved (a handover sorted after a concurrent
    /// resolve was a conflict). Folding old events differently would make nodes of different
    /// versions, and stored states against refolded ones, disagree.
    private static func isLegacyHandoverOfResolved(_ event: ChangeEvent, _ payload: JSONValue, _ dossier: Dossier) -> Bool {
        event.kind == .action(.handover) && dossier.status == .resolved && payload["from"] == nil
    }

    /// Everything an action changes besides the status; returns the facts worth showing in the history.
    private static func applyEffects(
        of action: WorkflowAction, payload: JSONValue, at: Instant, to dossier: inout Dossier
    ) -> [String: JSONValue] {
        var details: [String: JSONValue] = [:]
        switch action {
        case .transfer, .handover:
            guard let to = payload["to"]?.stringValue else { break }
            if action == .handover, dossier.originalCentre == nil { dossier.originalCentre = dossier.handlingCentre }
            details["from"] = .string(dossier.handlingCentre)
            details["to"] = .string(to)
            dossier.handlingCentre = to
            if action == .handover, let competent = payload["competent"]?.stringValue {
                details["competent"] = .string(competent)
                dossier.competentCentre = competent
            }
        case .accept, .requestSupplement, .supplement, .requestPayment, .paid:
            applyClock(of: action, payload: payload, to: &dossier, details: &details)
        case .apologize:
            if let dueMs = payload["newDueAtMs"]?.int64Value {
                dossier.dueAt = Instant(millisecondsSinceEpoch: dueMs)
                details["newDueAt"] = .string(VietnamTime.iso8601(dossier.dueAt))
            }
            if Self.payload(payload, says: "late") { details["late"] = .bool(true) }
            dossier.apologyCount += 1
        case .resolve, .refuse, .stop:
            dossier.finishedAt = at
        case .returnResult:
            dossier.returnedAt = at
        case .settle:
            details["events"] = .array(settledEvents(in: payload).map { .string($0.description) })
        case .note:
            // A re-issued lookup PIN rides on a note (docs/lookup.md); the last in fold order wins.
            if let pin = LookupPinHash(payload: payload) { dossier.lookupPin = pin }
        case .start, .requestWithdrawal:
            break
        }
        if let reason = payload["reason"]?.stringValue { details["reason"] = .string(reason) }
        return details
    }

    private static func record(conflictOf event: ChangeEvent, note: String?, action: String, in dossier: inout Dossier, reason: String) {
        let winning = dossier.history.last(where: { $0.applied && $0.from != $0.to })?.event
            ?? dossier.history.first?.event
        dossier.conflicts.append(
            DossierConflict(
                event: event.id, at: event.timestamp.instant, centre: event.centre, action: action,
                statusAtApply: dossier.status, winningEvent: winning, reason: reason,
                settledBy: settlement(of: event.id, in: dossier.history)))
        dossier.history.append(
            HistoryStep(
                event: event.id, at: event.timestamp.instant, centre: event.centre, actor: event.actor,
                action: action, from: dossier.status, to: dossier.status, note: note,
                details: [:], applied: false, conflict: reason))
    }
}
