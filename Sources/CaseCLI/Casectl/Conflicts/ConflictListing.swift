import CaseSupport

/// `GET /v1/conflicts` answers joined with each dossier's history, so both sides of
/// every conflict are shown: the step not applied and the step that won.
enum ConflictListing {
    /// One listed dossier (`{"code", "status", "conflicts"}`) with, for each conflict, the
    /// steps of its history it names: `notApplied`, `winningStep`, `settlement` (or null),
    /// and `outcome`, the status that stood against the step (set by the winning step).
    static func enrich(_ item: JSONValue, dossier: JSONValue) -> JSONValue {
        let history = dossier["history"]?.arrayValue ?? []
        func step(_ event: JSONValue?) -> JSONValue {
            guard let event, let found = history.first(where: { $0["event"] == event }) else { return .null }
            return summary(of: found)
        }
        let conflicts: [JSONValue] = (item["conflicts"]?.arrayValue ?? []).map { conflict in
            guard case .object(var object) = conflict else { return conflict }
            object["notApplied"] = step(conflict["event"])
            object["winningStep"] = step(conflict["winningEvent"])
            object["settlement"] = step(conflict["settledBy"])
            object["outcome"] = conflict["statusAtApply"] ?? .null
            return .object(object)
        }
        return [
            "code": item["code"] ?? .null, "status": item["status"] ?? .null, "conflicts": .array(conflicts),
        ]
    }

    /// The facts of a history step worth showing beside a conflict.
    private static func summary(of step: JSONValue) -> JSONValue {
        var object: [String: JSONValue] = [:]
        // Not "to": for the step not applied it would only repeat the status it could not change.
        for key in ["event", "action", "centre", "actor", "at", "note"] {
            object[key] = step[key]
        }
        return .object(object)
    }
}
