import CaseCore
import CaseSupport

/// A search over dossiers (`GET /v1/dossiers`); every criterion is optional and they combine with AND.
public struct DossierQuery: Sendable, Hashable {
    /// Part of the applicant's name, folded (case, marks, đ→d), or an exact dossier code.
    public var text: String?
    public var idNumber: String?
    public var status: DossierStatus?
    /// Matches the receiving, competent or handling centre.
    public var centre: String?
    public var overdue: Bool?
    public var limit: Int
    public var offset: Int

    /// A page never holds more than this: it bounds the response size and the work per request.
    public static let maxLimit = 500
    public static let defaultLimit = 50

    public init(
        text: String? = nil, idNumber: String? = nil, status: DossierStatus? = nil, centre: String? = nil,
        overdue: Bool? = nil, limit: Int = DossierQuery.defaultLimit, offset: Int = 0
    ) {
        precondition((1...Self.maxLimit).contains(limit) && offset >= 0, "query paging out of range")
        self.text = text
        self.idNumber = idNumber
        self.status = status
        self.centre = centre
        self.overdue = overdue
        self.limit = limit
        self.offset = offset
    }
}

/// One page of search results, with the total count of matches.
public struct DossierPage: Sendable {
    public var items: [StoredDossier]
    public var total: Int
}

/// A dossier as stored: its canonical state JSON and the columns the node needs without parsing it.
public struct StoredDossier: Sendable {
    public var code: String
    public var status: DossierStatus
    public var dueAt: Instant
    public var version: Int
    /// The state as `Dossier.json(now: nil)` wrote it.
    public var state: JSONValue

    /// The API form: the stored state plus `overdue` at `now` (`Dossier.isOverdue`).
    public func json(now: Instant) -> JSONValue {
        guard case .object(var object) = state else { return state }
        object["overdue"] = .bool(status.isUnfinished && !DossierWaitSQL.isWaiting(status: status, state: state) && now > dueAt)
        return .object(object)
    }
}
