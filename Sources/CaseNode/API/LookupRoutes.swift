import CaseCore
import CaseNet
import CaseSupport
import CaseSystem

/// The citizen lookup (docs/lookup.md): `GET /v1/lookup/{code}?pin=NNNNNN` (JSON) and the
/// `/tra-cuu` page, both without a token; and, for staff, the PIN's re-issue and Mẫu 01
/// printed with a PIN just made.
extension APIRouter {
    /// What one lookup found; the JSON route and the page answer it each in their own form.
    enum LookupAnswer {
        case found(CitizenLookup)
        case notFound
        case tooManyAttempts(retryAfterSeconds: Int64)
        case invalid(String)
    }

    /// The most bytes a `/tra-cuu` form post may have: a code and a PIN are under 100.
    static let maxLookupFormBytes = 1_024

    func lookupJSON(_ code: String, _ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let pin = request.queryItems.first { $0.name == "pin" }?.value ?? ""
        switch try lookUp(code: code, pin: pin, client: lookupGuard.client(of: request)) {
        case .found(let lookup):
            return Self.private(.json(200, lookup.json))
        case .notFound:
            return Self.private(.error(status: 404, code: "not_found", message: LookupPage.notFoundMessage))
        case .tooManyAttempts(let seconds):
            var response = HTTPResponse.error(status: 429, code: "too_many_attempts", message: LookupPage.tooManyAttemptsMessage(retryAfterSeconds: seconds))
            response.headers.add("Retry-After", String(seconds))
            return Self.private(response)
        case .invalid(let message):
            return Self.private(.error(status: 400, code: "bad_lookup", message: message))
        }
    }

    /// `GET /tra-cuu?ma=CODE`: the form, the code prefilled (a PIN in the address is ignored:
    /// the form posts it). `POST /tra-cuu` (form-encoded `ma`, `pin`): the answer.
    func lookupPage(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        guard request.method == "POST" else {
            let code = request.queryItems.first { $0.name == "ma" }?.value.prefix(DossierCode.maxLength)
            return page(status: 200, code: code.map(String.init), .blank)
        }
        guard request.body.count <= Self.maxLookupFormBytes, let fields = Self.formFields(request.body) else {
            return page(status: 400, code: nil, .invalid("Yêu cầu không hợp lệ; hãy nhập lại mã hồ sơ và mã PIN."))
        }
        let code = fields["ma"] ?? ""
        let typed = String(code.prefix(DossierCode.maxLength))
        switch try lookUp(code: code, pin: fields["pin"] ?? "", client: lookupGuard.client(of: request)) {
        case .found(let lookup): return page(status: 200, code: lookup.code, .found(lookup))
        case .notFound: return page(status: 404, code: typed, .notFound)
        case .invalid(let message): return page(status: 400, code: typed, .invalid(message))
        case .tooManyAttempts(let seconds):
            var response = page(status: 429, code: typed, .tooManyAttempts(retryAfterSeconds: seconds))
            response.headers.add("Retry-After", String(seconds))
            return response
        }
    }

    /// The lookup itself. Shape first (400, not counted: a malformed input guesses nothing),
    /// then the limits, then the PIN. An unknown code, a dossier without a PIN and a wrong
    /// PIN all check a hash (the decoy for the first two), so they answer alike in time too.
    func lookUp(code rawCode: String, pin rawPin: String, client: String) throws(ServiceError) -> LookupAnswer {
        let code = rawCode.trimmingSpaces.uppercased()
        guard DossierCode.isWellFormed(code) else {
            return .invalid("Mã hồ sơ không đúng dạng: mã in trên Giấy tiếp nhận có dạng 000.00.12.H56-250701-0042.")
        }
        guard let pin = LookupPin(parsing: rawPin) else { return .invalid("Mã PIN gồm đúng 6 chữ số, in trên Giấy tiếp nhận.") }
        let (admission, admittedAt) = lookupGuard.admit(address: client, code: code)
        if case .refused(let seconds) = admission { return .tooManyAttempts(retryAfterSeconds: seconds) }
        let dossier = try service.dossierForLookup(code: code)
        let matches = (dossier?.lookupPin ?? .decoy).verifies(pin) && dossier?.lookupPin != nil
        guard matches, let dossier else { return .notFound }
        lookupGuard.forgive(address: client, code: code, admittedAtMs: admittedAt)
        return .found(CitizenLookup(dossier, centreName: centreName))
    }

    /// This node names itself; other centres appear by id (it knows only its own name).
    func centreName(_ id: String) -> String {
        id == service.nodeID ? nodeName : id
    }

    private func page(status: Int, code: String?, _ outcome: LookupPage.Outcome) -> HTTPResponse {
        let html = LookupPage.html(code: code, outcome: outcome, centreName: nodeName)
        var response = HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
        // Nothing but the page's own inline style; it may be framed by no one and posts only to itself.
        response.headers.add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
        return Self.private(response)
    }

    /// Lookup answers are about one dossier and one PIN: kept by no cache, sent to no other site.
    private static func `private`(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers.add("Cache-Control", "no-store")
        response.headers.add("Referrer-Policy", "no-referrer")
        return response
    }

    /// `application/x-www-form-urlencoded` fields (the first of each name), or nil when the
    /// body is not such text.
    static func formFields(_ body: [UInt8]) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentEncoding.decode(parts[0], plusIsSpace: true),
                  let value = PercentEncoding.decode(parts.count == 2 ? parts[1] : "", plusIsSpace: true) else { return nil }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }
}

extension String {
    /// Without the spaces a phone keyboard puts around a pasted code.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension APIRouter {
    /// `POST /v1/dossiers/{code}/lookup-pin`: a new PIN, shown in this answer only; its hash
    /// replaces the old one at every node the step reaches (docs/lookup.md, "Re-issuing").
    func reissueLookupPin(_ code: String, caller: TokenRecord?) throws(ServiceError) -> HTTPResponse {
        let authority = try Self.authority(of: caller)
        let actor = try Self.actor(of: caller, body: .object([:]))
        let prepared = lookupPins.take()
        let dossier = try service.reissueLookupPin(code: code, hash: prepared.hash, by: authority, actor: actor)
        return Self.private(.json(200, ["code": .string(dossier.code), "lookupPin": .string(prepared.pin.text)]))
    }

    /// `POST /v1/dossiers/{code}/forms/01` with `{"lookupPin": "NNNNNN"}`: Mẫu 01 with the PIN
    /// printed, for the receipt made right after filing or re-issuing (the node keeps only the
    /// hash, so the caller brings the PIN). A PIN that is not the dossier's is refused (422),
    /// so a wrong one is never printed. POST, so the PIN is not in the request's address.
    func dossierFormWithPin(code: String, form number: String, _ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        guard number == FormNumber.receipt.rawValue else {
            throw ServiceError(
                httpStatus: 405, code: "method_not_allowed", message: "only Mẫu 01 is printed with a PIN (POST); form \(number.prefix(20)) is GET")
        }
        let body = try Self.jsonBody(request)
        let pin: LookupPin
        do throws(ValidationIssue) {
            let reader = try JSONObjectReader(body)
            try reader.rejectUnknownKeys(allowed: ["lookupPin"])
            guard let parsed = LookupPin(parsing: try reader.requiredString("lookupPin")) else {
                throw ValidationIssue(field: "lookupPin", message: "must be the 6 digits the filing or the re-issue answered")
            }
            pin = parsed
        } catch {
            throw ServiceError.invalid(error)
        }
        let dossier = try service.dossierWithHistory(code: code)
        guard dossier.lookupPin?.verifies(pin) == true else {
            throw ServiceError(
                httpStatus: 422, code: "lookup_pin_mismatch",
                message: "that is not dossier \(code)'s lookup PIN; print with the PIN the filing or the last re-issue answered")
        }
        return try dossierForm(code: code, form: number, dossier: dossier, pin: pin)
    }
}
