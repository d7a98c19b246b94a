import CaseCore
import CaseSQLite

/// How the node's `StateDigest` is kept in the database: as 64 hex digits in
/// `node_meta` under `state_digest`, updated by every `CaseStoreWriter.save`
/// in the same transaction as the dossier row it accounts for.
///
/// A dossier's term is the SHA-256 of exactly the bytes in its `state` column:
/// the canonical JSON of `Dossier.storedJSON`, in NFC as the SQLite layer
/// stores all text. Hashing what is stored (rather than what was meant to be
/// stored) is what lets `recompute` check the maintained value from the rows alone.
enum StoredStateDigest {
    static let metaKey = "state_digest"

    /// The digest term of one `state` column value.
    static func term(ofStoredState text: String) -> StateDigest {
        StateDigest.term(forStoredState: Array(text.utf8))
    }

    /// The maintained digest, or zero when none was stored (no dossier was ever saved).
    static func read(_ connection: SQLiteConnection) throws -> StateDigest {
        guard let hex = try connection.scalarString("SELECT value FROM node_meta WHERE key = ?", [.text(metaKey)]) else {
            return .zero
        }
        guard let digest = StateDigest(hex: hex) else {
            throw StoreCorruption("node_meta \(metaKey) holds \"\(hex.prefix(80))\", not 64 hexadecimal digits")
        }
        return digest
    }

    static func write(_ digest: StateDigest, _ connection: SQLiteConnection) throws {
        try connection.execute(
            "INSERT INTO node_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(metaKey), .text(digest.hex)])
    }

    /// The digest computed from every dossier row, streaming them (a node may hold
    /// millions, far more than `SQLiteConnection.query` materialises).
    static func recompute(_ connection: SQLiteConnection) throws -> StateDigest {
        let statement = try connection.cachedStatement("SELECT code, state FROM dossiers")
        defer { statement.resetIgnoringLastStepError() }
        var digest = StateDigest.zero
        while try statement.step() {
            guard let state = statement.string(1) else {
                throw StoreCorruption("dossier \(statement.string(0) ?? "?") has no state")
            }
            digest = digest.adding(term(ofStoredState: state))
        }
        return digest
    }
}
