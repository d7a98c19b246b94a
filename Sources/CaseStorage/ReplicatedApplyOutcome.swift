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

    public init(stored: [ChangeEvent], divergentDuplicates: [EventID], refoldedDossiers: Int) {
        self.stored = stored
        self.divergentDuplicates = divergentDuplicates
        self.refoldedDossiers = refoldedDossiers
    }
}
