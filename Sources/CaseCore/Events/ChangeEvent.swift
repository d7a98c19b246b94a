import CaseSupport

/// One immutable change to one dossier: the unit of storage and replication.
///
/// Identity is `(origin, sequence)`: the node that wrote it and its dense
/// per-origin sequence number (1, 2, 3, … with no gaps), which is what the
/// version vectors of replication count. Order across origins is by
/// `timestamp`, then origin, then sequence: the same total order on every node.
public struct ChangeEvent: Equatable, Sendable {
    public let origin: String
    public let sequence: Int64
    public let timestamp: HLCTimestamp
    public let dossierCode: String
    public let kind: EventKind
    /// Who did it (a clerk's or admin's name or token subject).
    public let actor: String
    /// The centre (node id) at which the step was taken.
    public let centre: String
    /// Kind-specific data; see `DossierReducer` for what each kind carries.
    public let payload: JSONValue

    public init(
        origin: String, sequence: Int64, timestamp: HLCTimestamp, dossierCode: String,
        kind: EventKind, actor: String, centre: String, payload: JSONValue
    ) {
        precondition(sequence >= 1, "event sequences start at 1")
        self.origin = origin
        self.sequence = sequence
        self.timestamp = timestamp
        self.dossierCode = dossierCode
        self.kind = kind
        self.actor = actor
        self.centre = centre
        self.payload = payload
    }

    public var id: EventID { EventID(origin: origin, sequence: sequence) }

    /// The order in which events are folded into a dossier's state, the same on every node.
    public static func foldOrder(_ lhs: ChangeEvent, _ rhs: ChangeEvent) -> Bool {
        if lhs.timestamp != rhs.timestamp { return lhs.timestamp < rhs.timestamp }
        return lhs.id < rhs.id
    }
}

/// The identity of an event: its origin node and its sequence there.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let origin: String
    public let sequence: Int64

    public init(origin: String, sequence: Int64) {
        self.origin = origin
        self.sequence = sequence
    }

    public static func < (lhs: EventID, rhs: EventID) -> Bool {
        if lhs.origin != rhs.origin { return lhs.origin < rhs.origin }
        return lhs.sequence < rhs.sequence
    }

    public var description: String { "\(origin)/\(sequence)" }
}
