import CaseCore

/// The `api_tokens` table: the node's copy of the cluster's token registry.
extension CaseStoreReader {
    /// Every token record held, sorted by id. A row this build could not have written
    /// (a bad role, an invalid record, more rows than a registry may hold) is damage.
    public func tokenRecords() throws -> [TokenRecord] {
        let rows = try connection.query(
            "SELECT id, name, role, centre, created_at, revoked_at, secret_hash FROM api_tokens ORDER BY id LIMIT ?",
            [.integer(Int64(TokenLimits.maxRegistryRecords + 1))])
        guard rows.count <= TokenLimits.maxRegistryRecords else {
            throw StoreCorruption("api_tokens holds more than \(TokenLimits.maxRegistryRecords) tokens")
        }
        return try rows.map { row in
            let roleText = try row.requiredText(2)
            guard let role = TokenRole(rawValue: roleText) else { throw StoreCorruption("api_tokens: unknown role '\(roleText)'") }
            guard let hash = row[6].blobValue else { throw StoreCorruption("api_tokens: secret_hash should be a blob, holds \(row[6])") }
            let record = TokenRecord(
                id: try row.requiredText(0), name: try row.requiredText(1), role: role, centre: row.text(3),
                createdAtMs: try row.requiredInteger(4), revokedAtMs: row.integer(5), secretHash: hash)
            do {
                try record.validate()
            } catch {
                throw StoreCorruption("api_tokens: token \(record.id): \(error)")
            }
            return record
        }
    }
}

extension CaseStoreWriter {
    /// Inserts the record, or replaces the row of its id (the caller merged it first).
    public func saveToken(_ record: TokenRecord) throws {
        try connection.execute(
            """
            INSERT INTO api_tokens (id, name, role, centre, created_at, revoked_at, secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, centre = excluded.centre,
                created_at = excluded.created_at, revoked_at = excluded.revoked_at, secret_hash = excluded.secret_hash
            """,
            [
                .text(record.id), .text(record.name), .text(record.role.rawValue), record.centre.map { .text($0) } ?? .null,
                .integer(record.createdAtMs), record.revokedAtMs.map { .integer($0) } ?? .null, .blob(record.secretHash),
            ])
    }
}
