import CaseCore
import CaseSupport
import CaseSQLite

/// Read operations on a node database, inside a transaction the caller opened.
public struct CaseStoreReader {
    let connection: SQLiteConnection

    /// The dossier with this code, or nil when this node does not hold it (yet).
    public func dossier(code: String) throws -> StoredDossier? {
        let rows = try connection.query(
            "SELECT code, status, due_at, version, state FROM dossiers WHERE code = ?", [.text(code)])
        return try rows.first.map(Self.storedDossier)
    }

    /// The receiving centre of a dossier held here whose code opens with `agency`, nil when
    /// none is: how a node learns which centre uses an agency it configured (`--agency`),
    /// which neither certificates nor member records carry. One range of the code's index.
    public func receivingCentre(ofAgency agency: String) throws -> String? {
        // "." follows "-" in ASCII: the range is exactly the codes "AGENCY-…".
        let rows = try connection.query(
            "SELECT receiving_centre FROM dossiers WHERE code >= ? AND code < ? LIMIT 1", [.text(agency + "-"), .text(agency + ".")])
        return rows.first?[0].stringValue
    }

    /// All events of one dossier, in fold order.
    public func events(forDossier code: String) throws -> [ChangeEvent] {
        let rows = try connection.query(
            """
            SELECT origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature, tags, predecessor_link FROM events
            WHERE dossier = ? ORDER BY hlc, origin, seq
            """, [.text(code)])
        return try rows.map(Self.event)
    }

    /// How many events the log holds for dossier `code` (an index count, no payload read).
    public func eventCount(forDossier code: String) throws -> Int {
        Int(try connection.scalarInt64("SELECT count(*) FROM events WHERE dossier = ?", [.text(code)]) ?? 0)
    }

    /// Per origin, the highest sequence held with nothing missing below it.
    public func versionVector() throws -> [String: Int64] {
        var vector: [String: Int64] = [:]
        for row in try connection.query("SELECT origin, seq FROM version_vector") {
            vector[try row.requiredText(0)] = try row.requiredInteger(1)
        }
        return vector
    }

    /// The greatest HLC timestamp in the log, so a restarted node's clock never goes back.
    public func latestTimestamp() throws -> HLCTimestamp {
        let rows = try connection.query("SELECT max(hlc) FROM events")
        guard let value = rows.first?.integer(0) else { return .zero }
        return HLCTimestamp(rawValue: UInt64(bitPattern: value))
    }

    public func search(_ query: DossierQuery, now: Instant) throws -> DossierPage {
        let filter = DossierFilterSQL(query: query, now: now)
        let total = try connection.query("SELECT count(*) FROM dossiers \(filter.whereClause)", filter.bindings)
            .first?.integer(0) ?? 0
        let rows = try connection.query(
            """
            SELECT code, status, due_at, version, state FROM dossiers \(filter.whereClause)
            ORDER BY sort_key, code LIMIT ? OFFSET ?
            """, filter.bindings + [.integer(Int64(query.limit)), .integer(Int64(query.offset))])
        return DossierPage(items: try rows.map(Self.storedDossier), total: Int(total))
    }

    /// How many dossiers this node holds in each status (for metrics).
    public func countsByStatus() throws -> [DossierStatus: Int] {
        var counts: [DossierStatus: Int] = [:]
        for row in try connection.query("SELECT status, count(*) FROM dossiers GROUP BY status") {
            guard let status = DossierStatus(rawValue: try row.requiredText(0)) else { continue }
            counts[status] = Int(try row.requiredInteger(1))
        }
        return counts
    }

    /// The node's maintained `StateDigest` (kept by `CaseStoreWriter.save`); zero when no dossier was ever saved.
    public func stateDigest() throws -> StateDigest {
        try StoredStateDigest.read(connection)
    }

    /// The `StateDigest` computed afresh from every dossier row: O(dossiers), for checking
    /// that the maintained one (`stateDigest()`) still matches the rows.
    public func recomputeStateDigest() throws -> StateDigest {
        try StoredStateDigest.recompute(connection)
    }

    public func eventCount() throws -> Int64 {
        try connection.query("SELECT count(*) FROM events").first?.integer(0) ?? 0
    }

    /// How many events of each origin this log holds: one row per origin, so at most the
    /// cluster's nodes; a scan of the key, as `eventCount()` (/metrics' per-province figures).
    public func eventCountsByOrigin() throws -> [String: Int64] {
        var counts: [String: Int64] = [:]
        for row in try connection.query("SELECT origin, count(*) FROM events GROUP BY origin") {
            counts[try row.requiredText(0)] = try row.requiredInteger(1)
        }
        return counts
    }

    static func storedDossier(_ row: SQLiteRow) throws -> StoredDossier {
        let code = try row.requiredText(0)
        guard let status = DossierStatus(rawValue: try row.requiredText(1)) else {
            throw StoreCorruption("dossier \(code) has an unknown status")
        }
        let state: JSONValue
        do {
            state = try JSONParser().parse(try row.requiredText(4))
        } catch {
            throw StoreCorruption("dossier \(code) has unreadable state: \(error)")
        }
        return StoredDossier(
            code: code, status: status, dueAt: Instant(millisecondsSinceEpoch: try row.requiredInteger(2)),
            version: Int(try row.requiredInteger(3)), state: state)
    }

    /// The event a row of the events table holds, its payload parsed (a payload that is
    /// not JSON is reported here, as a corrupt store, not where it is first used).
    static func event(_ row: SQLiteRow) throws -> ChangeEvent {
        try event(row, parsingPayload: true)
    }

    /// `parsingPayload`: false for events read only to be shipped, whose payload bytes are
    /// written out as they are stored (the receiver checks them).
    static func event(_ row: SQLiteRow, parsingPayload: Bool) throws -> ChangeEvent {
        let origin = try row.requiredText(0)
        let sequence = try row.requiredInteger(1)
        guard let kind = EventKind(rawValue: try row.requiredText(4)) else {
            throw StoreCorruption("event \(origin)/\(sequence) has an unknown kind")
        }
        let payloadJSON = Array(try row.requiredText(7).utf8)
        var payload: JSONValue?
        if parsingPayload {
            do {
                payload = try JSONParser().parse(payloadJSON)
            } catch {
                throw StoreCorruption("event \(origin)/\(sequence) has an unreadable payload: \(error)")
            }
        }
        var event = ChangeEvent(
            origin: origin, sequence: sequence,
            timestamp: HLCTimestamp(rawValue: UInt64(bitPattern: try row.requiredInteger(2))),
            dossierCode: try row.requiredText(3), kind: kind, actor: try row.requiredText(5),
            centre: try row.requiredText(6), payloadJSON: payloadJSON, parsed: payload,
            tags: try tags(row.values.count > 10 ? row.optionalBlob(10) : [], of: origin, sequence),
            chain: try row.optionalBlob(8), signature: try row.optionalBlob(9))
        if row.values.count > 11 { event.predecessorLink = try row.optionalBlob(11) }
        return event
    }

    /// An event row's province tags (`StreamTagEncoding`; NULL, read as empty, for an event
    /// written before tags).
    static func tags(_ stored: [UInt8], of origin: String, _ sequence: Int64) throws -> [StreamTag] {
        guard !stored.isEmpty else { return [] }
        do {
            return try StreamTagEncoding.decoded(stored)
        } catch {
            throw StoreCorruption("event \(origin)/\(sequence) has unreadable province tags: \(error)")
        }
    }

    /// The chain link of `origin`'s event `sequence`: the genesis link for 0.
    public func chainLink(origin: String, sequence: Int64) throws -> [UInt8] {
        guard sequence > 0 else { return EventChain.genesis(origin: origin) }
        let rows = try connection.query("SELECT chain FROM events WHERE origin = ? AND seq = ?", [.text(origin), .integer(sequence)])
        guard let row = rows.first else { throw StoreCorruption("event \(origin)/\(sequence) is counted as held but missing") }
        let link = try row.optionalBlob(0)
        guard link.count == EventChain.linkByteCount else { throw StoreCorruption("event \(origin)/\(sequence) has no chain link") }
        return link
    }

    /// The certificates held for node `subject`.
    public func certificates(of subject: String) throws -> [Certificate] {
        try decodedCertificates(try connection.query("SELECT subject, encoded FROM certificates WHERE subject = ?", [.text(subject)]))
    }

    /// Whether the certificate of this serial is held.
    public func holdsCertificate(serial: [UInt8]) throws -> Bool {
        try !connection.query("SELECT 1 FROM certificates WHERE serial = ?", [.blob(serial)]).isEmpty
    }

    /// Every certificate held: what a node's directory of provinces starts from at each start.
    public func allCertificates() throws -> [Certificate] {
        try decodedCertificates(try connection.query("SELECT subject, encoded FROM certificates ORDER BY subject"))
    }

    private func decodedCertificates(_ rows: [SQLiteRow]) throws -> [Certificate] {
        try rows.map { row in
            do {
                return try Certificate(encoded: try row.optionalBlob(1))
            } catch {
                throw StoreCorruption("a certificate of \(row[0].stringValue ?? "?") is unreadable: \(error)")
            }
        }
    }
}

extension CaseStoreReader {
    /// A fact about the node that owns this database (e.g. "node_id"), if recorded.
    public func meta(_ key: String) throws -> String? {
        try connection.query("SELECT value FROM node_meta WHERE key = ?", [.text(key)]).first?.text(0)
    }
}

extension CaseStoreReader {
    /// Dossiers whose history holds a step a concurrent step made impossible, by code.
    public func dossiersWithConflicts(limit: Int, offset: Int) throws -> DossierPage {
        let total = try connection.query("SELECT count(*) FROM dossiers WHERE conflict_count > 0").first?.integer(0) ?? 0
        let rows = try connection.query(
            "SELECT code, status, due_at, version, state FROM dossiers WHERE conflict_count > 0 ORDER BY code LIMIT ? OFFSET ?",
            [.integer(Int64(limit)), .integer(Int64(offset))])
        return DossierPage(items: try rows.map(Self.storedDossier), total: Int(total))
    }
}
