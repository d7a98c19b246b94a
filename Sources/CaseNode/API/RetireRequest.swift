import CaseCore
import CaseSupport

/// `POST /v1/admin/retire`: `{"node": "n3", "successor": "n2", "limit": 500, "note": "..."}`.
/// The handover steps are recorded as the admin token's name (the router sets `actor`).
struct RetireRequest: Equatable {
    /// The centre being retired.
    let node: String
    /// The centre that takes its unfinished dossiers over.
    let successor: String
    /// The most dossiers this request moves (one transaction); the rest wait for the next request.
    let limit: Int
    /// The note recorded with every handover step.
    let note: String
    /// The cluster root's retirement of `node` (`casestore-decision-v1 <hex>`), required
    /// in a cluster with a root key once no dossier is left to hand over.
    let decision: MembershipDecision?
    var actor: String

    init(json: JSONValue) throws(ValidationIssue) {
        let reader = try JSONObjectReader(json)
        try reader.rejectUnknownKeys(allowed: ["node", "successor", "limit", "note", "decision"])
        node = try reader.requiredString("node")
        successor = try reader.requiredString("successor")
        try NodeName.validate(node, field: "node")
        try NodeName.validate(successor, field: "successor")
        guard node != successor else {
            throw ValidationIssue(field: "successor", message: "must be another centre than the one retired (\(node))")
        }
        limit = try reader.int("limit", in: 1...DossierService.maxHandoverBatch) ?? DossierService.maxHandoverBatch
        let note = try reader.string("note")
        try FilingValidator.checkLength(note, max: FilingValidator.maxNoteLength, field: "note")
        self.note = note ?? "commune merger: \(node) retired, its dossiers go to \(successor)"
        decision = try reader.string("decision").map { text throws(ValidationIssue) in try MembershipDecision(text: text) }
        actor = DossierService.adminActor
    }
}

/// `POST /v1/admin/readmit`: `{"node": "n3"}`, and in a cluster with a root key
/// `"decision": "casestore-decision-v1 <hex>"`, the root's readmission.
struct ReadmitRequest: Equatable {
    let node: String
    let decision: MembershipDecision?

    init(json: JSONValue) throws(ValidationIssue) {
        let reader = try JSONObjectReader(json)
        try reader.rejectUnknownKeys(allowed: ["node", "decision"])
        node = try reader.requiredString("node")
        try NodeName.validate(node, field: "node")
        decision = try reader.string("decision").map { text throws(ValidationIssue) in try MembershipDecision(text: text) }
    }
}
