import CaseCore
import CaseNet
import CaseStorage

/// Reads `GET /v1/dossiers?q=&idNumber=&status=&centre=&overdue=&limit=&offset=`, refusing what it does not understand.
enum SearchParameters {
    static let known: Set<String> = ["q", "idNumber", "status", "centre", "overdue", "limit", "offset"]

    static func query(from request: HTTPRequest) throws(ServiceError) -> DossierQuery {
        try refuseUnknown(request, allowed: known)
        let status = try request.query("status").map { text throws(ServiceError) in
            guard let status = DossierStatus(rawValue: text) else {
                throw bad("status '\(text)' is unknown; expected one of: \(DossierStatus.allRawValues.joined(separator: ", "))")
            }
            return status
        }
        let overdue = try request.query("overdue").map { text throws(ServiceError) in
            guard text == "true" || text == "false" else { throw bad("overdue must be true or false, got '\(text)'") }
            return text == "true"
        }
        let limit = try integer(request.query("limit"), name: "limit", range: 1...DossierQuery.maxLimit) ?? DossierQuery.defaultLimit
        let offset = try integer(request.query("offset"), name: "offset", range: 0...1_000_000_000) ?? 0
        return DossierQuery(
            text: nonEmpty(request.query("q")).map(VietnameseText.normalized),
            idNumber: nonEmpty(request.query("idNumber")), status: status, centre: nonEmpty(request.query("centre")),
            overdue: overdue, limit: limit, offset: offset)
    }

    static func integer(_ text: String?, name: String, range: ClosedRange<Int>) throws(ServiceError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw bad("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// Refuses a query parameter the endpoint does not know, naming the ones it does:
    /// a misspelt filter must not silently widen an answer.
    static func refuseUnknown(_ request: HTTPRequest, allowed: some Collection<String>) throws(ServiceError) {
        for (name, _) in request.queryItems where !allowed.contains(name) {
            throw bad("unknown query parameter '\(name)'; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// An absent or empty parameter is no filter.
    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    static func bad(_ message: String) -> ServiceError {
        ServiceError(httpStatus: 400, code: "bad_query", message: message)
    }
}
