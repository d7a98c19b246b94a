import CaseCore
import CaseStorage
import CaseSQLite
import CaseSupport

/// What went wrong with a request, in terms the API can answer with:
/// an HTTP status, a stable machine code, and a sentence for people.
public struct ServiceError: Error, CustomStringConvertible, Sendable {
    public let httpStatus: Int
    public let code: String
    public let message: String
    /// Fields a program may act on, beside `code` and `message` in the error object
    /// (`not_held` names the province to ask); empty for most errors.
    public let details: [String: JSONValue]

    public init(httpStatus: Int, code: String, message: String, details: [String: JSONValue] = [:]) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { message }

    public static func invalid(_ issue: ValidationIssue) -> ServiceError {
        ServiceError(httpStatus: 422, code: "validation_failed", message: issue.description)
    }

    /// A dossier decision refused: 422, 403, 404, 409, 500 for a stored fault, or 503 when the node cannot date it.
    public static func refused(_ refusal: DossierRefusal) -> ServiceError {
        let status: Int
        switch refusal.kind {
        case .invalid: status = 422
        case .forbidden: status = 403
        case .notFound: status = 404
        case .conflict: status = 409
        case .broken: status = 500
        case .unavailable: status = 503
        }
        return ServiceError(httpStatus: status, code: refusal.code, message: refusal.message)
    }

    public static func notFound(_ what: String) -> ServiceError {
        ServiceError(httpStatus: 404, code: "not_found", message: what)
    }

    /// Maps storage failures to honest answers: nothing was saved, and why.
    public static func storage(_ error: Error) -> ServiceError {
        switch error {
        case let error as SQLiteError where error.isBusy:
            return ServiceError(httpStatus: 503, code: "database_busy", message: "the database is busy; nothing was saved, retry in a moment")
        case let error as SQLiteError where error.isFull:
            return ServiceError(httpStatus: 507, code: "storage_full", message: "the node's disk is full; nothing was saved (\(error.message))")
        case let error as SQLiteError where error.isCorrupt:
            return ServiceError(httpStatus: 500, code: "storage_corrupt", message: "the node's database is damaged: \(error.message)")
        case let error as SQLiteError:
            return ServiceError(httpStatus: 500, code: "storage_error", message: "storage failed, nothing was saved: \(error.message)")
        case let error as StoreCorruption:
            return ServiceError(httpStatus: 500, code: "storage_corrupt", message: error.description)
        case let error as EventTooLarge:
            return ServiceError(httpStatus: 422, code: "event_too_large", message: error.description)
        case let error as DailySequenceExhausted:
            return ServiceError(httpStatus: 503, code: "daily_codes_exhausted", message: error.description)
        case let error as ServiceError:
            return error
        case let refusal as DossierRefusal:
            return .refused(refusal)
        default:
            return ServiceError(httpStatus: 500, code: "internal_error", message: "\(error)")
        }
    }
}
