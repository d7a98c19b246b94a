
extension CaseStoreReader {
    /// Dossiers with recorded conflicts, by code; with `openOnly`, only those with at
    /// least one conflict no admin has settled (a conflict's `settledBy` is absent until then).
    ///
    /// The open test reads the stored state with SQLite's JSON functions rather than a new
    /// column: conflicts are rare, and `conflict_count > 0` is checked first.
    public func dossiersWithConflicts(openOnly: Bool, limit: Int, offset: Int) throws -> DossierPage {
        guard openOnly else { return try dossiersWithConflicts(limit: limit, offset: offset) }
        let condition = """
            WHERE conflict_count > 0 AND EXISTS (
                SELECT 1 FROM json_each(dossiers.state, '$.conflicts') WHERE json_extract(value, '$.settledBy') IS NULL)
            """
        let total = try connection.query("SELECT count(*) FROM dossiers \(condition)").first?.integer(0) ?? 0
        let rows = try connection.query(
            "SELECT code, status, due_at, version, state FROM dossiers \(condition) ORDER BY code LIMIT ? OFFSET ?",
            [.integer(Int64(limit)), .integer(Int64(offset))])
        return DossierPage(items: try rows.map(Self.storedDossier), total: Int(total))
    }
}
