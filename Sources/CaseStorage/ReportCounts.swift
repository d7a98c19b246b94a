/// One row of a report: a centre, and optionally one procedure of it.
public struct ReportKey: Hashable, Sendable, Comparable {
    public var centre: String
    public var procedureCode: String

    public init(centre: String, procedureCode: String) {
        self.centre = centre
        self.procedureCode = procedureCode
    }

    public static func < (lhs: ReportKey, rhs: ReportKey) -> Bool {
        (lhs.centre, lhs.procedureCode) < (rhs.centre, rhs.procedureCode)
    }
}

/// The figures DOMAIN.md's "Reports" asks of a centre for a period (see docs/admin-backup-report.md
/// for exactly what each counts and at which centre).
///
/// The processing figures count each dossier once, at its handling centre; they balance:
/// `totalToProcess == resolved + closedWithoutResult + inProgress`.
public struct ReportCounts: Sendable, Equatable {
    /// Filed in the period.
    public var received: Int64 = 0
    /// Filed before the period and not finished when it began.
    public var carriedOver: Int64 = 0
    /// Resolved in the period no later than the due date, as statistics judge it: moved by
    /// the waits for the citizen, not by apologies (`StatisticsDueDate`).
    public var resolvedOnTime: Int64 = 0
    /// Resolved in the period after that due date.
    public var resolvedLate: Int64 = 0
    /// Of the resolved ones, those with an apology (each also on time or late above).
    public var resolvedApologised: Int64 = 0
    /// Refused or stopped (withdrawn, or no result) in the period.
    public var closedWithoutResult: Int64 = 0
    /// Unfinished at the period's `asOf` and not past the due date in force then.
    public var inProgressNotYetDue: Int64 = 0
    /// Unfinished at the period's `asOf` and past the due date in force then.
    public var inProgressOverdue: Int64 = 0
    /// Apologies (with a new due date) issued in the period, at the centre that issued them.
    public var apologies: Int64 = 0
    /// Filed in the period at this centre for another competent centre (phi địa giới).
    public var receivedForOtherCentres: Int64 = 0
    /// Handed over from this centre to a successor in the period (commune mergers).
    public var handedOver: Int64 = 0
    /// Taken over by this centre from a merged one in the period.
    public var takenOver: Int64 = 0

    public init() {}

    public var totalToProcess: Int64 { received + carriedOver }
    public var resolved: Int64 { resolvedOnTime + resolvedLate }
    public var inProgress: Int64 { inProgressNotYetDue + inProgressOverdue }

    /// 100% minus the late rate, of the dossiers resolved, to one decimal; nil when none was
    /// resolved (a rate of nothing is not 100%).
    public var onTimeRatePercent: Double? {
        guard resolved > 0 else { return nil }
        // Integer per-mille, rounded half up, so 2/3 is 66.7 on every machine.
        let perMille = (resolvedOnTime * 2_000 + resolved) / (resolved * 2)
        return Double(perMille) / 10
    }

    /// These counts plus `other`'s, figure by figure.
    public func adding(_ other: ReportCounts) -> ReportCounts {
        var sum = self
        sum.received += other.received
        sum.carriedOver += other.carriedOver
        sum.resolvedOnTime += other.resolvedOnTime
        sum.resolvedLate += other.resolvedLate
        sum.resolvedApologised += other.resolvedApologised
        sum.closedWithoutResult += other.closedWithoutResult
        sum.inProgressNotYetDue += other.inProgressNotYetDue
        sum.inProgressOverdue += other.inProgressOverdue
        sum.apologies += other.apologies
        sum.receivedForOtherCentres += other.receivedForOtherCentres
        sum.handedOver += other.handedOver
        sum.takenOver += other.takenOver
        return sum
    }
}
