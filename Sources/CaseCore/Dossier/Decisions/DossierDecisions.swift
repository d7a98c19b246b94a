import CaseSupport

/// The rules of what a clerk's or an admin's request produces: each takes the request,
/// the dossier's events so far and a `DecisionContext`, and returns the one event to
/// append (with the state it gives) or a `DossierRefusal`. Pure: the node's service and
/// the simulator's clerks call the same functions, and store what they return.
public enum DossierDecisions {
    /// Who a clerk's step is recorded as when the request does not say (until tokens name the clerk).
    public static let defaultClerkActor = "clerk"
    /// Who an admin's step (handover, settle) is recorded as when the request does not say.
    public static let defaultAdminActor = "admin"

    /// A filing checked against the catalogue, with its procedure: what `file` takes.
    public struct CheckedFiling: Sendable {
        public let request: FilingRequest
        public let procedure: Procedure
    }

    /// Checks a filing before anything is written: the applicant, the documents and the
    /// procedure, which commune centres must receive (`Procedure.receivedAtCommuneCentre`).
    public static func check(_ request: FilingRequest, against catalogue: ProcedureCatalogue) throws(DossierRefusal) -> CheckedFiling {
        let checked: (FilingRequest, Procedure)
        do {
            checked = try FilingValidator(catalogue: catalogue).validate(request)
        } catch {
            throw .invalid(error)
        }
        guard checked.1.receivedAtCommuneCentre else { throw .notReceivedHere(checked.1) }
        return CheckedFiling(request: checked.0, procedure: checked.1)
    }

    /// The filing of a new dossier under `code`, received now: its due date is the
    /// procedure's time limit in working time from now.
    public static func file(_ filing: CheckedFiling, code: DossierCode, context: DecisionContext) throws(DossierRefusal) -> DossierDecision {
        let request = filing.request, procedure = filing.procedure
        try checkCompetentCentre(request.competentCentre, of: procedure, context: context)
        let receivedAt = context.timestamp.instant
        let dueAt: Instant
        do {
            dueAt = try context.calendar.dueDate(receivedAt: receivedAt, limit: procedure.timeLimit)
        } catch {
            throw .calendarNotCovered(error)
        }
        let feeLines = FeeCalculation.lines(procedure.fees, documents: request.documents)
        let payload = FiledPayload(
            channel: request.channel, procedureCode: procedure.code, procedureName: procedure.name,
            timeLimitWorkingDays: procedure.timeLimitWorkingDays, feesVND: FeeCalculation.total(feeLines),
            applicant: request.applicant, documents: request.documents, receivingCentre: context.node,
            competentCentre: request.competentCentre ?? context.node,
            originalDueAt: dueAt,
            note: request.note, paymentTimeExcluded: procedure.paymentTimeExcluded, timeLimit: procedure.timeLimit,
            feeLines: FeeCalculation.needsLines(procedure.fees) ? feeLines : nil, lookupPin: request.lookupPin,
            receivedByPost: request.receivedByPost)
        let json = request.idempotency.map { $0.adding(to: payload.json) } ?? payload.json
        let event = context.event(code.description, .filed, actor: request.actor ?? defaultClerkActor, payload: json)
        do {
            return DossierDecision(event: event, dossier: try DossierReducer.start(from: event, decoded: payload))
        } catch {
            // The checks above make this unreachable; if they ever disagree with the reducer the
            // request fails (500, nothing saved), as it did before, rather than the node.
            throw DossierRefusal(.broken, code: "internal_error", message: error.description)
        }
    }

    /// A competent centre the filing names must be a live centre, and may differ from the
    /// receiving one only for a location-independent procedure: of any province for one
    /// filed nationwide, of the receiving centre's province for one filed within it.
    private static func checkCompetentCentre(_ competent: String?, of procedure: Procedure, context: DecisionContext) throws(DossierRefusal) {
        guard let competent else { return }
        try context.centres.check(competent, field: "competentCentre")
        guard competent != context.node else { return }
        switch procedure.locationIndependence {
        case .none:
            throw .onlyAtCompetentCentre(procedure, competent: competent)
        case .province where context.centres.areOfDifferentProvinces(context.node, competent):
            throw .onlyWithinProvince(procedure, competent: competent, in: context.centres.provinces?[competent])
        case .province, .nationwide:
            return
        }
    }

    /// A workflow step asked for by `authority` on the dossier whose events are `history`.
    /// Refused, changing nothing: a malformed request, an unknown dossier, a step outside the
    /// caller's lane (`DossierLane`: who may, before what the status allows), a step its
    /// status does not allow, a transfer to a centre the node does not know or that was
    /// retired (`CentreDirectory`), a transfer to where it is already, an apology that does not
    /// move the due date later, or a step that would not apply because another centre's
    /// step sorts after it.
    public static func act(
        _ request: ActionRequest, by authority: ActingAuthority, history: [ChangeEvent], code: String, context: DecisionContext
    ) throws(DossierRefusal) -> DossierDecision {
        try check(request)
        let dossier = try current(history, code: code)
        try DossierLane.check(request.action, on: dossier, by: authority, atNode: context.node)
        guard StatusMachine.status(after: request.action, from: dossier.status) != nil else {
            throw .illegalStep(request.action, status: dossier.status)
        }
        if request.action == .transfer, let to = request.toCentre { try context.centres.check(to, field: "to") }
        let facts = try stepPayload(request, dossier: dossier, context: context)
        let payload = request.idempotency.map { $0.adding(to: facts) } ?? facts
        let event = context.event(code, .action(request.action), actor: request.actor ?? defaultClerkActor, payload: payload)
        let folded = try fold(history + [event])
        // Never acknowledge a step that does not apply.
        guard let step = folded.history.last, step.event == event.id, step.applied else {
            throw DossierRefusal(
                .conflict, code: "concurrent_step",
                message: "another centre's step on \(code) sorts after this one; nothing was saved, look at the dossier and retry")
        }
        return DossierDecision(event: event, dossier: folded)
    }

    /// A commune merger's handover of one dossier from the retired centre to its successor:
    /// a `handover` step that changes the handling centre, and the competent centre too when
    /// that was the retired one (it no longer exists to resolve anything). Every dossier still
    /// owed to the citizen moves, a resolved one waiting to be returned included: the
    /// successor returns the result. Refused for a dossier that is finished or that `retired`
    /// no longer handles (handed over already), so a handover run again repeats no step. An
    /// admin's only (`POST /v1/admin/retire`, the simulator's admins), so it takes no
    /// `ActingAuthority`: no clerk reaches it.
    ///
    /// The step records `from` (the retired centre): every node that holds it learns the
    /// successor, and names it when refusing the retired centre (`CentreDirectory`).
    public static func handOver(
        history: [ChangeEvent], code: String, from retired: String, to successor: String, note: String, actor: String,
        context: DecisionContext
    ) throws(DossierRefusal) -> DossierDecision {
        precondition(retired != successor, "a centre is not its own successor")
        let dossier = try current(history, code: code)
        guard dossier.status.awaitsHandover else {
            throw DossierRefusal(.conflict, code: "finished", message: "dossier \(code) is \(dossier.status.rawValue): nothing to hand over")
        }
        guard dossier.handlingCentre == retired else {
            throw DossierRefusal(
                .conflict, code: "not_handled_by_retired", message: "dossier \(code) is handled by \(dossier.handlingCentre), not \(retired)")
        }
        var payload: [String: JSONValue] = ["to": .string(successor), "from": .string(retired), "note": .string(note)]
        if dossier.competentCentre == retired { payload["competent"] = .string(successor) }
        let event = context.event(code, .action(.handover), actor: actor, payload: .object(payload))
        return DossierDecision(event: event, dossier: try fold(history + [event]))
    }

    /// A settlement's own fields, checked before anything is looked up.
    public static func check(_ request: SettleRequest) throws(DossierRefusal) {
        do {
            try FilingValidator.checkLength(request.note, max: FilingValidator.maxNoteLength, field: "note")
            try FilingValidator.checkLength(request.actor, max: FilingValidator.maxShortFieldLength, field: "actor")
        } catch {
            throw .invalid(error)
        }
    }

    /// An admin's settlement of the named conflicts (nil: every open one) of a dossier. Only
    /// admins reach it (the settle route needs an admin token), so it takes no `ActingAuthority`.
    public static func settle(_ request: SettleRequest, history: [ChangeEvent], code: String, context: DecisionContext)
        throws(DossierRefusal) -> DossierDecision
    {
        try check(request)
        let dossier = try current(history, code: code)
        let named = try conflictsToSettle(request.events, of: dossier)
        let payload: JSONValue = ["events": .array(named.map { .string($0.description) }), "note": .string(request.note)]
        let event = context.event(code, .action(.settle), actor: request.actor ?? defaultAdminActor, payload: payload)
        return DossierDecision(event: event, dossier: try fold(history + [event]))
    }

    /// The dossier `history` folds to; refused if there is none (its filing is not held).
    static func current(_ history: [ChangeEvent], code: String) throws(DossierRefusal) -> Dossier {
        guard let dossier = try foldOrNil(history) else { throw .notFound(code) }
        return dossier
    }

    /// The state with a new step folded in, on a history `current` has already folded.
    static func fold(_ events: [ChangeEvent]) throws(DossierRefusal) -> Dossier {
        guard let dossier = try foldOrNil(events) else { preconditionFailure("the filing was folded before") }
        return dossier
    }

    /// A malformed stored event is a fault of the store, not of the request: 500, nothing saved.
    private static func foldOrNil(_ events: [ChangeEvent]) throws(DossierRefusal) -> Dossier? {
        do {
            return try DossierReducer.fold(events)
        } catch {
            throw DossierRefusal(.broken, code: "internal_error", message: error.description)
        }
    }
}
