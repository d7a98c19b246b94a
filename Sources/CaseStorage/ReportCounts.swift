/// One row of a report: a centre, and optionally one procedure of it.
public struct ReportKey: Hashable, Sendable, Comparable {
    public var centre: String
    public var procedureCode: String
    /// The procedure's name as its dossiers were filed with it: a code the catalogue later
    /// gave to another procedure (2.001019) makes two rows, each named as filed.
    public var procedureName: String

    public init(centre: String, procedureCode: String, procedureName: String) {
        self.centre = centre
        self.procedureCode = procedureCode
        self.procedureName = procedureName
    }

    public static func < (lhs: ReportKey, rhs: ReportKey) -> Bool {
        (lhs.centre, lhs.procedureCode, lhs.procedureName) < (rhs.centre, rhs.procedureCode, rhs.procedureName)
    }
}

/// The figures DOMAIN.md's "Reports" asks of a centre for a period (see docs/admin-backup-report.md
/// for exactly what each counts and at which centre).
///
/// The processing figures count each dossier once per event, at the centre that held it
/// then (`ReportTally`); they balance per centre (`isBalanced`).
public struct ReportCounts: Sendable, Equatable {
    /// Received in the period at a centre's counter (received on filing).
    public var receivedAtCounter: Int64 = 0
    /// Received in the period online: accepted, or completed after an intake supplement
    /// request (a submission is not received until then).
    public var receivedOnline: Int64 = 0
    /// Received in the period by post (received on filing, as at the counter): filings whose
    /// first step says `"receivedBy": "post"`. A node of a release before the post counts them
    /// at the counter (docs/admin-backup-report.md).
    public var receivedByPost: Int64 = 0
    /// Received before the period and not finished when it began.
    public var carriedOver: Int64 = 0
    /// Resolved in the period no later than the due date, as statistics judge it: moved by
    /// the waits for the citizen, not by apologies (`StatisticsDueDate`). Early ones included.
    public var resolvedOnTime: Int64 = 0
    /// Of those on time, resolved on a day before the due date's day (trước hạn).
    public var resolvedEarly: Int64 = 0
    /// Resolved in the period after that due date.
    public var resolvedLate: Int64 = 0
    /// Of the resolved ones, those with an apology (each also on time or late above).
    public var resolvedApologised: Int64 = 0
    /// Received, then stopped in the period (withdrawn, or ended without a result).
    public var closedWithoutResult: Int64 = 0
    /// Unfinished at the period's `asOf` and not past the due date in force then.
    public var inProgressNotYetDue: Int64 = 0
    /// Unfinished at the period's `asOf` and past the due date in force then.
    public var inProgressOverdue: Int64 = 0
    /// Apologies (with a new due date) issued in the period.
    public var apologies: Int64 = 0
    /// Supplement requests (at intake or during processing) made in the period.
    public var supplementRequests: Int64 = 0
    /// Online submissions refused at intake in the period (never received).
    public var refusals: Int64 = 0
    /// Withdrawals the citizen requested in the period.
    public var withdrawals: Int64 = 0
    /// Filed in the period at this centre for another competent centre (phi địa giới).
    public var receivedForOtherCentres: Int64 = 0
    /// Received and unfinished, handed over from this centre to a successor in the period
    /// (commune mergers).
    public var handedOver: Int64 = 0
    /// Received and unfinished, taken over by this centre from a merged one in the period.
    public var takenOver: Int64 = 0
    /// Received and unfinished, transferred from this centre to another in the period.
    public var transferredOut: Int64 = 0
    /// Received and unfinished, transferred to this centre in the period.
    public var transferredIn: Int64 = 0

    public init() {}

    /// Received in the period, by every channel.
    public var received: Int64 { receivedAtCounter + receivedOnline + receivedByPost }
    public var totalToProcess: Int64 { received + carriedOver }
    public var resolved: Int64 { resolvedOnTime + resolvedLate }
    public var inProgress: Int64 { inProgressNotYetDue + inProgressOverdue }

    /// Every dossier that came to this centre left it somehow: what it had to process, and
    /// took over or was transferred, was resolved, closed, is in progress, or moved on.
    public var isBalanced: Bool {
        totalToProcess + takenOver + transferredIn == resolved + closedWithoutResult + inProgress + handedOver + transferredOut
    }

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
        sum.receivedAtCounter += other.receivedAtCounter
        sum.receivedOnline += other.receivedOnline
        sum.receivedByPost += other.receivedByPost
        sum.carriedOver += other.carriedOver
        sum.resolvedOnTime += other.resolvedOnTime
        sum.resolvedEarly += other.resolvedEarly
        sum.resolvedLate += other.resolvedLate
        sum.resolvedApologised += other.resolvedApologised
        sum.closedWithoutResult += other.closedWithoutResult
        sum.inProgressNotYetDue += other.inProgressNotYetDue
        sum.inProgressOverdue += other.inProgressOverdue
        sum.apologies += other.apologies
        sum.supplementRequests += other.supplementRequests
        sum.refusals += other.refusals
        sum.withdrawals += other.withdrawals
        sum.receivedForOtherCentres += other.receivedForOtherCentres
        sum.handedOver += other.handedOver
        sum.takenOver += other.takenOver
        sum.transferredOut += other.transferredOut
        sum.transferredIn += other.transferredIn
        return sum
    }
}
