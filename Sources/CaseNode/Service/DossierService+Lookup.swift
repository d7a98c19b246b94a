import CaseCore
import CaseStorage

/// The citizen lookup's reads and the PIN's re-issue (docs/lookup.md).
extension DossierService {
    /// The dossier folded from its events, with its lookup PIN's hash (which the stored state
    /// does not hold), or nil when this node does not hold it.
    public func dossierForLookup(code: String) throws(ServiceError) -> Dossier? {
        do {
            return try dossierWithHistory(code: code)
        } catch where error.httpStatus == 404 {
            return nil
        }
    }

    /// Records `hash` as the dossier's lookup PIN (a `note` step that replicates like any
    /// other), so the PIN it hashes replaces the old one at every node that receives it.
    public func reissueLookupPin(code: String, hash: LookupPinHash, by authority: ActingAuthority, actor: String) throws(ServiceError) -> Dossier {
        try answeringAbsence(of: code) { () throws(ServiceError) in
            try committing { [self] writer in
                let history = try writer.reader.events(forDossier: code)
                let context = try decisionContext(writer, after: history)
                return try record(
                    DossierDecisions.reissueLookupPin(hash, by: authority, actor: actor, history: history, code: code, context: context), in: writer)
            }.dossier
        }
    }
}
