import CaseCore
import CaseSQLite

/// The register of dossiers (Mẫu 06): what a centre received in a period.
extension CaseStoreReader {
    /// Dossiers `centre` received in `[period.start, period.end)`, in order of receipt, at
    /// most `limit` (the caller asks one more than it prints, to know when a period is too long).
    public func dossiersReceived(at centre: String, in period: ReportPeriod, limit: Int) throws -> [StoredDossier] {
        precondition(limit > 0, "a register has a positive bound")
        let rows = try connection.query(
            """
            SELECT code, status, due_at, version, state FROM dossiers
            WHERE receiving_centre = ? AND received_at >= ? AND received_at < ?
            ORDER BY received_at, code LIMIT ?
            """,
            [.text(centre), .integer(period.start.millisecondsSinceEpoch), .integer(period.end.millisecondsSinceEpoch), .integer(Int64(limit))])
        return try rows.map(Self.storedDossier)
    }
}
