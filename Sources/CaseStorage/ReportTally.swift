import CaseCore

/// What one dossier adds to a report, worked out from its applied history alone: a pure
/// function, the one place the counting rules live (docs/admin-backup-report.md, "What each
/// figure counts").
///
/// Each figure counts at the centre that held the dossier when the counted thing happened
/// (its receipt, the period's start, its finish, the period's `asOf`, the step), replaying
/// the transfers and handovers of its history; so a later handover never rewrites an
/// earlier period. A dossier is received when the clock starts: at the counter or by post on
/// filing, online on `accept` (or the supplement that completes it after an intake request); one
/// refused or withdrawn before that was never received and only counts as a refusal or
/// withdrawal.
struct ReportTally {
    /// The facts of one stored dossier that its history does not repeat.
    struct Dossier {
        var code: String
        var procedureCode: String
        /// As filed (the filing's `procedureName`), whatever the catalogue calls the code now.
        var procedureName: String
        var receivingCentre: String
        /// The centre handling it now (where its last transfer or handover took it).
        var handlingCentre: String
        var originalDueAt: Instant
        var steps: [ReportHistory.Step]
    }

    let dossier: Dossier
    let period: ReportPeriod
    /// The centre holding the dossier as each step was taken (before it took effect).
    private let holders: [String]
    /// The index of the step that received it, if it was received.
    private let receipt: Int?
    /// The index of the step that finished it (resolved or stopped) after receipt.
    private let finish: Int?

    init(_ dossier: Dossier, period: ReportPeriod) {
        self.dossier = dossier
        self.period = period
        holders = Self.holders(dossier)
        let receipt = dossier.steps.firstIndex { $0.to == DossierStatus.received.rawValue }
        self.receipt = receipt
        finish = receipt.flatMap { first in
            dossier.steps.indices.first { $0 > first && Self.finishingStatuses.contains(dossier.steps[$0].to) }
        }
    }

    /// Statuses that end the processing of a received dossier (refused never follows receipt).
    static let finishingStatuses: Set<String> = [DossierStatus.resolved.rawValue, DossierStatus.stopped.rawValue]

    /// Adds the dossier's figures for the period to `rows`.
    func add(into rows: inout ReportRows) throws {
        try addProcessing(into: &rows)
        try addSteps(into: &rows)
    }

    /// Received, carried over, finished, in progress, and the moves between them: these
    /// balance per centre (`ReportCounts.isBalanced`).
    private func addProcessing(into rows: inout ReportRows) throws {
        guard let receipt else { return }
        let receivedAt = dossier.steps[receipt].at
        let finishedAt = finish.map { dossier.steps[$0].at }
        guard receivedAt < period.end, finishedAt.map({ $0 >= period.start }) ?? true else { return }
        if period.contains(receivedAt) {
            try addReceived(receipt, into: &rows)
        } else {
            try update(holder(before: period.start), into: &rows) { $0.carriedOver += 1 }
        }
        if let finish, let finishedAt, period.contains(finishedAt) {
            try addFinished(finish, into: &rows)
        } else {
            try addInProgress(into: &rows)
        }
    }

    private func addReceived(_ receipt: Int, into rows: inout ReportRows) throws {
        let step = dossier.steps[receipt]
        let online = step.action != EventKind.filedRawValue
        // A dossier sent by post is received on filing, as at the counter; its filing step says so.
        let byPost = !online && step.details[DossierReducer.receivedByKey]?.stringValue == "post"
        try update(holders[receipt], into: &rows) { counts in
            if online { counts.receivedOnline += 1 } else if byPost { counts.receivedByPost += 1 } else { counts.receivedAtCounter += 1 }
        }
        // Phi địa giới: filed at one centre for another, at the centre that took it in.
        if dossier.receivingCentre != holders[0] {
            try update(dossier.receivingCentre, into: &rows) { $0.receivedForOtherCentres += 1 }
        }
    }

    private func addFinished(_ finish: Int, into rows: inout ReportRows) throws {
        let step = dossier.steps[finish]
        guard step.to == DossierStatus.resolved.rawValue else {
            return try update(holders[finish], into: &rows) { $0.closedWithoutResult += 1 }
        }
        let judged = StatisticsDueDate.judged(originalDueAt: dossier.originalDueAt, moves: ReportHistory.dueDateMoves(dossier.steps))
        let timeliness = ReportTimeliness(finishedAt: step.at, dueAt: judged.dueAt)
        try update(holders[finish], into: &rows) { counts in
            switch timeliness {
            case .early: counts.resolvedOnTime += 1; counts.resolvedEarly += 1
            case .onTime: counts.resolvedOnTime += 1
            case .late: counts.resolvedLate += 1
            }
            if judged.apologised { counts.resolvedApologised += 1 }
        }
        if timeliness == .late { try rows.noteLate(lateReason(holder: holders[finish])) }
    }

    /// Unfinished at `asOf`: overdue by the due date in force then, unless it was waiting for
    /// the citizen then (its clock stopped).
    private func addInProgress(into rows: inout ReportRows) throws {
        let asOf = period.asOf
        let due = ReportHistory.dueAt(before: asOf, originalDueAt: dossier.originalDueAt, steps: dossier.steps)
        let overdue = asOf > due && !ReportHistory.waitingForCitizen(at: asOf, steps: dossier.steps)
        try update(holder(before: asOf), into: &rows) { counts in
            if overdue { counts.inProgressOverdue += 1 } else { counts.inProgressNotYetDue += 1 }
        }
    }

    /// Steps of the period counted where the dossier was held when each was taken; moves
    /// (transfers and handovers) only while it was received and unfinished, so that the
    /// processing figures of both centres balance.
    private func addSteps(into rows: inout ReportRows) throws {
        for (index, step) in dossier.steps.enumerated() where period.contains(step.at) {
            let here = holders[index]
            switch step.action {
            case WorkflowAction.apologize.rawValue: try update(here, into: &rows) { $0.apologies += 1 }
            case WorkflowAction.requestSupplement.rawValue: try update(here, into: &rows) { $0.supplementRequests += 1 }
            case WorkflowAction.refuse.rawValue: try update(here, into: &rows) { $0.refusals += 1 }
            case WorkflowAction.requestWithdrawal.rawValue: try update(here, into: &rows) { $0.withdrawals += 1 }
            case WorkflowAction.handover.rawValue, WorkflowAction.transfer.rawValue:
                guard isProcessing(atStep: index), let to = step.details["to"]?.stringValue else { continue }
                let handover = step.action == WorkflowAction.handover.rawValue
                try update(here, into: &rows) { if handover { $0.handedOver += 1 } else { $0.transferredOut += 1 } }
                try update(to, into: &rows) { if handover { $0.takenOver += 1 } else { $0.transferredIn += 1 } }
            default:
                break
            }
        }
    }

    /// Whether step `index` was taken while the dossier was received and not yet finished.
    private func isProcessing(atStep index: Int) -> Bool {
        guard let receipt, index > receipt else { return false }
        return finish.map { index < $0 } ?? true
    }

    /// The reason a late dossier gives: that of its first apology (Mẫu 04 states one),
    /// else none; a note on another step is not a reason for lateness.
    private func lateReason(holder: String) -> ReportLateDossier {
        let apology = dossier.steps.first { $0.action == WorkflowAction.apologize.rawValue }
        return ReportLateDossier(
            code: dossier.code, centre: holder, procedureCode: dossier.procedureCode, procedureName: dossier.procedureName,
            reason: apology?.details["reason"]?.stringValue)
    }

    /// The centre holding the dossier just before `instant`.
    private func holder(before instant: Instant) -> String {
        guard let index = dossier.steps.firstIndex(where: { $0.at >= instant }) else { return dossier.handlingCentre }
        return holders[index]
    }

    private func update(_ centre: String, into rows: inout ReportRows, _ change: (inout ReportCounts) -> Void) throws {
        try rows.update(ReportKey(centre: centre, procedureCode: dossier.procedureCode, procedureName: dossier.procedureName), change)
    }

    /// For each step, the centre holding the dossier as it was taken: the first move's `from`
    /// (or the centre handling it now, if it never moved), then each move's `to`.
    static func holders(_ dossier: Dossier) -> [String] {
        let firstFrom = dossier.steps.lazy.filter { isMove($0) }.compactMap { $0.details["from"]?.stringValue }.first
        var holder = firstFrom ?? dossier.handlingCentre
        return dossier.steps.map { step in
            defer { if isMove(step), let to = step.details["to"]?.stringValue { holder = to } }
            return holder
        }
    }

    private static func isMove(_ step: ReportHistory.Step) -> Bool {
        step.action == WorkflowAction.transfer.rawValue || step.action == WorkflowAction.handover.rawValue
    }
}
