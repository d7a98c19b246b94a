import CaseCore
import CaseNet
import CaseStorage
import CaseSupport

/// `GET /v1/conflicts` and an admin's `settle` through `POST /v1/dossiers/{code}/actions`.
extension APIRouter {
    /// `?open=true|false&limit=&offset=`: dossiers with recorded conflicts (all by default;
    /// with `open=true` only those with a conflict no admin has settled yet).
    func listConflicts(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: ["open", "limit", "offset"])
        let openOnly = try request.query("open").map { text throws(ServiceError) in
            guard text == "true" || text == "false" else { throw SearchParameters.bad("open must be true or false, got '\(text)'") }
            return text == "true"
        } ?? false
        let limit = try SearchParameters.integer(request.query("limit"), name: "limit", range: 1...DossierQuery.maxLimit)
            ?? DossierQuery.defaultLimit
        let offset = try SearchParameters.integer(request.query("offset"), name: "offset", range: 0...1_000_000_000) ?? 0
        let page = try service.conflicts(openOnly: openOnly, limit: limit, offset: offset)
        let items: [JSONValue] = page.items.map { stored in
            ["code": .string(stored.code), "status": .string(stored.status.rawValue), "conflicts": stored.state["conflicts"] ?? .array([])]
        }
        return .json(200, [
            "items": .array(items), "total": .int(Int64(page.total)), "limit": .int(Int64(limit)),
            "offset": .int(Int64(offset)), "open": .bool(openOnly),
        ])
    }

    /// `{"action": "settle", "events": [...], "note": "..."}` on a dossier's actions; recorded as the admin token's name.
    func settleConflicts(_ code: String, _ request: HTTPRequest, caller: TokenRecord?) throws(ServiceError) -> HTTPResponse {
        let body = try Self.jsonBody(request)
        let actor = try Self.actor(of: caller, body: body)
        var settle: SettleRequest
        do {
            settle = try SettleRequest(json: body)
        } catch {
            throw ServiceError.invalid(error)
        }
        settle.actor = actor
        let durability = try ReplicaRequest(request)
        let dossier = try service.settle(code, settle)
        metrics.actions.increment(labels: ["action": WorkflowAction.settle.rawValue])
        return answer(dossier, status: 200, durability: durability)
    }

    /// Whether an actions request is an admin's settle (read with `SettleRequest`, not as a clerk's step).
    static func asksToSettle(_ request: HTTPRequest) -> Bool {
        guard let body = try? JSONParser().parse(request.body) else { return false }
        return SettleRequest.isSettle(body)
    }
}
