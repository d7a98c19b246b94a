import CaseCore
import CaseNet
import CaseStorage

/// `GET /v1/dossiers/{code}/forms/{01..05}` and `GET /v1/forms/06?from=&to=&centre=`: the
/// printed forms of Circular 01/2018/TT-VPCP as self-contained HTML (docs/forms.md).
extension APIRouter {
    /// `dossier`: already folded by the caller; `pin`: printed on Mẫu 01 (`dossierFormWithPin`).
    func dossierForm(code: String, form number: String, dossier folded: Dossier? = nil, pin: LookupPin? = nil) throws(ServiceError) -> HTTPResponse {
        guard let form = FormNumber(rawValue: number), FormNumber.dossierForms.contains(form) else {
            let hint = number == FormNumber.register.rawValue ? "; the register is GET /v1/forms/06?from=&to=&centre=" : ""
            throw ServiceError(
                httpStatus: 404, code: "unknown_form",
                message: "no dossier form '\(number.prefix(20))': a dossier's forms are 01 to 05\(hint)")
        }
        let dossier: Dossier
        if let folded { dossier = folded } else { dossier = try service.dossierWithHistory(code: code) }
        var context = try formContext()
        context.lookupPin = pin
        do {
            return Self.html(try DossierForms.html(form, dossier: dossier, context: context))
        } catch {
            throw ServiceError(httpStatus: 404, code: "form_not_applicable", message: error.description)
        }
    }

    func registerForm(_ number: String, _ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        guard number == FormNumber.register.rawValue else {
            throw ServiceError(
                httpStatus: 404, code: "unknown_form",
                message: "no form '\(number.prefix(20))' here: /v1/forms/ serves the register, 06; forms 01 to 05 are at /v1/dossiers/{code}/forms/{01..05}")
        }
        let parameters = try ReportParameters(request, today: VietnamTime.civilDate(of: service.now))
        let centre = parameters.centre ?? service.nodeID
        let period = ReportPeriod(first: parameters.first, last: parameters.last, now: service.now)
        let entries = try service.register(centre: centre, period: period)
        let html = RegisterForm.html(entries: entries, first: parameters.first, last: parameters.last, centre: centre, context: try formContext())
        return Self.html(html)
    }

    /// This node names itself; other centres appear by id (the node knows only its own name).
    private func formContext() throws(ServiceError) -> FormContext {
        do {
            return try FormContext(lookupBase: publicLookup.current, printedAt: service.now, centreNames: [service.nodeID: nodeName])
        } catch {
            // The configuration checked --public-url, and a default is built from a checked address.
            throw ServiceError(httpStatus: 500, code: "public_url_invalid", message: error.description)
        }
    }

    private static func html(_ page: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(page.utf8))
    }
}
