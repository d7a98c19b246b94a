import CaseCore

/// What applying a batch of replicated events did.
public struct ReplicatedApplyOutcome: Equatable, Sendable {
    /// The events newly stored, origin by origin (sorted), each in sequence order.
    public var stored: [ChangeEvent]
    /// Events already held whose received content differs from the stored event with the
    /// same identity. Identities are never reused by a correct node, so each one is damage
    /// or a bug somewhere; the stored event is kept and the received one ignored.
    public var divergentDuplicates: [EventID]
    /// Dossiers whose state was refolded and saved.
    public var refoldedDossiers: Int
    /// Runs of events not stored because nothing vouched for them (`EventAuthentication`):
    /// one per origin at most, naming the first event dropped. Other origins were stored.
    public var refusals: [EventRefusal]

    public init(stored: [ChangeEvent], divergentDuplicates: [EventID], refoldedDossiers: Int, refusals: [EventRefusal] = []) {
        self.stored = stored
        self.divergentDuplicates = divergentDuplicates
        self.refoldedDossiers = refoldedDossiers
        self.refusals = refusals
    }
}
