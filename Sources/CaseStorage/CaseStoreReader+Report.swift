import CaseCore
import CaseSQLite

/// What a report holds: its figures by centre and procedure, and the dossiers resolved late
/// in the period with the reasons given.
public struct ReportResult: Sendable, Equatable {
    public var counts: [ReportKey: ReportCounts]
    public var lateDossiers: [ReportLateDossier]
}

/// The statistics centres must produce (DOMAIN.md, "Reports"): every dossier that may matter
/// to the period is read with its history and counted by `ReportTally`, the one place the
/// rules live. The query streams its rows; memory grows with the report's rows, never with
/// the dossiers scanned.
extension CaseStoreReader {
    /// The most rows (centre and procedure pairs) one report may have.
    /// Why 50,000: a province has a few hundred commune centres, each handling a few dozen
    /// procedures (the shipped catalogue has 36); fifty thousand is far beyond a real
    /// province and still a few MB of answer.
    public static let maxReportRows = 50_000

    /// Dossiers that may matter to the period: filed before it ended (receipt is never
    /// before filing) and not finished before it began (every counted step comes before the
    /// finish). The tally decides the rest from the history.
    static let reportCandidatesSQL = """
        SELECT code, procedure_code, receiving_centre, handling_centre, original_due_at, json_extract(state, '$.history'),
            json_extract(state, '$.procedureName') FROM dossiers
        WHERE received_at < ?2 AND (finished_at IS NULL OR finished_at >= ?1)
        """

    /// The report's figures for `period`, by centre and procedure; with `centre`, that
    /// centre's rows only. See `ReportCounts` for what each figure counts.
    public func report(_ period: ReportPeriod, centre: String?) throws -> ReportResult {
        var rows = ReportRows(limit: Self.maxReportRows, centre: centre)
        let bindings: [SQLiteValue] = [.integer(period.start.millisecondsSinceEpoch), .integer(period.end.millisecondsSinceEpoch)]
        try forEachRow(Self.reportCandidatesSQL, bindings) { statement in
            let code = statement.string(0) ?? ""
            let dossier = ReportTally.Dossier(
                code: code, procedureCode: statement.string(1) ?? "", procedureName: statement.string(6) ?? "",
                receivingCentre: statement.string(2) ?? "",
                handlingCentre: statement.string(3) ?? "", originalDueAt: Instant(millisecondsSinceEpoch: statement.int64(4)),
                steps: try ReportHistory.appliedSteps(ofStoredHistory: statement.string(5) ?? "", code: code))
            try ReportTally(dossier, period: period).add(into: &rows)
        }
        return ReportResult(counts: rows.counts, lateDossiers: rows.lateDossiers.sorted { ($0.centre, $0.code) < ($1.centre, $1.code) })
    }

    /// Runs `sql` and hands each row to `body` as it is stepped, holding one row at a time.
    func forEachRow(_ sql: String, _ bindings: [SQLiteValue], _ body: (Statement) throws -> Void) throws {
        let statement = try connection.cachedStatement(sql)
        defer { statement.resetIgnoringLastStepError() }
        try statement.bind(bindings)
        while try statement.step() {
            try body(statement)
        }
    }
}
