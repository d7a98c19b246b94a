/// Where a dossier stands in its processing (DOMAIN.md, "Status machine").
///
/// The raw values are part of the API and of stored events: never rename one.
public enum DossierStatus: String, CaseIterable, Sendable, Hashable, Comparable {
    case submitted
    case received
    case refused
    case processing
    case supplementRequested = "supplement_requested"
    case paymentRequested = "payment_requested"
    case withdrawRequested = "withdraw_requested"
    case stopped
    case resolved
    case returned

    /// No step leads out of these.
    public var isTerminal: Bool {
        switch self {
        case .refused, .stopped, .returned: return true
        default: return false
        }
    }

    /// Still being worked on: the due date matters, handover moves it, it can become overdue.
    public var isUnfinished: Bool {
        !isTerminal && self != .resolved
    }

    /// Still owed to the citizen, so a merger hands it over: unfinished, or resolved and
    /// waiting for the result to be returned.
    public var awaitsHandover: Bool {
        !isTerminal
    }

    public static func < (lhs: DossierStatus, rhs: DossierStatus) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// All raw values, for error messages that say what is allowed.
    public static var allRawValues: [String] { allCases.map(\.rawValue) }
}
