import CaseCore
import CaseNet
import CaseStorage

/// Maps HTTP requests to the node's operations and their answers to JSON.
///
/// Every error is `{"error":{"code":"...","message":"..."}}` with a fitting
/// status: 400 malformed, 404 unknown, 405 wrong method, 409 illegal step,
/// 422 invalid content, 503/507 storage trouble.
public struct APIRouter: Sendable {
    public let service: DossierService
    public let metrics: NodeMetrics

    public init(service: DossierService, metrics: NodeMetrics) {
        self.service = service
        self.metrics = metrics
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let route = Route(request)
        let response: HTTPResponse
        do {
            response = try respond(to: request, route: route)
        } catch {
            response = .error(status: error.httpStatus, code: error.code, message: error.message)
        }
        metrics.recordRequest(route: route.name, status: response.status)
        return response
    }

    private func respond(to request: HTTPRequest, route: Route) throws(ServiceError) -> HTTPResponse {
        switch (route, request.method) {
        case (.dossiers, "POST"): return try fileDossier(request)
        case (.dossiers, "GET"): return try searchDossiers(request)
        case (.dossier(let code), "GET"): return try showDossier(code)
        case (.actions(let code), "POST"): return try applyAction(code, request)
        case (.procedures, "GET"): return procedures()
        case (.health, "GET"): return health()
        case (.metrics, "GET"): return try renderMetrics()
        case (.unknown, _):
            throw ServiceError.notFound("no such endpoint: \(request.path); see the README for the API")
        default:
            throw ServiceError(
                httpStatus: 405, code: "method_not_allowed",
                message: "\(request.method) is not allowed on \(request.path); allowed: \(route.allowedMethods.joined(separator: ", "))")
        }
    }

    private func fileDossier(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let body = try Self.jsonBody(request)
        let filing: FilingRequest
        do {
            filing = try FilingRequest(json: body)
        } catch {
            throw ServiceError.invalid(error)
        }
        let dossier = try service.file(filing)
        metrics.filings.increment()
        var response = HTTPResponse.json(201, dossier.json(now: service.now))
        response.headers.add("Location", "/v1/dossiers/\(dossier.code)")
        return response
    }

    private func applyAction(_ code: String, _ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let body = try Self.jsonBody(request)
        let action: ActionRequest
        do {
            action = try ActionRequest(json: body)
        } catch {
            throw ServiceError.invalid(error)
        }
        let dossier = try service.act(on: code, action)
        metrics.actions.increment(labels: ["action": action.action.rawValue])
        return .json(200, dossier.json(now: service.now))
    }

    private func showDossier(_ code: String) throws(ServiceError) -> HTTPResponse {
        .json(200, try service.dossier(code: code).json(now: service.now))
    }

    private func searchDossiers(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let query = try SearchParameters.query(from: request)
        let page = try service.search(query)
        let now = service.now
        return .json(200, [
            "items": .array(page.items.map { $0.json(now: now) }),
            "total": .int(Int64(page.total)),
            "limit": .int(Int64(query.limit)),
            "offset": .int(Int64(query.offset)),
        ])
    }

    private func procedures() -> HTTPResponse {
        .json(200, ["items": .array(service.catalogue.all.map(\.json))])
    }

    private func renderMetrics() throws(ServiceError) -> HTTPResponse {
        let statistics = try service.statistics()
        metrics.update(countsByStatus: statistics.countsByStatus, eventCount: statistics.eventCount)
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"], body: Array(metrics.render().utf8))
    }

    private func health() -> HTTPResponse {
        .json(200, ["status": "ok", "node": .string(service.nodeID), "agency": .string(service.agency)])
    }

    /// Reads the body as JSON. Malformed JSON is a 400 (the request is broken, not its content).
    static func jsonBody(_ request: HTTPRequest) throws(ServiceError) -> JSONValue {
        guard !request.body.isEmpty else {
            throw ServiceError(httpStatus: 400, code: "invalid_json", message: "the request body is empty; expected a JSON object")
        }
        do {
            return try JSONParser().parse(request.body)
        } catch {
            throw ServiceError(httpStatus: 400, code: "invalid_json", message: error.description)
        }
    }
}

extension Procedure {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code), "name": .string(name), "field": .string(field),
            "timeLimitWorkingDays": .int(Int64(timeLimitWorkingDays)),
            "fees": .array(fees.map { ["name": .string($0.name), "amountVND": .int($0.amountVND)] }),
        ]
        object["level"] = level.map { .string($0) }
        return .object(object)
    }
}
