import CaseCore
import CaseSQLite

extension CaseStoreReader {
    /// Events read per page while auditing. Why 1,000: a few MB in memory at once.
    static let auditPageSize: Int64 = 1_000

    /// Every event's chain link recomputed from its stored bytes and every signature
    /// checked against the root-signed certificates held (`EventAuditor`), origin by
    /// origin, a page at a time. `root` nil checks the links only.
    public func audit(root: SigningPublicKey?, clusterID: String) throws -> AuditReport {
        var auditor = EventAuditor(root: root, clusterID: clusterID)
        let decisions = try heldDecisionsForAudit()
        for origin in try Self.origins(in: connection) {
            var state = auditor.begin(origin: origin, certificates: try certificates(of: origin), decision: decisions[origin])
            try Self.forEachEventRow(of: origin, in: connection, pageSize: Self.auditPageSize) { row in
                do {
                    auditor.check(try Self.event(row), &state)
                } catch {
                    let id = EventID(origin: origin, sequence: try row.requiredInteger(1))
                    auditor.unreadable(id, storedLink: (try? row.optionalBlob(8)) ?? [], reason: "\(error)", &state)
                }
            }
            auditor.end(state)
        }
        return auditor.report
    }
}

extension CaseStoreReader {
    /// The root's decisions the file holds, by member: none in a file older than
    /// migration 7 (an audit reads such files without migrating them).
    private func heldDecisionsForAudit() throws -> [String: MembershipDecision] {
        let tables = try connection.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'membership_decisions'")
        guard !tables.isEmpty else { return [:] }
        return Dictionary(try membershipDecisions().map { ($0.member, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every origin with events in the log, sorted.
    static func origins(in connection: SQLiteConnection) throws -> [String] {
        try connection.query("SELECT DISTINCT origin FROM events ORDER BY origin").map { try $0.requiredText(0) }
    }

    /// Hands `body` each stored row of `origin`'s events in sequence order (the columns
    /// `event(_:)` reads), `pageSize` rows read at a time, so a large log never sits in memory.
    /// `withTags: false` for a migration that runs before migration 9 added them (the
    /// events then had none).
    static func forEachEventRow(
        of origin: String, in connection: SQLiteConnection, pageSize: Int64, withTags: Bool = true, _ body: (SQLiteRow) throws -> Void
    ) throws {
        var after: Int64 = 0
        let columns = "origin, seq, hlc, dossier, kind, actor, centre, payload, chain, signature" + (withTags ? ", tags, predecessor_link" : "")
        while true {
            let rows = try connection.query(
                "SELECT \(columns) FROM events WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?",
                [.text(origin), .integer(after), .integer(pageSize)])
            guard let last = rows.last else { return }
            for row in rows { try body(row) }
            after = try last.requiredInteger(1)
        }
    }
}

/// Audits a database or backup file without opening it as a node would: read-only, no
/// migration, no writer, so the file checked is left exactly as it was.
public enum CaseStoreFileAudit {
    public static func audit(path: String, root: SigningPublicKey?, clusterID: String) throws -> AuditReport {
        let connection = try SQLiteConnection(path: path, configuration: SQLiteConfiguration(readOnly: true))
        defer { try? connection.close() }
        let version = try connection.userVersion
        guard version >= 5 else {
            throw StoreCorruption("\(path) has schema version \(version): it predates signed events (version 5); start a node of this release on a copy of it once, then audit that copy")
        }
        return try connection.transaction(.deferred) { try CaseStoreReader(connection: connection).audit(root: root, clusterID: clusterID) }
    }
}
