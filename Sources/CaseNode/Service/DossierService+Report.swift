import CaseStorage

extension DossierService {
    /// The report's figures for `period` by centre and procedure (see `CaseStoreReader.report`),
    /// computed on one consistent snapshot of this node's dossiers.
    public func report(_ period: ReportPeriod, centre: String?) throws(ServiceError) -> CentreReport {
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
