import CaseCore

/// An admin settling a dossier's conflicts (`casectl conflicts settle`).
extension DossierService {
    /// Records an admin's decision on conflicts of dossier `code` as one `settle` event:
    /// the named conflicts (or all open ones) become settled by it on every node, the step
    /// stays in the history, and the status is unchanged. Refuses, changing nothing, a
    /// name that is not a conflict of this dossier (422) or one already settled (409).
    public func settle(_ code: String, _ request: SettleRequest) throws(ServiceError) -> Dossier {
        // Checked before the database is touched (a gated node still says what is wrong), and again in the decision.
        do {
            try DossierDecisions.check(request)
        } catch {
            throw ServiceError.refused(error)
        }
        return try answeringAbsence(of: code) { () throws(ServiceError) in
            try committing { [self] writer in
                let history = try writer.reader.events(forDossier: code)
                return try record(
                    DossierDecisions.settle(request, history: history, code: code, context: decisionContext(writer, after: history)), in: writer)
            }.dossier
        }
    }
}
