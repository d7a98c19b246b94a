import CaseSupport

/// What storing a received filing takes, worked out before the writer gets it
/// (`ChangeEvent.preparedForStorage`): all of it pure, so any thread can do it.
public struct PreparedFiling: Sendable {
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
        (storedState, stateTerm) = Self.stored(state)
        canonicalState = CanonicalUTF8(checking: storedState)
        nameKeys = NameKeys(fullName: state.applicant.fullName)
    }

    /// A dossier's state as a store saves it (`storedJSONBytes` in NFC, as the SQLite layer
    /// would store the text) and the digest term of those bytes: the one rule the writer and
    /// a receiving thread both use.
    public static func stored(_ dossier: Dossier) -> (bytes: [UInt8], term: StateDigest) {
        let bytes = CanonicalText.nfcNormalized(dossier.storedJSONBytes)
        return (bytes, StateDigest.term(forStoredState: bytes))
    }
}
