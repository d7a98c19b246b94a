import CaseSupport

/// An admin settling a dossier's conflicts: `POST /v1/dossiers/{code}/actions` with
/// `{"action": "settle", "events": ["n1/7", …], "note": "...", "actor": "..."}`.
///
/// `events` names the conflict events decided on; left out, it means every open
/// conflict of the dossier. The note is required: a settled conflict must say why.
public struct SettleRequest: Equatable, Sendable {
    /// The conflict events to settle, or nil for all the dossier's open conflicts.
    public var events: [EventID]?
    public var note: String
    public var actor: String?

    public init(events: [EventID]?, note: String, actor: String? = nil) {
        self.events = events
        self.note = note
        self.actor = actor
    }

    /// Whether a request body asks for `settle` (it is then read with this type,
    /// not as a clerk's `ActionRequest`).
    public static func isSettle(_ body: JSONValue) -> Bool {
        body["action"]?.stringValue == WorkflowAction.settle.rawValue
    }

    public init(json: JSONValue) throws(ValidationIssue) {
        let reader = try JSONObjectReader(json)
        try reader.rejectUnknownKeys(allowed: ["action", "events", "note", "actor"])
        guard try reader.requiredString("action") == WorkflowAction.settle.rawValue else {
            throw ValidationIssue(field: "action", message: "expected \"settle\"")
        }
        let note = try reader.string("note")
        guard let note else {
            throw ValidationIssue(field: "note", message: "is required for settle: say what was decided and why")
        }
        self.init(events: try Self.events(reader), note: note, actor: try reader.string("actor"))
    }

    private static func events(_ reader: JSONObjectReader) throws(ValidationIssue) -> [EventID]? {
        guard let elements = try reader.array("events", maxCount: DossierReducer.maxSettledEvents) else { return nil }
        guard !elements.isEmpty else {
            throw ValidationIssue(field: "events", message: "is empty; name at least one conflict event, or leave events out to settle every open conflict")
        }
        var events: [EventID] = []
        for (index, element) in elements.enumerated() {
            guard let text = element.stringValue, let id = EventID(text: text) else {
                throw ValidationIssue(field: "events[\(index)]", message: "expected an event id like \"n1/7\" (origin/sequence), got \(JSONWriter.string(element).prefix(80))")
            }
            guard !events.contains(id) else {
                throw ValidationIssue(field: "events[\(index)]", message: "\(id) is named twice")
            }
            events.append(id)
        }
        return events
    }
}
