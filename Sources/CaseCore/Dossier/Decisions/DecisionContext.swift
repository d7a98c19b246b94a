import CaseSupport

/// Where and when a decision is taken: the event it writes, if any, is stamped
/// with these. The caller reads its clocks and its log; the decision reads neither.
public struct DecisionContext: Sendable {
    /// The node deciding: the event's origin and centre.
    public var node: String
    /// The event's sequence at its origin (the next one free).
    public var sequence: Int64
    /// The event's timestamp: after every event the decision was taken on.
    public var timestamp: HLCTimestamp
    /// For due dates and the time left when a dossier pauses.
    public var calendar: WorkingCalendar
    /// The centres the node knows now: a filing's competent centre and a transfer's
    /// destination must be one of them and not retired.
    public var centres: CentreDirectory

    public init(node: String, sequence: Int64, timestamp: HLCTimestamp, calendar: WorkingCalendar, centres: CentreDirectory = .unchecked) {
        self.node = node
        self.sequence = sequence
        self.timestamp = timestamp
        self.calendar = calendar
        self.centres = centres
    }

    /// The event this context writes.
    func event(_ code: String, _ kind: EventKind, actor: String, payload: JSONValue) -> ChangeEvent {
        ChangeEvent(
            origin: node, sequence: sequence, timestamp: timestamp, dossierCode: code, kind: kind, actor: actor, centre: node,
            payload: payload)
    }
}

/// A decision taken: the event to append and the dossier's state with it folded in.
public struct DossierDecision: Sendable {
    public let event: ChangeEvent
    public let dossier: Dossier
}
