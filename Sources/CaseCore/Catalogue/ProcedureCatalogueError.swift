/// Why a procedure catalogue was refused.
public enum ProcedureCatalogueError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(bytes: Int, maxBytes: Int)
    case malformed(String)
    case tooManyProcedures(count: Int, max: Int)
    case invalid(ValidationIssue)
    case duplicateCode(String)

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let maxBytes):
            return "procedure catalogue: \(bytes) bytes; at most \(maxBytes) bytes are allowed"
        case .malformed(let problem):
            return "procedure catalogue: not the expected JSON {\"source\", \"procedures\": [{\"code\", \"name\", \"field\", \"timeLimitWorkingDays\", \"timeLimitUnit\"?, \"timeLimit\"?, \"fees\": [{\"name\", \"amountVND\"}], \"level\"?}]}: \(problem)"
        case .tooManyProcedures(let count, let max):
            return "procedure catalogue: \(count) procedures; at most \(max) are allowed"
        case .invalid(let issue):
            return "procedure catalogue: \(issue)"
        case .duplicateCode(let code):
            return "procedure catalogue: code \(code) is listed more than once"
        }
    }
}
