import CaseCore

/// Checks an event read from the wire before it is stored. Stored events are never
/// rewritten, so a malformed one would stay in the log and be shipped on to every node.
///
/// Only what every node needs to derive the same state is checked: who wrote it, which
/// dossier it belongs to, and, for a filing, a payload the reducer can start a dossier from.
/// Steps' payloads are not: the reducer reads only the fields it knows and ignores the rest.
enum ReplicatedEventValidator {
    /// Throws `ReplicatedBatchRefusal.invalidEvent` for the first invalid event of `events`.
    static func validate(_ events: [ChangeEvent]) throws(ReplicatedBatchRefusal) {
        for event in events {
            if let problem = problem(with: event) {
                throw .invalidEvent(event.id, problem: problem, batchCount: events.count)
            }
        }
    }

    /// What is wrong with `event`, or nil when it may be stored.
    static func problem(with event: ChangeEvent) -> String? {
        guard NodeName.isValid(event.origin) else {
            return "has an origin that is not a node id (lower-case a-z, 0-9, '-', '_', '.', at most \(NodeName.maxLength) bytes)"
        }
        guard DossierCode.isWellFormed(event.dossierCode) else {
            return "names dossier \"\(event.dossierCode.prefix(DossierCode.maxLength))\", which is not a dossier code (AGENCY-YYMMDD-NNNN)"
        }
        if event.kind == .filed {
            do {
                _ = try FiledPayload(json: event.payload)
            } catch {
                return "is a filing whose payload cannot start a dossier: \(error)"
            }
        }
        return nil
    }
}
