import CaseCore
import CaseNet
import CaseStorage

/// `GET /v1/reports?from=&to=&centre=` and `GET /v1/reports?handover=RETIRED` (see
/// docs/admin-backup-report.md).
extension APIRouter {
    func report(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let now = service.now
        let parameters = try ReportParameters(request, today: VietnamTime.civilDate(of: now))
        if let retired = parameters.handover {
            return .json(200, try service.handoverReport(retired: retired).json(node: service.nodeID))
        }
        let period = ReportPeriod(first: parameters.first, last: parameters.last, now: now)
        let report = try service.report(period, centre: parameters.centre)
        let catalogue = service.catalogue
        return .json(200, report.json(first: parameters.first, last: parameters.last, node: service.nodeID) { code, name in
            catalogue.procedure(code: code, filedAs: name)
        })
    }
}
