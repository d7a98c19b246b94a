import CaseCore
import CaseSupport
import CaseSQLite

/// What the node indexes out of the events it stores, in the transaction that stores each,
/// local or replicated: idempotency keys (`idempotency_keys`) and the successors handover
/// steps name (`centre_successors`).
extension CaseStoreWriter {
    /// Indexes what `event` carries: its idempotency key, and, for a handover, the retired
    /// centre's successor.
    func indexFacts(of event: ChangeEvent) throws {
        try Self.indexFacts(of: event.id, kind: event.kind, dossier: event.dossierCode, timestamp: event.timestamp.storageValue, payload: try? event.payloadReader(), connection)
    }

    /// `payload`: the event's payload, nil when it is not an object (it then carries nothing to index).
    static func indexFacts(of event: EventID, kind: EventKind, dossier: String, timestamp: Int64, payload: JSONObjectReader?, _ db: SQLiteConnection) throws {
        guard let payload else { return }
        // A malformed record is not indexed: local events are made valid, and
        // `ReceivedEventRules` refuse received ones before they are stored.
        if let record = try? IdempotencyRecord(payload: payload) {
            let held = HeldIdempotencyKey(
                requestSHA256: record.requestSHA256, dossierCode: dossier, event: event,
                timestamp: HLCTimestamp(rawValue: UInt64(bitPattern: timestamp)))
            try index(held, scope: record.scope, key: record.key, db)
        }
        if kind == .action(.handover), let retired = payload.member("from")?.stringValue, let successor = payload.member("to")?.stringValue,
           NodeName.isValid(retired), NodeName.isValid(successor) {
            try indexSuccessor(successor, of: retired, timestamp: timestamp, db)
        }
    }

    /// Keeps `held` for the key unless the key already stands for an event that sorts
    /// before it (`HeldIdempotencyKey.supersedes`).
    private static func index(_ held: HeldIdempotencyKey, scope: String, key: String, _ db: SQLiteConnection) throws {
        if let existing = try CaseStoreReader(connection: db).idempotencyKey(scope: scope, key: key), !held.supersedes(existing) { return }
        try db.execute(
            """
            INSERT OR REPLACE INTO idempotency_keys (scope, key, request_sha256, dossier, origin, seq, hlc) VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(scope), .text(key), .text(held.requestSHA256), .text(held.dossierCode),
                .text(held.event.origin), .integer(held.event.sequence), .integer(held.timestamp.storageValue),
            ])
    }

    /// Forgets keys whose event is older than `cutoffMs` (wall-clock milliseconds); returns how
    /// many. The events keep their records: only the index forgets, and a retry after that
    /// is decided as a new request.
    public func pruneIdempotencyKeys(olderThanMs cutoffMs: Int64) throws -> Int {
        let cutoff = HLCTimestamp(physicalMs: max(0, cutoffMs), logical: 0).storageValue
        try connection.execute("DELETE FROM idempotency_keys WHERE hlc < ?", [.integer(cutoff)])
        return connection.changes
    }

    /// A retired centre's successor, as a handover step names it; the latest handover wins
    /// (a centre re-admitted and retired again names a new one), on every node alike.
    static func indexSuccessor(_ successor: String, of retired: String, timestamp: Int64, _ db: SQLiteConnection) throws {
        try db.execute(
            """
            INSERT INTO centre_successors (retired, successor, hlc) VALUES (?, ?, ?)
            ON CONFLICT (retired) DO UPDATE SET successor = excluded.successor, hlc = excluded.hlc WHERE excluded.hlc > centre_successors.hlc
            """, [.text(retired), .text(successor), .integer(timestamp)])
    }

    /// Records `successor` for `retired` now, for a retirement that handed nothing over (no
    /// handover step names it then): only this node learns it; see docs/admin-retire.md.
    public func recordSuccessor(_ successor: String, of retired: String, atMs: Int64) throws {
        try Self.indexSuccessor(successor, of: retired, timestamp: HLCTimestamp(physicalMs: max(0, atMs), logical: 0).storageValue, connection)
    }

    /// Migration 8: indexes what events already held carry, a page of `indexPageSize` at a
    /// time; only events whose payload names an idempotency record or a handover's `from`
    /// are parsed. Malformed records (stored by a version that did not check them) are
    /// skipped, as `insert` skips them.
    static func indexHeldEvents(_ db: SQLiteConnection) throws {
        var after: Int64 = 0
        while true {
            let rows = try db.query(
                """
                SELECT rowid, origin, seq, hlc, dossier, kind, payload FROM events
                WHERE rowid > ? AND (instr(payload, '"\(IdempotencyRecord.payloadField)"') > 0 OR (kind = 'handover' AND instr(payload, '"from"') > 0))
                ORDER BY rowid LIMIT ?
                """, [.integer(after), .integer(indexPageSize)])
            guard let last = rows.last else { return }
            for row in rows {
                guard let kind = EventKind(rawValue: try row.requiredText(5)) else { continue }
                let payload = try? JSONObjectReader(try JSONParser().parse(Array(try row.requiredText(6).utf8)))
                let event = EventID(origin: try row.requiredText(1), sequence: try row.requiredInteger(2))
                try indexFacts(of: event, kind: kind, dossier: try row.requiredText(4), timestamp: try row.requiredInteger(3), payload: payload, db)
            }
            after = try last.requiredInteger(0)
        }
    }

    /// Why 1,000: a few MB of payloads in memory at once, as migration 5 reads.
    static let indexPageSize: Int64 = 1_000
}

extension CaseStoreReader {
    /// Each retired centre's successor as this node knows it, by retired centre.
    public func centreSuccessors() throws -> [String: String] {
        var successors: [String: String] = [:]
        for row in try connection.query("SELECT retired, successor FROM centre_successors") {
            successors[try row.requiredText(0)] = try row.requiredText(1)
        }
        return successors
    }

    /// What `scope`'s `key` stands for here, nil when this node holds no event with it.
    public func idempotencyKey(scope: String, key: String) throws -> HeldIdempotencyKey? {
        let rows = try connection.query(
            "SELECT request_sha256, dossier, origin, seq, hlc FROM idempotency_keys WHERE scope = ? AND key = ?", [.text(scope), .text(key)])
        guard let row = rows.first else { return nil }
        return HeldIdempotencyKey(
            requestSHA256: try row.requiredText(0), dossierCode: try row.requiredText(1),
            event: EventID(origin: try row.requiredText(2), sequence: try row.requiredInteger(3)),
            timestamp: HLCTimestamp(rawValue: UInt64(bitPattern: try row.requiredInteger(4))))
    }
}
