import CaseCore
import CaseSupport
import CaseSQLite

/// The index of idempotency keys (`idempotency_keys`): what each key an event carries
/// stands for, kept in the transaction that stores the event, local or replicated.
extension CaseStoreWriter {
    /// Indexes the key `event` carries, if any. When two events carry the same caller's key
    /// (a retry reached a second node before the first outcome replicated to it), the earliest
    /// by (timestamp, origin, sequence) wins on every node, whatever order they arrive in,
    /// so all nodes answer the key's retries alike. A malformed record is not indexed: local
    /// events are made valid and `ReplicatedEventValidator` refuses received ones before this.
    func indexIdempotencyKey(of event: ChangeEvent) throws {
        guard let record = try? IdempotencyRecord(payload: event.payload) else { return }
        try Self.index(record, of: event.id, dossier: event.dossierCode, timestamp: event.timestamp.storageValue, connection)
    }

    private static func index(_ record: IdempotencyRecord, of event: EventID, dossier: String, timestamp: Int64, _ db: SQLiteConnection) throws {
        let statement = try db.cachedStatement(
            """
            INSERT INTO idempotency_keys (scope, key, request_sha256, dossier, origin, seq, hlc) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (scope, key) DO UPDATE SET request_sha256 = excluded.request_sha256, dossier = excluded.dossier,
                origin = excluded.origin, seq = excluded.seq, hlc = excluded.hlc
            WHERE (excluded.hlc, excluded.origin, excluded.seq) < (idempotency_keys.hlc, idempotency_keys.origin, idempotency_keys.seq)
            """)
        defer { statement.resetIgnoringLastStepError() }
        try statement.bind([
            .text(record.scope), .text(record.key), .text(record.requestSHA256), .text(dossier),
            .text(event.origin), .integer(event.sequence), .integer(timestamp),
        ])
        try statement.run()
    }

    /// Forgets keys whose event is older than `cutoffMs` (wall-clock milliseconds); returns how
    /// many. The events keep their records: only the index forgets, and a retry after that
    /// is decided as a new request.
    public func pruneIdempotencyKeys(olderThanMs cutoffMs: Int64) throws -> Int {
        let cutoff = HLCTimestamp(physicalMs: max(0, cutoffMs), logical: 0).storageValue
        try connection.execute("DELETE FROM idempotency_keys WHERE hlc < ?", [.integer(cutoff)])
        return connection.changes
    }

    /// Migration 8: indexes the keys of events already held, a page of `idempotencyPageSize`
    /// at a time; only events whose payload names the field are parsed. Malformed records
    /// (stored by a version that did not check them) are skipped, as `insert` skips them.
    static func indexHeldIdempotencyKeys(_ db: SQLiteConnection) throws {
        var after: Int64 = 0
        while true {
            let rows = try db.query(
                """
                SELECT rowid, origin, seq, hlc, dossier, payload FROM events
                WHERE rowid > ? AND instr(payload, '"\(IdempotencyRecord.payloadField)"') > 0 ORDER BY rowid LIMIT ?
                """, [.integer(after), .integer(idempotencyPageSize)])
            guard let last = rows.last else { return }
            for row in rows {
                let payload = try JSONParser().parse(Array(try row.requiredText(5).utf8))
                guard let record = try? IdempotencyRecord(payload: payload) else { continue }
                let event = EventID(origin: try row.requiredText(1), sequence: try row.requiredInteger(2))
                try index(record, of: event, dossier: try row.requiredText(4), timestamp: try row.requiredInteger(3), db)
            }
            after = try last.requiredInteger(0)
        }
    }

    /// Why 1,000: a few MB of payloads in memory at once, as migration 5 reads.
    static let idempotencyPageSize: Int64 = 1_000
}

extension CaseStoreReader {
    /// What `scope`'s `key` stands for here, nil when this node holds no event with it.
    public func idempotencyKey(scope: String, key: String) throws -> HeldIdempotencyKey? {
        let rows = try connection.query(
            "SELECT request_sha256, dossier, origin, seq FROM idempotency_keys WHERE scope = ? AND key = ?", [.text(scope), .text(key)])
        guard let row = rows.first else { return nil }
        return HeldIdempotencyKey(
            requestSHA256: try row.requiredText(0), dossierCode: try row.requiredText(1),
            event: EventID(origin: try row.requiredText(2), sequence: try row.requiredInteger(3)))
    }
}
