import CaseCore
import CaseStorage
@testable import CaseNode

/// The figures a report should show, folded dossier by dossier from the test's own ledger of
/// what it did (not by SQL and not from stored history), following the definitions in
/// docs/admin-backup-report.md.
enum ExpectedReport {
    static func rows(
        _ ledger: [PlannedDossier], start: Instant, end: Instant, asOf: Instant, centre: String?
    ) -> [ReportKey: ReportCounts] {
        var rows: [ReportKey: ReportCounts] = [:]
        func add(_ centreID: String, _ procedure: String, _ change: (inout ReportCounts) -> Void) {
            guard centre == nil || centre == centreID else { return }
            change(&rows[ReportKey(centre: centreID, procedureCode: procedure), default: ReportCounts()])
        }
        func inPeriod(_ instant: Instant) -> Bool { start <= instant && instant < end }

        for dossier in ledger {
            let here = dossier.handlingCentre
            let procedure = dossier.procedure
            let finish = dossier.finish
            let relevant = dossier.receivedAt < end && (finish.map { $0.at >= start } ?? true)
            if relevant {
                add(here, procedure) { counts in
                    if inPeriod(dossier.receivedAt) { counts.received += 1 } else { counts.carriedOver += 1 }
                }
            }
            if let finish, inPeriod(finish.at) {
                add(here, procedure) { counts in
                    switch finish.kind {
                    case .resolved:
                        let (due, apologised) = dossier.dueJudgedByStatistics
                        if finish.at <= due { counts.resolvedOnTime += 1 } else { counts.resolvedLate += 1 }
                        if apologised { counts.resolvedApologised += 1 }
                    default:
                        counts.closedWithoutResult += 1
                    }
                }
            }
            let unfinishedAtEnd = finish.map { $0.at >= end } ?? true
            if relevant && unfinishedAtEnd {
                let overdue = asOf > dossier.dueInForce(before: asOf)
                add(here, procedure) { counts in
                    if overdue { counts.inProgressOverdue += 1 } else { counts.inProgressNotYetDue += 1 }
                }
            }
            if inPeriod(dossier.receivedAt) && dossier.receivingCentre != dossier.competentCentre {
                add(dossier.receivingCentre, procedure) { $0.receivedForOtherCentres += 1 }
            }
            for step in dossier.steps where inPeriod(step.at) {
                switch step.kind {
                case .apology:
                    add(step.centre, procedure) { $0.apologies += 1 }
                case .handover(let from, let to):
                    add(from, procedure) { $0.handedOver += 1 }
                    add(to, procedure) { $0.takenOver += 1 }
                default:
                    break
                }
            }
        }
        return rows
    }
}

extension CentreReport {
    /// The report's rows keyed as the store computes them, for comparing with `ExpectedReport`.
    var rowsByKey: [ReportKey: ReportCounts] {
        var rows: [ReportKey: ReportCounts] = [:]
        for centre in centres {
            for procedure in centre.procedures {
                rows[ReportKey(centre: centre.id, procedureCode: procedure.code)] = procedure.counts
            }
        }
        return rows
    }
}
