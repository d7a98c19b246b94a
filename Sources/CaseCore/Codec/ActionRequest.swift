import CaseSupport

/// A workflow step a clerk asks for (`POST /v1/dossiers/{code}/actions`):
/// `{"action": "<name>", "note": "...", ...}` with the fields each action needs.
public struct ActionRequest: Equatable, Sendable {
    public var action: WorkflowAction
    public var note: String?
    public var actor: String?
    /// `transfer`: the centre (node id) that takes the dossier over.
    public var toCentre: String?
    /// `apologize`: the new due date promised in the apology letter.
    public var newDueAt: Instant?
    /// `apologize`: why the dossier is late; `refuse`/`stop` may give one too.
    public var reason: String?
    /// Set by the node from the `Idempotency-Key` header and the caller, never read from the
    /// body; the step's event carries it (`IdempotencyRecord`).
    public var idempotency: IdempotencyRecord?

    public init(
        action: WorkflowAction, note: String? = nil, actor: String? = nil, toCentre: String? = nil,
        newDueAt: Instant? = nil, reason: String? = nil
    ) {
        self.action = action
        self.note = note
        self.actor = actor
        self.toCentre = toCentre
        self.newDueAt = newDueAt
        self.reason = reason
    }

    public init(json: JSONValue) throws(ValidationIssue) {
        let reader = try JSONObjectReader(json)
        try reader.rejectUnknownKeys(allowed: ["action", "note", "actor", "to", "newDueAt", "reason"])
        let name = try reader.requiredString("action")
        guard let action = WorkflowAction(rawValue: name), WorkflowAction.clerkActions.contains(action) else {
            let allowed = WorkflowAction.clerkActions.map(\.rawValue).joined(separator: ", ")
            throw ValidationIssue(field: "action", message: "unknown action \"\(name)\"; expected one of: \(allowed)")
        }
        self.init(
            action: action, note: try reader.string("note"), actor: try reader.string("actor"),
            toCentre: try reader.string("to"), newDueAt: try reader.instant("newDueAt"),
            reason: try reader.string("reason"))
        try checkRequiredFields()
    }

    /// Each action's own required fields, so a bad request is refused before anything is looked up.
    public func checkRequiredFields() throws(ValidationIssue) {
        switch action {
        case .transfer, .handover:
            if toCentre == nil { throw ValidationIssue(field: "to", message: "is required for \(action.rawValue): the centre taking the dossier over") }
        case .apologize:
            if newDueAt == nil { throw ValidationIssue(field: "newDueAt", message: "is required for apologize: the new due date") }
            try requireReason("why the dossier is late (Mẫu 04 states it)")
        case .refuse:
            try requireReason("why the dossier is refused (Mẫu 03 states it)")
        case .requestSupplement:
            try requireReason("what the citizen must supply and why (Mẫu 02 lists it)")
        case .stop:
            try requireReason("why processing stops")
        default:
            break
        }
    }

    /// The forms these steps print must state their reason: a blank one is no reason.
    private func requireReason(_ what: String) throws(ValidationIssue) {
        guard let reason, !reason.allSatisfy(\.isWhitespace) else {
            throw ValidationIssue(field: "reason", message: "is required for \(action.rawValue): \(what)")
        }
    }
}
