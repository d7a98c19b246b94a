import CaseCore

/// What a node rebuilt from its peers needs before it writes again.
extension CaseStoreWriter {
    /// Raises `daily_sequences` of `agency` to the highest dossier code held for each day.
    ///
    /// Daily sequences are local bookkeeping, not replicated: a node rebuilt from its peers
    /// holds its own earlier dossiers again but would count today's codes from 1 and reuse
    /// one. The grouping runs in SQL, so the work is bounded by the number of days, and
    /// a sequence already higher than what is held is never lowered.
    public func reseedDailySequences(agency: String) throws {
        let prefix = agency + "-"
        // Codes are AGENCY-YYMMDD-NNNN (see DossierCode); the day and number sit after the prefix.
        let rows = try connection.query(
            """
            SELECT substr(code, ?2, 6) AS stamp, MAX(CAST(substr(code, ?2 + 7, 4) AS INTEGER))
            FROM dossiers WHERE substr(code, 1, ?3) = ?1 GROUP BY stamp
            """, [.text(prefix), .integer(Int64(prefix.utf8.count + 1)), .integer(Int64(prefix.utf8.count))])
        for row in rows {
            guard let stamp = row[0].stringValue, let day = Self.civilDate(stamp: stamp), let last = row.integer(1) else { continue }
            try connection.execute(
                """
                INSERT INTO daily_sequences (agency, day, last) VALUES (?, ?, ?)
                ON CONFLICT (agency, day) DO UPDATE SET last = max(last, excluded.last)
                """, [.text(agency), .text(day.iso), .integer(last)])
        }
    }

    /// Deletes a `node_meta` entry (nothing happens if there is none).
    public func removeMeta(_ key: String) throws {
        try connection.execute("DELETE FROM node_meta WHERE key = ?", [.text(key)])
    }

    /// "261122" → 2026-11-22; nil for anything that is not a date of this century.
    private static func civilDate(stamp: String) -> CivilDate? {
        let digits = Array(stamp.utf8)
        guard digits.count == 6, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let number = { (index: Int) in Int(digits[index] - 48) * 10 + Int(digits[index + 1] - 48) }
        return CivilDate(year: 2000 + number(0), month: number(2), day: number(4))
    }
}
