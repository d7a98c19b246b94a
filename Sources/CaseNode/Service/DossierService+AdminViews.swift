import CaseCore
import CaseStorage

/// What the admin views read: the latest events of the log and how many dossiers are held.
extension DossierService {
    /// The newest `limit` events this node holds, newest first, optionally of one origin and/or dossier.
    public func latestEvents(origin: String?, dossier: String?, limit: Int) throws(ServiceError) -> [ChangeEvent] {
        do {
            return try store.read { try $0.latestEvents(origin: origin, dossier: dossier, limit: limit) }
        } catch {
            throw ServiceError.storage(error)
        }
    }

    /// How many dossiers this node holds, in any status.
    public func dossierCount() throws(ServiceError) -> Int {
        try statistics().countsByStatus.values.reduce(0, +)
    }
}
