import CaseCore
import CaseStorage

extension DossierService {
    /// The report's figures for `period` by centre and procedure (see `CaseStoreReader.report`),
    /// computed on one consistent snapshot of this node's dossiers.
    public func report(_ period: ReportPeriod, centre: String?) throws(ServiceError) -> CentreReport {
        if let centre { try refuseUnknown(centre) }
        do {
            let rows = try store.read { try $0.report(period, centre: centre) }
            return CentreReport(period: period, centre: centre, rows: rows.counts, lateDossiers: rows.lateDossiers)
        } catch {
            if let tooLarge = error as? ReportTooLarge {
                throw ServiceError(httpStatus: 422, code: "report_too_large", message: tooLarge.description)
            }
            throw ServiceError.storage(error)
        }
    }
}

extension DossierService {
    /// Refuses a centre this node has never known (a typo would otherwise give an empty
    /// report); a retired one is known, and its past periods are worth reporting.
    func refuseUnknown(_ centre: String) throws(ServiceError) {
        guard let standings = try knownCentres().standings, standings[centre] == nil else { return }
        let known = standings.keys.sorted().prefix(CentreDirectory.maxListed).joined(separator: ", ")
        throw ServiceError(
            httpStatus: 422, code: "unknown_centre", message: "no centre \(centre) is known to this node; the centres it knows: \(known)")
    }

    /// The backlog a merger handed over from `retired` (`CaseStoreReader.handedOverDossiers`),
    /// as it stands now; refused when no handover from it is recorded here. The successor is
    /// the one the retirement recorded, else the one the latest handover step named.
    public func handoverReport(retired: String) throws(ServiceError) -> HandoverReport {
        let now = self.now
        do {
            let (successors, dossiers) = try store.read { reader in
                (try reader.centreSuccessors(), try reader.handedOverDossiers(from: retired, now: now))
            }
            let latest = dossiers.max { $0.handedOverAt < $1.handedOverAt }
            guard let successor = successors[retired] ?? latest?.successor else {
                throw ServiceError.notFound("no handover from centre \(retired) is recorded on this node (casectl retire NODE --successor NODE2 hands them over)")
            }
            return HandoverReport(retired: retired, successor: successor, asOf: now, dossiers: dossiers)
        } catch let error as ServiceError {
            throw error
        } catch {
            if let tooLarge = error as? ReportTooLarge {
                throw ServiceError(httpStatus: 422, code: "report_too_large", message: tooLarge.description)
            }
            throw ServiceError.storage(error)
        }
    }
}
