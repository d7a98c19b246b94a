/// A dossier's current state: a pure function of its events (see `DossierReducer`).
public struct Dossier: Equatable, Sendable {
    public enum Channel: String, Sendable, CaseIterable {
        /// Handed in at a centre's counter: received on the spot.
        case counter
        /// Submitted online: waits for a clerk to check it (`accept` or `refuse`).
        case online
    }

    public var code: String
    public var channel: Channel
    public var procedureCode: String
    public var procedureName: String
    public var timeLimitWorkingDays: Int
    /// The limit in its own unit when the filing recorded one other than working days
    /// (`FiledPayload.timeLimit`); nil: `timeLimitWorkingDays` working days.
    public var timeLimitInUnit: TimeLimit?
    public var feesVND: Int64
    /// How `feesVND` was computed, when the filing recorded it (a fee counted per page or per copy).
    public var feeLines: [FeeLine]?
    public var applicant: Applicant
    public var documents: [DocumentItem]

    public var receivingCentre: String
    public var competentCentre: String
    public var handlingCentre: String
    /// The centre that handled it before a commune merger handed it over.
    public var originalCentre: String?

    public var status: DossierStatus
    public var receivedAt: Instant
    public var originalDueAt: Instant
    public var dueAt: Instant
    public var finishedAt: Instant?
    public var returnedAt: Instant?
    /// Working time left when a supplement (or an excluded payment) was requested: the clock
    /// stops while the citizen gathers papers or pays, and restarts with this much left.
    public var pausedRemainingWorkingMs: Int64?
    public var apologyCount: Int
    /// Sent back to the citizen at intake (Mẫu 02 before receipt) by a request that says
    /// so: not received, no clock running; the supplement that completes it receives it.
    public var awaitingIntakeSupplement = false
    /// The procedure excludes the time the citizen takes to pay financial obligations
    /// (recorded at filing from the catalogue's `paymentTimeExcluded`): a payment request
    /// pauses the clock as a supplement request does.
    public var paymentTimeExcluded = false
    /// The hash of the citizen's lookup PIN: set by the filing, replaced by a re-issue (a
    /// `note` step carrying a new one); nil for dossiers filed before PINs existed.
    /// Not part of the stored state (`storedJSON`): see docs/lookup.md, "State and digests".
    public var lookupPin: LookupPinHash? = nil

    public var history: [HistoryStep]
    public var conflicts: [DossierConflict]
    /// The number of events folded in: two nodes with the same version of a
    /// dossier have folded the same number of events.
    public var version: Int
    public var lastEventTimestamp: HLCTimestamp

    /// The limit the clock restarts with on receipt (`accept`, an intake supplement).
    public var timeLimit: TimeLimit { timeLimitInUnit ?? .workingDays(timeLimitWorkingDays) }

    /// Overdue is derived, never stored: past the current due date, not yet finished, and
    /// not waiting for the citizen (time waiting for the citizen does not count;
    /// docs/due-dates.md gives the rule and its source).
    public func isOverdue(at now: Instant) -> Bool {
        status.isUnfinished && !isWaitingForCitizen && now > dueAt
    }

    /// Waiting for the citizen with the clock stopped: for a supplement (at intake or during
    /// processing), or for a payment whose time the procedure excludes.
    public var isWaitingForCitizen: Bool {
        status == .supplementRequested || isPausedForPayment
    }

    /// Waiting for a payment whose request stopped the clock (it recorded the time left).
    public var isPausedForPayment: Bool {
        status == .paymentRequested && pausedRemainingWorkingMs != nil
    }

    /// Whether it was resolved late, as statistics judge it: after the due date before any
    /// apology (`StatisticsDueDate`); nil while it has no result.
    public var finishedLate: Bool? {
        guard let finishedAt, status == .resolved || status == .returned else { return nil }
        return finishedAt > StatisticsDueDate.judged(originalDueAt: originalDueAt, moves: dueDateMoves).dueAt
    }
}
