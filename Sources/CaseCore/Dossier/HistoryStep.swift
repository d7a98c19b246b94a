import CaseSupport

/// One line of the processing control slip (Mẫu 05): who did what, where,
/// when, and what it did to the status. Derived from one event; never rewritten.
public struct HistoryStep: Equatable, Sendable {
    public var event: EventID
    public var at: Instant
    public var centre: String
    public var actor: String
    /// "filed" or the workflow action's name.
    public var action: String
    public var from: DossierStatus?
    public var to: DossierStatus
    public var note: String?
    /// Kind-specific facts worth showing (the transfer's destination, an apology's new due date…).
    public var details: [String: JSONValue]
    /// False when a concurrent step made this one impossible: it stays in the
    /// history for everyone to see, but did not change the dossier.
    public var applied: Bool
    public var conflict: String?
}

/// A step that could not be applied because a concurrent step, taken at
/// another centre, had already moved the dossier on.
public struct DossierConflict: Hashable, Sendable {
    public var event: EventID
    public var at: Instant
    public var centre: String
    public var action: String
    /// The status the dossier had when this step came to be applied, in the agreed order.
    public var statusAtApply: DossierStatus
    /// The event that last set that status: the "other side" of the conflict.
    public var winningEvent: EventID?
    public var reason: String
    /// The admin's `settle` step that settled this conflict, if one did (the first in
    /// fold order that names it). Settling changes no status: it records a decision.
    public var settledBy: EventID? = nil
}
