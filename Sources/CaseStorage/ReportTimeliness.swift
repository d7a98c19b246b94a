import CaseCore

/// How a resolved dossier stands against the due date statistics judge it by, in the three
/// columns of the official reports (trước hạn, đúng hạn, quá hạn).
enum ReportTimeliness: Equatable {
    /// Resolved on a day (Vietnam time) before the due date's day.
    case early
    /// Resolved on the due date's day, no later than the due time.
    case onTime
    /// Resolved after the due time.
    case late

    init(finishedAt: Instant, dueAt: Instant) {
        if finishedAt > dueAt {
            self = .late
        } else if VietnamTime.civilDate(of: finishedAt) < VietnamTime.civilDate(of: dueAt) {
            self = .early
        } else {
            self = .onTime
        }
    }
}

/// A dossier resolved late in a report's period, with the reason its apology gave (nil: none
/// was given, because it was never apologised for).
public struct ReportLateDossier: Sendable, Equatable {
    public var code: String
    /// The centre that held it when it was resolved.
    public var centre: String
    public var procedureCode: String
    /// As filed (the filing's `procedureName`), so a clerk reads what the citizen asked for.
    public var procedureName: String
    public var reason: String?
}
