import CaseCore
import CaseSQLite

/// The statistics centres must produce (DOMAIN.md, "Reports"), computed from the `dossiers`
/// table. Every query streams its rows; memory grows with the report's rows, never with
/// the dossiers scanned. Only dossiers whose figures depend on their history (apologies,
/// handovers, a due date moved after a past period ended) have their state JSON read.
extension CaseStoreReader {
    /// The most rows (centre and procedure pairs) one report may have.
    /// Why 50,000: a province has a few hundred commune centres, each handling a few dozen
    /// procedures (the shipped catalogue has 37); fifty thousand is far beyond a real
    /// province and still a few MB of answer.
    public static let maxReportRows = 50_000

    /// Statuses whose `finished_at` means the dossier was resolved (it has a result).
    static let resolvedStatusesSQL = "('resolved', 'returned')"
    /// Statuses whose `finished_at` means it ended without a result.
    static let closedStatusesSQL = "('refused', 'stopped')"

    /// The report's figures for `period`, by centre and procedure; with `centre`, that
    /// centre's rows only. See `ReportCounts` for what each figure counts.
    public func report(_ period: ReportPeriod, centre: String?) throws -> [ReportKey: ReportCounts] {
        var rows = ReportRows(limit: Self.maxReportRows, centre: centre)
        try addProcessingFigures(period, into: &rows)
        try addResolvedApologised(period, into: &rows)
        if !period.asOfIsNow { try addInProgressJudgedByHistory(period, into: &rows) }
        try addReceivedForOtherCentres(period, into: &rows)
        try addApologiesAndHandovers(period, into: &rows)
        return rows.counts
    }

    /// Dossiers that matter to the period: received before it ended and not finished before it began.
    private static let relevantSQL = "received_at < ?2 AND (finished_at IS NULL OR finished_at >= ?1)"
    /// Unfinished at the period's end (and so at `asOf`, which is never later).
    private static let inProgressSQL = "(finished_at IS NULL OR finished_at >= ?2)"
    private static let finishedInPeriodSQL = "finished_at >= ?1 AND finished_at < ?2"
    /// Asked for or waited for the citizen before `asOf` (?5, as an HLC storage value): whether
    /// it was waiting at `asOf`, and so not overdue, only the history says.
    private static let waitedBeforeAsOfSQL = """
        EXISTS (SELECT 1 FROM events WHERE events.dossier = dossiers.code AND events.hlc < ?5
            AND events.kind IN ('\(WorkflowAction.requestSupplement.rawValue)', '\(WorkflowAction.requestPayment.rawValue)'))
        """
    /// Overdue at `asOf` as the row says: past the due date, and (now) not waiting for the
    /// citizen, or (for a past period) never waited for before `asOf`.
    private static let overdueByRowSQL = """
        due_at < ?3 AND CASE WHEN ?4 THEN NOT \(DossierWaitSQL.isWaiting) ELSE NOT \(waitedBeforeAsOfSQL) END
        """

    /// An apology was asked for (the history says whether one applied). Looked up by the index
    /// on (dossier, hlc), only for dossiers resolved in the period.
    private static let apologisedSQL = """
        EXISTS (SELECT 1 FROM events WHERE events.dossier = dossiers.code
            AND events.kind = '\(WorkflowAction.apologize.rawValue)')
        """

    /// One grouped scan: each dossier counted once, at its handling centre. In-progress
    /// dossiers whose due date was moved and might have been passed at `asOf`, or that waited
    /// for the citizen before it, are left to `addInProgressJudgedByHistory` (when `asOf` is
    /// not now): the due date stored now may be an apology issued after the period, and the
    /// status now need not be the status then. Now, a dossier waiting for the citizen is not
    /// overdue. Resolved dossiers with an apology are judged by `addResolvedApologised`.
    static let processingSQL = """
        SELECT handling_centre, procedure_code,
            sum(received_at >= ?1),
            sum(received_at < ?1),
            sum(\(finishedInPeriodSQL) AND status IN \(resolvedStatusesSQL) AND finished_at <= due_at AND NOT \(apologisedSQL)),
            sum(\(finishedInPeriodSQL) AND status IN \(resolvedStatusesSQL) AND finished_at > due_at AND NOT \(apologisedSQL)),
            sum(\(finishedInPeriodSQL) AND status IN \(closedStatusesSQL)),
            sum(\(inProgressSQL) AND (original_due_at >= ?3 OR (?4 AND (due_at >= ?3 OR \(DossierWaitSQL.isWaiting))))),
            sum(\(inProgressSQL) AND \(overdueByRowSQL))
        FROM dossiers WHERE \(relevantSQL)
        GROUP BY handling_centre, procedure_code
        """

    private func addProcessingFigures(_ period: ReportPeriod, into rows: inout ReportRows) throws {
        let bindings: [SQLiteValue] = [
            .integer(period.start.millisecondsSinceEpoch), .integer(period.end.millisecondsSinceEpoch),
            .integer(period.asOf.millisecondsSinceEpoch), .integer(period.asOfIsNow ? 1 : 0), .integer(period.asOfHLC),
        ]
        try forEachRow(Self.processingSQL, bindings) { statement in
            let key = ReportKey(centre: statement.string(0) ?? "", procedureCode: statement.string(1) ?? "")
            try rows.update(key) { counts in
                counts.received += statement.int64(2)
                counts.carriedOver += statement.int64(3)
                counts.resolvedOnTime += statement.int64(4)
                counts.resolvedLate += statement.int64(5)
                counts.closedWithoutResult += statement.int64(6)
                counts.inProgressNotYetDue += statement.int64(7)
                counts.inProgressOverdue += statement.int64(8)
            }
        }
    }

    /// Resolved in the period after an apology was asked for: on time or late by the due date
    /// before the apology (`StatisticsDueDate`), and counted apart as apologised.
    static let resolvedApologisedSQL = """
        SELECT code, handling_centre, procedure_code, original_due_at, state, finished_at FROM dossiers
        WHERE \(finishedInPeriodSQL) AND status IN \(resolvedStatusesSQL) AND \(apologisedSQL)
        """

    private func addResolvedApologised(_ period: ReportPeriod, into rows: inout ReportRows) throws {
        let bindings: [SQLiteValue] = [.integer(period.start.millisecondsSinceEpoch), .integer(period.end.millisecondsSinceEpoch)]
        try forEachHistory(Self.resolvedApologisedSQL, bindings, centre: rows.centre) { key, originalDueAt, steps, statement in
            let judged = StatisticsDueDate.judged(originalDueAt: originalDueAt, moves: ReportHistory.dueDateMoves(steps))
            let late = statement.int64(5) > judged.dueAt.millisecondsSinceEpoch
            try rows.update(key) { counts in
                if late { counts.resolvedLate += 1 } else { counts.resolvedOnTime += 1 }
                if judged.apologised { counts.resolvedApologised += 1 }
            }
        }
    }

    /// In progress at `asOf`, due at first before it, and either due now after it or waited
    /// for the citizen before it: whether it was overdue at `asOf` depends on when its due
    /// date moved and whether it was waiting then, which only the history says.
    static let inProgressUndecidedSQL = """
        SELECT code, handling_centre, procedure_code, original_due_at, state FROM dossiers
        WHERE \(relevantSQL) AND \(inProgressSQL) AND original_due_at < ?3 AND (due_at >= ?3 OR \(waitedBeforeAsOfSQL))
        """

    private func addInProgressJudgedByHistory(_ period: ReportPeriod, into rows: inout ReportRows) throws {
        let bindings: [SQLiteValue] = [
            .integer(period.start.millisecondsSinceEpoch), .integer(period.end.millisecondsSinceEpoch),
            .integer(period.asOf.millisecondsSinceEpoch), .integer(0), .integer(period.asOfHLC),
        ]
        try forEachHistory(Self.inProgressUndecidedSQL, bindings, centre: rows.centre) { key, originalDueAt, steps, _ in
            let due = ReportHistory.dueAt(before: period.asOf, originalDueAt: originalDueAt, steps: steps)
            let overdue = period.asOf > due && !ReportHistory.waitingForCitizen(at: period.asOf, steps: steps)
            try rows.update(key) { counts in
                if overdue { counts.inProgressOverdue += 1 } else { counts.inProgressNotYetDue += 1 }
            }
        }
    }

    /// Phi địa giới: filed here in the period for another competent centre, at the receiving centre.
    static let receivedForOtherCentresSQL = """
        SELECT receiving_centre, procedure_code, count(*) FROM dossiers
        WHERE received_at >= ?1 AND received_at < ?2 AND receiving_centre <> competent_centre
        GROUP BY receiving_centre, procedure_code
        """

    private func addReceivedForOtherCentres(_ period: ReportPeriod, into rows: inout ReportRows) throws {
        let bindings: [SQLiteValue] = [.integer(period.start.millisecondsSinceEpoch), .integer(period.end.millisecondsSinceEpoch)]
        try forEachRow(Self.receivedForOtherCentresSQL, bindings) { statement in
            let key = ReportKey(centre: statement.string(0) ?? "", procedureCode: statement.string(1) ?? "")
            let count = statement.int64(2)
            try rows.update(key) { $0.receivedForOtherCentres += count }
        }
    }

    /// Dossiers with an apology or handover event in the period: the index on
    /// (dossier, hlc) finds each relevant dossier's events of the period without a scan of
    /// the log. Whether those steps applied (a concurrent step may have made one impossible)
    /// the history then says.
    static let apologiesAndHandoversSQL = """
        SELECT code, procedure_code, state FROM dossiers
        WHERE \(relevantSQL) AND EXISTS (
            SELECT 1 FROM events WHERE events.dossier = dossiers.code AND events.hlc >= ?3 AND events.hlc < ?4
                AND events.kind IN ('\(WorkflowAction.apologize.rawValue)', '\(WorkflowAction.handover.rawValue)'))
        """

    private func addApologiesAndHandovers(_ period: ReportPeriod, into rows: inout ReportRows) throws {
        let hlc = period.hlcRange
        let bindings: [SQLiteValue] = [
            .integer(period.start.millisecondsSinceEpoch), .integer(period.end.millisecondsSinceEpoch),
            .integer(hlc.lowest), .integer(hlc.beyond),
        ]
        try forEachRow(Self.apologiesAndHandoversSQL, bindings) { statement in
            let code = statement.string(0) ?? ""
            let steps = try ReportHistory.appliedSteps(ofStoredState: statement.string(2) ?? "", code: code)
            try ReportHistory.addSteps(steps, procedureCode: statement.string(1) ?? "", period: period, into: &rows)
        }
    }

    /// Runs `sql`, whose rows begin (code, handling_centre, procedure_code, original_due_at,
    /// state), and hands `body` each row of `centre` (nil: every centre) with its report key,
    /// original due date and applied history steps.
    private func forEachHistory(
        _ sql: String, _ bindings: [SQLiteValue], centre: String?,
        _ body: (ReportKey, Instant, [ReportHistory.Step], Statement) throws -> Void
    ) throws {
        try forEachRow(sql, bindings) { statement in
            let key = ReportKey(centre: statement.string(1) ?? "", procedureCode: statement.string(2) ?? "")
            if let centre, key.centre != centre { return }
            let steps = try ReportHistory.appliedSteps(ofStoredState: statement.string(4) ?? "", code: statement.string(0) ?? "")
            try body(key, Instant(millisecondsSinceEpoch: statement.int64(3)), steps, statement)
        }
    }

    /// Runs `sql` and hands each row to `body` as it is stepped, holding one row at a time.
    private func forEachRow(_ sql: String, _ bindings: [SQLiteValue], _ body: (Statement) throws -> Void) throws {
        let statement = try connection.cachedStatement(sql)
        defer { statement.resetIgnoringLastStepError() }
        try statement.bind(bindings)
        while try statement.step() {
            try body(statement)
        }
    }
}
