import CaseCore
import CaseNet
import CaseSupport

/// The read-only admin views of the API: `GET /v1/events`, and the count `/v1/cluster` shows.
extension APIRouter {
    /// `GET /v1/events?origin=&dossier=&limit=`: the latest events of this node's log, newest first.
    func latestEvents(_ request: HTTPRequest) throws(ServiceError) -> HTTPResponse {
        let filter = try EventLogParameters(request)
        let events = try service.latestEvents(origin: filter.origin, dossier: filter.dossier, limit: filter.limit)
        return .json(200, [
            "node": .string(service.nodeID),
            "items": .array(events.map(\.adminJSON)),
            "count": .int(Int64(events.count)),
            "limit": .int(Int64(filter.limit)),
            "origin": filter.origin.map { .string($0) } ?? .null,
            "dossier": filter.dossier.map { .string($0) } ?? .null,
        ])
    }

    func dossierCount() throws(ServiceError) -> Int {
        try service.dossierCount()
    }
}

/// Reads `GET /v1/events` parameters, refusing what it does not understand.
struct EventLogParameters {
    /// The most events one answer holds: as for dossier searches, it bounds the response and the work.
    static let maxLimit = 500
    static let defaultLimit = 50
    static let known: Set<String> = ["origin", "dossier", "limit"]

    let origin: String?
    let dossier: String?
    let limit: Int

    init(_ request: HTTPRequest) throws(ServiceError) {
        try SearchParameters.refuseUnknown(request, allowed: Self.known)
        origin = try SearchParameters.nonEmpty(request.query("origin")).map { text throws(ServiceError) in
            do {
                try NodeName.validate(text, field: "origin")
            } catch {
                throw SearchParameters.bad("\(error)")
            }
            return text
        }
        dossier = try SearchParameters.nonEmpty(request.query("dossier")).map { text throws(ServiceError) in
            let code = VietnameseText.normalized(text)
            guard code.utf8.count <= DossierCode.maxLength else {
                throw SearchParameters.bad("dossier must be a dossier code of at most \(DossierCode.maxLength) bytes")
            }
            return code
        }
        limit = try SearchParameters.integer(request.query("limit"), name: "limit", range: 1...Self.maxLimit) ?? Self.defaultLimit
    }

}

extension ChangeEvent {
    /// An event as admins read it: identity, time (Vietnam time), what, who, where, and its payload.
    var adminJSON: JSONValue {
        [
            "event": .string(id.description),
            "origin": .string(origin),
            "sequence": .int(sequence),
            "at": .string(VietnamTime.iso8601(timestamp.instant)),
            "kind": .string(kind.rawValue),
            "actor": .string(actor),
            "centre": .string(centre),
            "dossier": .string(dossierCode),
            "payload": payload,
        ]
    }
}
