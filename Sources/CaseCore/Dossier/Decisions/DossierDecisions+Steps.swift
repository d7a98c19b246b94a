import CaseSupport

/// What a workflow step's request must hold, and the data its event carries.
extension DossierDecisions {
    /// A step's own fields, checked before anything is looked up.
    public static func check(_ request: ActionRequest) throws(DossierRefusal) {
        do {
            try request.checkRequiredFields()
            try FilingValidator.checkLength(request.note, max: FilingValidator.maxNoteLength, field: "note")
            try FilingValidator.checkLength(request.reason, max: FilingValidator.maxNoteLength, field: "reason")
            try FilingValidator.checkLength(request.actor, max: FilingValidator.maxShortFieldLength, field: "actor")
            if let to = request.toCentre { try NodeName.validate(to, field: "to") }
        } catch {
            throw .invalid(error)
        }
    }

    /// The event payload of a step: the request's facts plus what is computed now
    /// (due-date shifts), so every node derives the same state from the event alone.
    static func stepPayload(_ request: ActionRequest, dossier: Dossier, context: DecisionContext) throws(DossierRefusal) -> JSONValue {
        let at = context.timestamp.instant
        var payload: [String: JSONValue] = [:]
        payload["note"] = request.note.map { .string($0) }
        payload["reason"] = request.reason.map { .string($0) }
        switch request.action {
        case .transfer, .handover:
            guard let to = request.toCentre, to != dossier.handlingCentre else {
                throw DossierRefusal(
                    .conflict, code: "already_there", message: "dossier \(dossier.code) is already handled by \(dossier.handlingCentre)")
            }
            payload["to"] = .string(to)
        case .accept, .requestSupplement, .supplement, .requestPayment, .paid:
            try clockPayload(request.action, dossier: dossier, context: context, into: &payload)
        case .apologize:
            guard let newDueAt = request.newDueAt, newDueAt > at, newDueAt > dossier.dueAt else {
                throw .invalid(ValidationIssue(
                    field: "newDueAt",
                    message: "the new due date must be later than both now and the current due date \(VietnamTime.iso8601(dossier.dueAt))"))
            }
            payload["newDueAtMs"] = .int(newDueAt.millisecondsSinceEpoch)
            // Apologising once the due date has passed is apologising late; the deciding node
            // says so in the event, so every node's history shows the same (older nodes' none).
            if dossier.isOverdue(at: at) { payload["late"] = .bool(true) }
        default:
            break
        }
        return .object(payload)
    }

    /// What a step does to the clock (docs/due-dates.md), as payload fields the reducer reads:
    /// - accept: the online dossier is received now; `dueAtMs` counts the limit from now;
    /// - request-supplement at intake: `intake` (sent back, not received);
    /// - request-supplement, and request-payment where the procedure excludes payment time:
    ///   `remainingWorkingMs`, the working time left, for the clock to stop;
    /// - supplement completing an intake: `receives`, and `newDueAtMs` counting the whole
    ///   limit from now; supplement or paid ending a pause: `newDueAtMs`, the time left from now.
    /// An intake request also carries `remainingWorkingMs`, so a node of an older version that
    /// records the supplement still resumes the submission clock as it used to.
    private static func clockPayload(
        _ action: WorkflowAction, dossier: Dossier, context: DecisionContext, into payload: inout [String: JSONValue]
    ) throws(DossierRefusal) {
        let at = context.timestamp.instant, limit = dossier.timeLimit
        // Other units were checked when the filing was read (`FiledPayload.timeLimit`).
        guard !limit.isWorkingDays || (0...WorkingCalendar.maxWorkingDays).contains(limit.amount) else {
            throw DossierRefusal(
                .broken, code: "internal_error", message: "dossier \(dossier.code) has a time limit of \(limit)")
        }
        switch action {
        case .accept:
            payload["dueAtMs"] = .int(try workingTime(context.calendar) { calendar throws(DateOutsideCalendar) in
                try calendar.dueDate(receivedAt: at, limit: limit).millisecondsSinceEpoch
            })
        case .requestSupplement, .requestPayment:
            guard action == .requestSupplement || dossier.paymentTimeExcluded else { return }
            if dossier.status == .submitted { payload["intake"] = .bool(true) }
            payload["remainingWorkingMs"] = .int(try workingTime(context.calendar) { calendar throws(DateOutsideCalendar) in
                try calendar.workingTime(from: at, to: dossier.dueAt)
            })
        case .supplement where dossier.awaitingIntakeSupplement:
            payload["receives"] = .bool(true)
            payload["newDueAtMs"] = .int(try workingTime(context.calendar) { calendar throws(DateOutsideCalendar) in
                try calendar.dueDate(receivedAt: at, limit: limit).millisecondsSinceEpoch
            })
        case .supplement, .paid:
            guard let remaining = dossier.pausedRemainingWorkingMs ?? (action == .supplement ? 0 : nil) else { return }
            payload["newDueAtMs"] = .int(try workingTime(context.calendar) { calendar throws(DateOutsideCalendar) in
                try calendar.addingWorkingTime(remaining, to: at).millisecondsSinceEpoch
            })
        default:
            break
        }
    }

    /// A working-time computation, refused when the calendar does not cover its days.
    private static func workingTime(
        _ calendar: WorkingCalendar, _ compute: (WorkingCalendar) throws(DateOutsideCalendar) -> Int64
    ) throws(DossierRefusal) -> Int64 {
        do {
            return try compute(calendar)
        } catch {
            throw .calendarNotCovered(error)
        }
    }

    /// The conflicts a settle names, checked against the dossier: each must be one of its
    /// conflicts and still open. Nil names every open conflict (there must be one).
    static func conflictsToSettle(_ requested: [EventID]?, of dossier: Dossier) throws(DossierRefusal) -> [EventID] {
        guard let requested else {
            let open = dossier.conflicts.filter { $0.settledBy == nil }.map(\.event)
            guard !open.isEmpty else {
                throw DossierRefusal(
                    .conflict, code: "no_open_conflicts",
                    message: "dossier \(dossier.code) has no open conflicts to settle\(listing(dossier.conflicts))")
            }
            return open
        }
        for id in requested {
            guard let conflict = dossier.conflicts.first(where: { $0.event == id }) else {
                throw DossierRefusal(
                    .invalid, code: "not_a_conflict", message: "\(id) is not a conflict of dossier \(dossier.code)\(listing(dossier.conflicts))")
            }
            if let settledBy = conflict.settledBy {
                throw DossierRefusal(
                    .conflict, code: "already_settled", message: "conflict \(id) of dossier \(dossier.code) was already settled by \(settledBy)")
            }
        }
        return requested
    }

    /// How many conflicts a refusal lists: enough to pick from, short enough to read.
    static let maxListedConflicts = 10

    /// "; its conflicts: n1/5 (open), n2/3 (settled by n3/9)", or "; it has none".
    private static func listing(_ conflicts: [DossierConflict]) -> String {
        guard !conflicts.isEmpty else { return "; it has no conflicts" }
        let shown = conflicts.prefix(maxListedConflicts).map { conflict in
            "\(conflict.event) (\(conflict.settledBy.map { "settled by \($0)" } ?? "open"))"
        }
        let more = conflicts.count > maxListedConflicts ? ", …" : ""
        return "; its conflicts: " + shown.joined(separator: ", ") + more
    }
}
