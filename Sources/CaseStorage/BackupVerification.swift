import CaseSQLite

/// Turns a fresh backup copy into a database a new node can adopt, and proves it matches
/// the snapshot it was copied from; any mismatch is `CaseStoreBackupError.verificationFailed`.
enum BackupVerification {
    /// Removes the copy's identity, checks it against `snapshot`, folds its WAL into the file,
    /// and closes it. Returns what it holds (`path` and `bytes` are the staged file's).
    static func adopt(copyAt path: String, of snapshot: BackupSnapshot) throws -> CaseStoreBackup {
        // enablesWAL false: the copy must end in rollback-journal mode (below); asking for WAL
        // first would only make one more file to fold back in.
        let copy = try SQLiteConnection(path: path, configuration: SQLiteConfiguration(), enablesWAL: false)
        defer { try? copy.close() }
        try removeIdentity(copy)
        let backup = try check(copy, against: snapshot, path: path)
        try foldJournal(copy)
        try copy.close()
        for suffix in ["-wal", "-shm", "-journal"] where CaseStore.fileSize(path + suffix) != nil {
            throw CaseStoreBackupError.verificationFailed(reason: "SQLite left \(path + suffix) beside the closed copy")
        }
        var finished = backup
        finished.bytes = CaseStore.fileSize(path) ?? 0
        return finished
    }

    private static func removeIdentity(_ copy: SQLiteConnection) throws {
        let keys = CaseStore.identityMetaKeys
        let placeholders = keys.map { _ in "?" }.joined(separator: ", ")
        try copy.transaction(.immediate) {
            try copy.execute("DELETE FROM node_meta WHERE key IN (\(placeholders))", keys.map { .text($0) })
            // A local token (identity mode's first admin token) is honoured only at the node
            // that made it: a node started from the copy makes its own.
            try copy.execute("DELETE FROM api_tokens WHERE provenance = 'local'")
        }
    }

    private static func check(_ copy: SQLiteConnection, against snapshot: BackupSnapshot, path: String) throws -> CaseStoreBackup {
        let integrity = try copy.integrityCheck()
        guard integrity == ["ok"] else { throw failure("integrity_check found: \(integrity.prefix(5).joined(separator: "; "))") }
        let keys = CaseStore.identityMetaKeys
        let identityLeft = try copy.scalarInt64(
            "SELECT count(*) FROM node_meta WHERE key IN (\(keys.map { _ in "?" }.joined(separator: ", ")))", keys.map { .text($0) })
        guard identityLeft == 0 else { throw failure("the copy still names its node") }
        let recomputed = try StoredStateDigest.recompute(copy)
        guard recomputed == snapshot.digest else {
            throw failure("its dossiers hash to \(recomputed.hex), the source's digest at the snapshot is \(snapshot.digest.hex)")
        }
        let maintained = try StoredStateDigest.read(copy)
        guard maintained == snapshot.digest else { throw failure("its maintained digest \(maintained.hex) differs from the source's \(snapshot.digest.hex)") }
        let reader = CaseStoreReader(connection: copy)
        let versionVector = try reader.versionVector()
        guard versionVector == snapshot.versionVector else { throw failure("its version vector differs from the source's at the snapshot") }
        return CaseStoreBackup(
            path: path, bytes: 0, pages: try copy.scalarInt64("PRAGMA page_count") ?? 0,
            dossiers: try copy.scalarInt64("SELECT count(*) FROM dossiers") ?? 0, events: try reader.eventCount(),
            digest: snapshot.digest, versionVector: versionVector, sourceNodeID: snapshot.nodeID)
    }

    /// Rollback-journal mode checkpoints the WAL into the database file and deletes it: the
    /// copy is then one complete file. The node that adopts it switches it back to WAL.
    private static func foldJournal(_ copy: SQLiteConnection) throws {
        let mode = try copy.scalarString("PRAGMA journal_mode = DELETE") ?? ""
        guard mode.lowercased() == "delete" else { throw failure("SQLite kept journal mode '\(mode)' instead of delete") }
    }

    private static func failure(_ reason: String) -> CaseStoreBackupError {
        .verificationFailed(reason: reason)
    }
}
