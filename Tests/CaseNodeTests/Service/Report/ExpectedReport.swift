import CaseCore
import CaseStorage
@testable import CaseNode

/// The figures a report should show, folded dossier by dossier from the test's own ledger of
/// what it did (not by SQL and not from stored history), following the definitions in
/// docs/admin-backup-report.md: each figure at the centre that held the dossier then.
enum ExpectedReport {
    static func rows(
        _ ledger: [PlannedDossier], start: Instant, end: Instant, asOf: Instant, centre: String?
    ) -> [ReportKey: ReportCounts] {
        var rows: [ReportKey: ReportCounts] = [:]
        for dossier in ledger {
            fold(dossier, start: start, end: end, asOf: asOf) { centreID, change in
                guard centre == nil || centre == centreID else { return }
                change(&rows[ReportKey.filed(centreID, dossier.procedure), default: ReportCounts()])
            }
        }
        return rows
    }

    typealias Add = (String, (inout ReportCounts) -> Void) -> Void

    private static func fold(_ dossier: PlannedDossier, start: Instant, end: Instant, asOf: Instant, add: Add) {
        func inPeriod(_ instant: Instant) -> Bool { start <= instant && instant < end }
        let finish = dossier.steps.firstIndex { step in
            if case .resolved = step.kind { return true }
            if case .closed = step.kind { return true }
            return false
        }
        // A move counts only while the dossier was received and unfinished.
        func moved(_ index: Int) -> Bool { index > (dossier.receipt ?? .max) && index < (finish ?? .max) }
        for (index, step) in dossier.steps.enumerated() where inPeriod(step.at) {
            let here = dossier.holder(afterSteps: index)
            switch step.kind {
            case .apology: add(here) { $0.apologies += 1 }
            case .supplementRequest: add(here) { $0.supplementRequests += 1 }
            case .refused: add(here) { $0.refusals += 1 }
            case .withdrawal: add(here) { $0.withdrawals += 1 }
            case .handover(_, let to):
                guard moved(index) else { continue }
                add(here) { $0.handedOver += 1 }
                add(to) { $0.takenOver += 1 }
            case .transfer(let to):
                guard moved(index) else { continue }
                add(here) { $0.transferredOut += 1 }
                add(to) { $0.transferredIn += 1 }
            default: break
            }
        }
        guard let receipt = dossier.receipt else { return }
        let receivedAt = dossier.steps[receipt].at
        let finishedAt = finish.map { dossier.steps[$0].at }
        guard receivedAt < end, finishedAt.map({ $0 >= start }) ?? true else { return }
        if inPeriod(receivedAt) {
            let online: Bool
            if case .accepted = dossier.steps[receipt].kind { online = true } else { online = false }
            add(dossier.holder(afterSteps: receipt)) { if online { $0.receivedOnline += 1 } else { $0.receivedAtCounter += 1 } }
            if dossier.receivingCentre != dossier.competentCentre { add(dossier.receivingCentre) { $0.receivedForOtherCentres += 1 } }
        } else {
            add(dossier.holder(before: start)) { $0.carriedOver += 1 }
        }
        if let finish, let finishedAt, inPeriod(finishedAt) {
            addFinished(dossier, finish, add: add)
        } else {
            let overdue = asOf > dossier.dueInForce(before: asOf)
            add(dossier.holder(before: asOf)) { if overdue { $0.inProgressOverdue += 1 } else { $0.inProgressNotYetDue += 1 } }
        }
    }

    private static func addFinished(_ dossier: PlannedDossier, _ finish: Int, add: Add) {
        let step = dossier.steps[finish]
        guard case .resolved = step.kind else { return add(dossier.holder(afterSteps: finish)) { $0.closedWithoutResult += 1 } }
        let (due, apologised) = dossier.dueJudgedByStatistics
        add(dossier.holder(afterSteps: finish)) { counts in
            if step.at > due {
                counts.resolvedLate += 1
            } else {
                counts.resolvedOnTime += 1
                if VietnamTime.civilDate(of: step.at) < VietnamTime.civilDate(of: due) { counts.resolvedEarly += 1 }
            }
            if apologised { counts.resolvedApologised += 1 }
        }
    }
}

extension CentreReport {
    /// The report's rows keyed as the store computes them, for comparing with `ExpectedReport`.
    var rowsByKey: [ReportKey: ReportCounts] {
        var rows: [ReportKey: ReportCounts] = [:]
        for centre in centres {
            for procedure in centre.procedures {
                rows[ReportKey(centre: centre.id, procedureCode: procedure.code, procedureName: procedure.name)] = procedure.counts
            }
        }
        return rows
    }
}

extension ReportKey {
    /// The row of `code` at `centre`, filed as the tests' catalogue names it.
    static func filed(_ centre: String, _ code: String) -> ReportKey {
        ReportKey(centre: centre, procedureCode: code, procedureName: ServiceFixture.catalogue.procedure(code: code)?.name ?? "")
    }
}
