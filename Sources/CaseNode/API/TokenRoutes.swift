import CaseCore
import CaseNet
import CaseSupport

/// `GET|POST /v1/admin/tokens` and `POST /v1/admin/tokens/{id}/revoke` (admin only).
/// Answers never hold a secret, except the one answer that creates it.
extension APIRouter {
    func listTokens(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: [String]())
        let records = tokens.all.sorted { ($0.createdAtMs, $0.id) < ($1.createdAtMs, $1.id) }
        return .json(200, ["items": .array(records.map(\.json)), "total": .int(Int64(records.count))])
    }

    /// `{"name": "Lê Thị Hoa", "role": "clerk", "centre": "n1"}` → 201 with the record and
    /// the secret, which the node keeps nowhere: this answer is the only time it is seen.
    func createToken(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: [String]())
        let body = try Self.jsonBody(request)
        let name: String, role: TokenRole, centre: String?
        do throws(ValidationIssue) {
            let reader = try JSONObjectReader(body)
            try reader.rejectUnknownKeys(allowed: ["name", "role", "centre"])
            name = try reader.requiredString("name")
            guard let given = try reader.enumeration("role", as: TokenRole.self) else {
                throw ValidationIssue(field: "role", message: "is required: admin, clerk or monitor")
            }
            role = given
            centre = try reader.string("centre")
        } catch {
            throw ServiceError.invalid(error)
        }
        let (record, secret) = try tokens.create(name: name, role: role, centre: centre, nowMs: service.now.millisecondsSinceEpoch)
        var response = HTTPResponse.json(201, [
            "token": record.json, "secret": .string(secret.text),
            "message": .string("store the secret now: it is shown only this once, and the cluster keeps only its hash"),
        ])
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    /// Revokes at this node at once and at every other node as the news spreads; safe to repeat.
    func revokeToken(_ id: String, _ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        try SearchParameters.refuseUnknown(request, allowed: [String]())
        do {
            try TokenRecord.validateID(id)
        } catch {
            throw ServiceError.invalid(error)
        }
        return .json(200, try tokens.revoke(id: id, nowMs: service.now.millisecondsSinceEpoch).json)
    }
}

extension TokenRecord {
    /// The record as the API shows it: never the secret, not even its hash.
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "role": .string(role.rawValue),
            "createdAt": .string(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: createdAtMs))), "revoked": .bool(isRevoked),
        ]
        object["centre"] = centre.map { .string($0) }
        object["revokedAt"] = revokedAtMs.map { .string(VietnamTime.iso8601(Instant(millisecondsSinceEpoch: $0))) }
        return .object(object)
    }
}
