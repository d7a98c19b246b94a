import CaseCore

/// One dossier whose stored state is not the same on every member.
struct DossierDifference: Equatable, Sendable {
    let code: String
    /// Per member compared: the SHA-256 of its stored state, or nil when it lacks the dossier.
    let hashes: [String: StateDigest?]
}
