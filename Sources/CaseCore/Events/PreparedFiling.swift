import CaseSupport

/// What storing a received filing takes, worked out before the writer gets it
/// (`ChangeEvent.preparedForStorage`): all of it pure, so any thread can do it.
///
/// A class, immutable: a filing, a dossier and their strings, handed from the thread that
/// made it to the writer; as a struct every hand-over copied and retained each of them
/// (a receiving node spent more on that than on its SQLite statements).
public final class PreparedFiling: Sendable {
    public let filing: FiledPayload
    /// The dossier the filing alone folds to (`DossierReducer.fold` of just the filing):
    /// the state a store saves for a dossier whose first event this is.
    public let state: Dossier
    /// `state.storedJSONBytes` in NFC: the bytes saved, as the SQLite layer would store them.
    public let storedState: [UInt8]
    /// The digest term of `storedState` (`StateDigest.term(forStoredState:)`).
    public let stateTerm: StateDigest
    /// `storedState` proven NFC UTF-8 as it is (nearly always): the writer binds it
    /// without making a string of it or checking it again.
    public let canonicalState: CanonicalUTF8?
    /// The applicant's name keys the dossier's row holds: worked out here, on a receiving
    /// thread, rather than in the one writer.
    public let nameKeys: NameKeys

    public init(filing: FiledPayload, state: Dossier) {
        self.filing = filing
        self.state = state
        (storedState, stateTerm, canonicalState) = Self.stored(state)
        nameKeys = NameKeys(fullName: state.applicant.fullName)
    }

    /// A dossier's state as a store saves it (`storedJSONBytes` in NFC, as the SQLite layer
    /// would store the text), the digest term of those bytes, and their proof of NFC when
    /// they have one: the one rule the writer and a receiving thread both use. One scan
    /// proves the bytes as they are (nearly always); only text it cannot vouch for is normalised.
    public static func stored(_ dossier: Dossier) -> (bytes: [UInt8], term: StateDigest, canonical: CanonicalUTF8?) {
        let written = dossier.storedJSONBytes
        if let canonical = CanonicalUTF8(checking: written) {
            return (written, StateDigest.term(forStoredState: written), canonical)
        }
        let bytes = CanonicalText.nfcNormalized(written)
        return (bytes, StateDigest.term(forStoredState: bytes), CanonicalUTF8(checking: bytes))
    }
}

/// What a receiving thread works out for one received event before the writer stores it,
/// apart from its chain link (`ChangeEvent.preparation`): all pure, all derived from the
/// event's own bytes, and all work the one writer would otherwise do in turn.
public struct EventPreparation: Sendable {
    /// The event passed `ReceivedEventRules`: the writer does not check it again.
    public let checked: Bool
    /// For a filing that passed: the dossier it starts; nil for a step.
    public let filing: PreparedFiling?
    /// The payload proven NFC UTF-8 as it is (nearly always): bound as it is, not scanned again.
    public let canonicalPayload: CanonicalUTF8?
}
