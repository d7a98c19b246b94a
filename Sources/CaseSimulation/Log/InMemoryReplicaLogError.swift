import CaseCore

/// Why `InMemoryReplicaLog` refused a call. Nothing was stored when one is thrown.
public enum InMemoryReplicaLogError: Error, CustomStringConvertible {
    /// One call carried more events than `InMemoryReplicaLog.maxEventsPerApply`.
    case tooManyEvents(count: Int, allowed: Int)
    /// Storing would pass `InMemoryReplicaLog.maxStoredEvents`.
    case logFull(stored: Int, allowed: Int)
    /// An event's dossier did not fold (for example a filing whose payload is not a filing).
    case malformedEvent(DossierReducer.MalformedEvent)

    public var description: String {
        switch self {
        case .tooManyEvents(let count, let allowed):
            return "one apply carried \(count) events; at most \(allowed) are allowed"
        case .logFull(let stored, let allowed):
            return "the in-memory log holds \(stored) events and may hold at most \(allowed)"
        case .malformedEvent(let problem):
            return "nothing was applied: \(problem)"
        }
    }
}
