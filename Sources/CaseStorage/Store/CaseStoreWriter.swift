import CaseCore

/// Write operations on a node database, inside the write transaction `CaseStore.write` opened.
public struct CaseStoreWriter {
    let connection: SQLiteConnection

    /// Reads see this transaction's own writes.
    public var reader: CaseStoreReader { CaseStoreReader(connection: connection) }

    /// Reserves the next dossier-code sequence for `agency` on `day`.
    /// Refuses once the day's 9,999 are used: wrapping would reuse a citizen's code.
    public func reserveDailySequence(agency: String, day: CivilDate) throws -> Int {
        let rows = try connection.query(
            "SELECT last FROM daily_sequences WHERE agency = ? AND day = ?", [.text(agency), .text(day.iso)])
        let next = Int(rows.first?.integer(0) ?? 0) + 1
        guard next <= DossierCode.maxDailySequence else {
            throw DailySequenceExhausted(agency: agency, day: day)
        }
        try connection.execute(
            """
            INSERT INTO daily_sequences (agency, day, last) VALUES (?, ?, ?)
            ON CONFLICT (agency, day) DO UPDATE SET last = excluded.last
            """, [.text(agency), .text(day.iso), .integer(Int64(next))])
        return next
    }

    /// The sequence the next event written by `origin` gets: one past what is held.
    public func nextSequence(origin: String) throws -> Int64 {
        let rows = try connection.query("SELECT seq FROM version_vector WHERE origin = ?", [.text(origin)])
        return (rows.first?.integer(0) ?? 0) + 1
    }

    /// Appends an event that extends its origin's log by exactly one, and advances the version vector with it.
    public func append(_ event: ChangeEvent) throws {
        let expected = try nextSequence(origin: event.origin)
        precondition(event.sequence == expected, "event \(event.id) would leave a gap: expected sequence \(expected)")
        try connection.execute(
            "INSERT INTO events (origin, seq, hlc, dossier, kind, actor, centre, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .text(event.origin), .integer(event.sequence), .integer(event.timestamp.storageValue),
                .text(event.dossierCode), .text(event.kind.rawValue), .text(event.actor), .text(event.centre),
                .text(JSONWriter.string(event.payload)),
            ])
        try connection.execute(
            "INSERT INTO version_vector (origin, seq) VALUES (?, ?) ON CONFLICT (origin) DO UPDATE SET seq = excluded.seq",
            [.text(event.origin), .integer(event.sequence)])
    }

    /// Stores a dossier's derived state (replacing what was there).
    public func save(_ dossier: Dossier) throws {
        try connection.execute(
            """
            INSERT OR REPLACE INTO dossiers (code, status, procedure_code, receiving_centre, competent_centre,
                handling_centre, received_at, due_at, original_due_at, finished_at, id_number, name_key, sort_key,
                version, conflict_count, state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(dossier.code), .text(dossier.status.rawValue), .text(dossier.procedureCode),
                .text(dossier.receivingCentre), .text(dossier.competentCentre), .text(dossier.handlingCentre),
                .integer(dossier.receivedAt.millisecondsSinceEpoch), .integer(dossier.dueAt.millisecondsSinceEpoch),
                .integer(dossier.originalDueAt.millisecondsSinceEpoch),
                dossier.finishedAt.map { .integer($0.millisecondsSinceEpoch) } ?? .null,
                .text(dossier.applicant.idNumber), .text(VietnameseText.searchKey(dossier.applicant.fullName)),
                .text(VietnameseText.sortKey(fullName: dossier.applicant.fullName)),
                .integer(Int64(dossier.version)), .integer(Int64(dossier.conflicts.count)),
                .text(JSONWriter.string(dossier.storedJSON)),
            ])
    }
}

/// A unit has used all 9,999 dossier codes of one day.
public struct DailySequenceExhausted: Error, CustomStringConvertible {
    public let agency: String
    public let day: CivilDate

    public var description: String {
        "agency \(agency) has already received \(DossierCode.maxDailySequence) dossiers on \(day.iso), the most a dossier code can number in one day; file the rest tomorrow or at another unit"
    }
}

extension CaseStoreWriter {
    public func setMeta(_ key: String, _ value: String) throws {
        try connection.execute(
            "INSERT INTO node_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(key), .text(value)])
    }
}
