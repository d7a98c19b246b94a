import CaseCore
import CaseSQLite

/// One dossier a merger handed over, as it stands now.
public struct HandedOverDossier: Sendable, Equatable {
    public var code: String
    public var procedureCode: String
    /// As filed (the filing's `procedureName`).
    public var procedureName: String
    /// When the handover from the retired centre was applied, and to which centre.
    public var handedOverAt: Instant
    public var successor: String
    /// Where it is handled now (the successor, or wherever a later transfer took it).
    public var handlingCentre: String
    public var status: String
    public var dueAt: Instant
    public var overdue: Bool
}

/// The backlog a merger handed over: the dossiers whose history holds an applied handover
/// from a retired centre, and their status now. Read-side only: the handover steps in the
/// stored histories are the record, so nothing new is stored.
extension CaseStoreReader {
    /// Dossiers whose history names `retired` as a handover's `from`; the tally confirms the
    /// step applied (a handover a concurrent step made impossible moved nothing).
    /// A scan of the dossiers table: run once per merger by an admin, not per request.
    static let handoverCandidatesSQL = """
        SELECT code, procedure_code, handling_centre, status, due_at, json_extract(state, '$.history'),
            json_extract(state, '$.procedureName') FROM dossiers
        WHERE EXISTS (SELECT 1 FROM json_each(dossiers.state, '$.history')
            WHERE json_extract(value, '$.action') = '\(WorkflowAction.handover.rawValue)' AND json_extract(value, '$.details.from') = ?1)
        ORDER BY code
        """

    /// The dossiers handed over from `retired`, in code order, judged overdue at `now`;
    /// more than `maxReportRows` is refused.
    public func handedOverDossiers(from retired: String, now: Instant) throws -> [HandedOverDossier] {
        var dossiers: [HandedOverDossier] = []
        try forEachRow(Self.handoverCandidatesSQL, [.text(retired)]) { statement in
            let code = statement.string(0) ?? ""
            let steps = try ReportHistory.appliedSteps(ofStoredHistory: statement.string(5) ?? "", code: code)
            guard let handover = ReportHistory.handover(from: retired, in: steps) else { return }
            if dossiers.count >= Self.maxReportRows { throw ReportTooLarge(limit: Self.maxReportRows) }
            let status = statement.string(3) ?? ""
            let dueAt = Instant(millisecondsSinceEpoch: statement.int64(4))
            let unfinished = DossierStatus(rawValue: status)?.isUnfinished ?? false
            dossiers.append(HandedOverDossier(
                code: code, procedureCode: statement.string(1) ?? "", procedureName: statement.string(6) ?? "", handedOverAt: handover.at,
                successor: handover.details["to"]?.stringValue ?? "", handlingCentre: statement.string(2) ?? "", status: status,
                dueAt: dueAt, overdue: unfinished && now > dueAt && !ReportHistory.waitingForCitizen(at: now, steps: steps)))
        }
        return dossiers
    }
}
