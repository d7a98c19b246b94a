import CaseCore
import CaseStorage

/// What the printed forms read: a dossier with its whole history, and a centre's register.
extension DossierService {
    /// The most events a dossier may have for its forms to be printed. Why 5,000: a real
    /// dossier has tens of steps; this keeps the control slip a few megabytes, and it is
    /// checked by an index count before any event is read.
    public static let maxFormEvents = 5_000

    /// The dossier folded from its events: the history the control slip (Mẫu 05) prints,
    /// with every step's details, exactly as every node folds it.
    public func dossierWithHistory(code: String, maxEvents: Int = DossierService.maxFormEvents) throws(ServiceError) -> Dossier {
        let events: [ChangeEvent]
        do {
            events = try store.read { reader in
                let count = try reader.eventCount(forDossier: code)
                guard count <= maxEvents else {
                    throw ServiceError(
                        httpStatus: 422, code: "history_too_long",
                        message: "dossier \(code) has \(count) events, more than the \(maxEvents) its forms may print")
                }
                return try reader.events(forDossier: code)
            }
        } catch {
            throw ServiceError.storage(error)
        }
        let folded: Dossier?
        do {
            folded = try DossierReducer.fold(events)
        } catch {
            throw ServiceError(httpStatus: 500, code: "storage_corrupt", message: "dossier \(code) cannot be rebuilt from its events: \(error)")
        }
        guard let folded else { throw absent(code) }
        return folded
    }

    /// The register lines of what `centre` received in `period`; 422 when there are more
    /// than `maxEntries` (tests pass a small one), so a page is never built without bound.
    public func register(centre: String, period: ReportPeriod, maxEntries: Int = RegisterForm.maxEntries) throws(ServiceError) -> [RegisterEntry] {
        precondition((1...RegisterForm.maxEntries).contains(maxEntries), "a register holds 1 to \(RegisterForm.maxEntries) lines")
        let stored: [StoredDossier]
        do {
            stored = try store.read { try $0.dossiersReceived(at: centre, in: period, limit: maxEntries + 1) }
        } catch {
            throw ServiceError.storage(error)
        }
        guard stored.count <= maxEntries else {
            throw ServiceError(
                httpStatus: 422, code: "register_too_large",
                message: "centre \(centre) received more than \(maxEntries) dossiers in the period; print shorter periods")
        }
        return try stored.map { dossier throws(ServiceError) in
            guard let entry = RegisterEntry(storedState: dossier.state) else {
                throw ServiceError(httpStatus: 500, code: "storage_corrupt", message: "the stored state of dossier \(dossier.code) lacks the register's fields")
            }
            return entry
        }
    }
}
