import CaseCore
import CaseStorage

/// An admin settling a dossier's conflicts (`casectl conflicts settle`).
extension DossierService {
    /// Who a settle is recorded as when the request does not say.
    static let defaultAdminActor = "admin"
    /// How many conflicts an error message lists: enough to pick from, short enough to read.
    static let maxListedConflicts = 10

    /// Records an admin's decision on conflicts of dossier `code` as one `settle` event:
    /// the named conflicts (or all open ones) become settled by it on every node, the step
    /// stays in the history, and the status is unchanged. Refuses, changing nothing, a
    /// name that is not a conflict of this dossier (422) or one already settled (409).
    public func settle(_ code: String, _ request: SettleRequest) throws(ServiceError) -> Dossier {
        do {
            try FilingValidator.checkLength(request.note, max: FilingValidator.maxNoteLength, field: "note")
            try FilingValidator.checkLength(request.actor, max: FilingValidator.maxShortFieldLength, field: "actor")
        } catch {
            throw ServiceError.invalid(error)
        }
        return try committing { [self] writer in
            let events = try writer.reader.events(forDossier: code)
            // The step must sort after every event it was decided on.
            if let latest = events.map(\.timestamp).max() { observe(latest) }
            guard let dossier = try DossierReducer.fold(events) else { throw ServiceError.notFound("no dossier \(code) on this node") }
            let named = try Self.conflictsToSettle(request.events, of: dossier)
            let payload: JSONValue = ["events": .array(named.map { .string($0.description) }), "note": .string(request.note)]
            let event = ChangeEvent(
                origin: nodeID, sequence: try writer.nextSequence(origin: nodeID), timestamp: tick(), dossierCode: code,
                kind: .action(.settle), actor: request.actor ?? Self.defaultAdminActor, centre: nodeID, payload: payload)
            guard let folded = try DossierReducer.fold(events + [event]) else { preconditionFailure("the filing was folded above") }
            try writer.append(event)
            try writer.save(folded)
            return (folded, event)
        }
    }

    /// The conflicts a settle names, checked against the dossier: each must be one of its
    /// conflicts and still open. Nil names every open conflict (there must be one).
    static func conflictsToSettle(_ requested: [EventID]?, of dossier: Dossier) throws(ServiceError) -> [EventID] {
        guard let requested else {
            let open = dossier.conflicts.filter { $0.settledBy == nil }.map(\.event)
            guard !open.isEmpty else {
                throw ServiceError(
                    httpStatus: 409, code: "no_open_conflicts",
                    message: "dossier \(dossier.code) has no open conflicts to settle\(listing(dossier.conflicts))")
            }
            return open
        }
        for id in requested {
            guard let conflict = dossier.conflicts.first(where: { $0.event == id }) else {
                throw ServiceError(
                    httpStatus: 422, code: "not_a_conflict",
                    message: "\(id) is not a conflict of dossier \(dossier.code)\(listing(dossier.conflicts))")
            }
            if let settledBy = conflict.settledBy {
                throw ServiceError(
                    httpStatus: 409, code: "already_settled",
                    message: "conflict \(id) of dossier \(dossier.code) was already settled by \(settledBy)")
            }
        }
        return requested
    }

    /// "; its conflicts: n1/5 (open), n2/3 (settled by n3/9)", or "; it has none".
    private static func listing(_ conflicts: [DossierConflict]) -> String {
        guard !conflicts.isEmpty else { return "; it has no conflicts" }
        let shown = conflicts.prefix(maxListedConflicts).map { conflict in
            "\(conflict.event) (\(conflict.settledBy.map { "settled by \($0)" } ?? "open"))"
        }
        let more = conflicts.count > maxListedConflicts ? ", …" : ""
        return "; its conflicts: " + shown.joined(separator: ", ") + more
    }
}
