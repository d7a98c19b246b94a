import CaseCore

/// What the admin views read: the latest events of the log, how many dossiers are held,
/// and how many events of each origin.
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
    ///
    /// One count over the smallest index: `GET /v1/cluster` reports it, and monitoring (or a
    /// benchmark waiting for a catch-up) polls that often. Counting by status and counting
    /// every event as well made each poll cost two scans; on a node catching up on 100,000
    /// events, polls every 20 ms took most of its CPU.
    public func dossierCount() throws(ServiceError) -> Int {
        do {
            return try store.read { try $0.dossierCount(in: .all) }
        } catch {
            throw ServiceError.storage(error)
        }
    }

    /// How many events of each origin this node holds (`ProvinceFigures`).
    public func eventCountsByOrigin() throws(ServiceError) -> [String: Int64] {
        do {
            return try store.read { try $0.eventCountsByOrigin() }
        } catch {
            throw ServiceError.storage(error)
        }
    }
}
