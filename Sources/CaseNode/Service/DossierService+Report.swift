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
