import CaseCore
import CaseSQLite

/// The `api_tokens` table: the node's copy of the cluster's token registry, and its local
/// admin token (schema migrations 3 and 5).
extension CaseStoreReader {
    /// Every token record held, sorted by key. A row this build could not have written
    /// (a bad role or provenance, an invalid record or signature, more rows than a
    /// registry may hold) is damage.
    public func tokenRecords() throws -> [TokenRecord] {
        let rows = try connection.query(
            """
            SELECT id, name, role, centre, created_at, revoked_at, secret_hash, provenance, grant_signature, revocation_signature
            FROM api_tokens ORDER BY id, issuer, provenance LIMIT ?
            """,
            [.integer(Int64(TokenLimits.maxRegistryRecords + 1))])
        guard rows.count <= TokenLimits.maxRegistryRecords else {
            throw StoreCorruption("api_tokens holds more than \(TokenLimits.maxRegistryRecords) tokens")
        }
        return try rows.map(Self.tokenRecord)
    }

    private static func tokenRecord(_ row: SQLiteRow) throws -> TokenRecord {
        let roleText = try row.requiredText(2)
        guard let role = TokenRole(rawValue: roleText) else { throw StoreCorruption("api_tokens: unknown role '\(roleText)'") }
        guard let hash = row[6].blobValue else { throw StoreCorruption("api_tokens: secret_hash should be a blob, holds \(row[6])") }
        let id = try row.requiredText(0)
        let record = TokenRecord(
            id: id, name: try row.requiredText(1), role: role, centre: row.text(3), createdAtMs: try row.requiredInteger(4),
            revokedAtMs: row.integer(5), secretHash: hash, provenance: try provenance(row, id: id))
        do {
            try record.validate()
        } catch {
            throw StoreCorruption("api_tokens: token \(record.id): \(error)")
        }
        return record
    }

    private static func provenance(_ row: SQLiteRow, id: String) throws -> TokenProvenance {
        switch try row.requiredText(7) {
        case "legacy": return .legacy
        case "local": return .local
        case "signed":
            guard let grant = try signature(row[8], id: id) else { throw StoreCorruption("api_tokens: signed token \(id) has no grant signature") }
            return .signed(grant: grant, revocation: try signature(row[9], id: id))
        case let other:
            throw StoreCorruption("api_tokens: token \(id) has unknown provenance '\(other)'")
        }
    }

    private static func signature(_ value: SQLiteValue, id: String) throws -> TokenSignature? {
        if case .null = value { return nil }
        guard let bytes = value.blobValue else { throw StoreCorruption("api_tokens: a signature of token \(id) should be a blob, holds \(value)") }
        do {
            return try TokenSignature(encoded: bytes)
        } catch {
            throw StoreCorruption("api_tokens: a signature of token \(id) cannot be read: \(error)")
        }
    }
}

extension CaseStoreWriter {
    /// Inserts the record, or replaces the row of its key (the caller merged it first).
    public func saveToken(_ record: TokenRecord) throws {
        var signatures: (grant: SQLiteValue, revocation: SQLiteValue) = (.null, .null)
        if case .signed(let grant, let revocation) = record.provenance {
            signatures = (.blob(grant.encoded), revocation.map { .blob($0.encoded) } ?? .null)
        }
        try connection.execute(
            """
            INSERT INTO api_tokens (id, issuer, provenance, name, role, centre, created_at, revoked_at, secret_hash,
                grant_signature, revocation_signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id, issuer, provenance) DO UPDATE SET name = excluded.name, role = excluded.role,
                centre = excluded.centre, created_at = excluded.created_at, revoked_at = excluded.revoked_at,
                secret_hash = excluded.secret_hash, grant_signature = excluded.grant_signature,
                revocation_signature = excluded.revocation_signature
            """,
            [
                .text(record.id), .blob(record.key.issuer), .text(record.provenance.name), .text(record.name),
                .text(record.role.rawValue), record.centre.map { .text($0) } ?? .null, .integer(record.createdAtMs),
                record.revokedAtMs.map { .integer($0) } ?? .null, .blob(record.secretHash), signatures.grant, signatures.revocation,
            ])
    }

    /// Deletes the row of the record's key: a record its issuer's bound dropped
    /// (`TokenSetChange.evicted`), or a signed record of a root the cluster no longer has.
    public func deleteToken(_ record: TokenRecord) throws {
        try connection.execute(
            "DELETE FROM api_tokens WHERE id = ? AND issuer = ? AND provenance = ?",
            [.text(record.id), .blob(record.key.issuer), .text(record.provenance.name)])
    }
}
