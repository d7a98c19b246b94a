import CaseCore
import CaseSQLite

/// The node database's schema, as forward-only migrations (version in `user_version`).
///
/// - `events`: the immutable change log, the source of truth and what replication ships.
/// - `version_vector`: per origin, the highest sequence held with no gaps below it.
/// - `dossiers`: each dossier's derived state (canonical JSON) plus the columns search needs;
///   always written in the same transaction as the events it was derived from.
/// - `node_meta`: facts about the node that owns the file (its id), so a data
///   directory is never served under another node's name by mistake.
/// - `daily_sequences`: the last dossier-code sequence used per agency and day.
///
/// Migration 2 adds no table: it seeds `node_meta.state_digest` (see `StoredStateDigest`)
/// from the dossiers already stored, so a file written before the digest was maintained
/// starts with the right value; from then on every save keeps it up to date.
///
/// Migration 3 adds `api_tokens`: the cluster's HTTP API tokens (see `TokenRecord`), one
/// row per token id, never deleted (a revocation is a tombstone). Only the SHA-256 of each
/// secret is stored.
///
/// Migration 5 adds each event's chain link and signature (`EventChain`), computing the
/// links of every event already held, and `certificates`: the root-signed certificates
/// of the nodes whose signatures this node checks (`casectl audit` reads them too).
///
/// Migration 6 gives tokens their provenance (`TokenProvenance`): a row is keyed by id,
/// issuer key and provenance, and a signed row keeps its grant and revocation signatures
/// (`TokenSignature.encoded`). Every row written before it becomes a legacy row, which
/// a node honours while the cluster key admits peers (docs/security-api.md).
///
/// Migration 7 adds `membership_decisions`: the cluster root's latest decision about each
/// member (`MembershipDecision`: retired, i.e. revoked, or re-admitted), which the node's
/// replication core keeps here and by which the log refuses a revoked member's events
/// after the decision's last sequence.
///
/// Migration 8 adds `idempotency_keys`: per caller and key, the request it was first used
/// for and the event it produced (`IdempotencyRecord`, docs/idempotency.md); and
/// `centre_successors`: each retired centre's successor as handover steps name it
/// (`CentreDirectory`). Both are written in the transaction that stores the event, local or
/// replicated, and are indexes of what the events carry: the migration fills them from
/// events already held (a node that ran an older version may have stored replicated events
/// that carry them), and a rebuild fills them again.
public enum CaseSchema {
    public static let migrator = SQLiteMigrator([
        SQLiteMigration(version: 1, name: "event log, version vector, dossiers, daily sequences") { db in
            try db.execute(
                """
                CREATE TABLE events (
                    origin TEXT NOT NULL,
                    seq INTEGER NOT NULL CHECK (seq >= 1),
                    hlc INTEGER NOT NULL,
                    dossier TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    centre TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    PRIMARY KEY (origin, seq)
                ) WITHOUT ROWID;
                CREATE INDEX events_by_dossier ON events (dossier, hlc, origin, seq);
                CREATE TABLE version_vector (
                    origin TEXT PRIMARY KEY,
                    seq INTEGER NOT NULL CHECK (seq >= 0)
                ) WITHOUT ROWID;
                CREATE TABLE dossiers (
                    code TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    procedure_code TEXT NOT NULL,
                    receiving_centre TEXT NOT NULL,
                    competent_centre TEXT NOT NULL,
                    handling_centre TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    due_at INTEGER NOT NULL,
                    original_due_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    id_number TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    sort_key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    conflict_count INTEGER NOT NULL,
                    state TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX dossiers_by_sort_key ON dossiers (sort_key, code);
                CREATE INDEX dossiers_by_id_number ON dossiers (id_number);
                CREATE INDEX dossiers_by_status ON dossiers (status, due_at);
                CREATE INDEX dossiers_by_handling ON dossiers (handling_centre);
                CREATE TABLE node_meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE daily_sequences (
                    agency TEXT NOT NULL,
                    day TEXT NOT NULL,
                    last INTEGER NOT NULL,
                    PRIMARY KEY (agency, day)
                ) WITHOUT ROWID;
                """)
        },
        SQLiteMigration(version: 2, name: "state digest of the dossiers already stored") { db in
            try StoredStateDigest.write(try StoredStateDigest.recompute(db), db)
        },
        SQLiteMigration(version: 3, name: "API tokens (hashed), replicated between nodes") { db in
            try db.execute(
                """
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    centre TEXT,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER,
                    secret_hash BLOB NOT NULL
                ) WITHOUT ROWID;
                """)
        },
        SQLiteMigration(version: 4, name: "event log and dossiers as rowid tables") { db in
            try db.execute(rowidTablesSQL)
        },
        SQLiteMigration(version: 5, name: "event chain links and signatures, node certificates") { db in
            // Columns added only where missing: a file whose version was set back (a test,
            // an operator's repair) may have them already.
            let columns = try db.query("PRAGMA table_info(events)").compactMap { $0[1].stringValue }
            for column in ["chain", "signature"] where !columns.contains(column) {
                try db.execute("ALTER TABLE events ADD COLUMN \(column) BLOB")
            }
            try db.execute(certificatesSQL)
            try linkHeldEvents(db)
        },
        SQLiteMigration(version: 6, name: "API tokens with their provenance and signatures") { db in
            try db.execute(signedTokensSQL)
        },
        SQLiteMigration(version: 7, name: "the cluster root's membership decisions") { db in
            try db.execute(membershipDecisionsSQL)
        },
        SQLiteMigration(version: 8, name: "idempotency keys of filings and steps, successors of retired centres") { db in
            try db.execute(idempotencyKeysSQL)
            try CaseStoreWriter.indexHeldEvents(db)
        },
        SQLiteMigration(version: 9, name: "province tags of events (event format 2)") { db in
            // NULL for every event held: all were written before tags (format 1). Added only
            // where missing, as migration 5's columns are.
            let columns = try db.query("PRAGMA table_info(events)").compactMap { $0[1].stringValue }
            if !columns.contains("tags") { try db.execute("ALTER TABLE events ADD COLUMN tags BLOB") }
        },
        SQLiteMigration(version: 10, name: "sparse streams: predecessor links, and which events each province's stream holds") { db in
            let columns = try db.query("PRAGMA table_info(events)").compactMap { $0[1].stringValue }
            if !columns.contains("predecessor_link") { try db.execute("ALTER TABLE events ADD COLUMN predecessor_link BLOB") }
            try db.execute(eventTagsSQL)
            try CaseStoreWriter.indexHeldTags(db)
        },
        SQLiteMigration(version: 11, name: "the cluster root's published holiday schedules") { db in
            try db.execute(holidaySchedulesSQL)
        },
        SQLiteMigration(version: 12, name: "dossiers shared with another province, and those awaiting their history") { db in
            // Empty at first: only a node divided into provinces counts any, and none did before.
            try db.execute(pendingImportsSQL)
        },
        SQLiteMigration(version: 13, name: "the cluster root's province mergers") { db in
            try db.execute(provinceMergesSQL)
        },
    ])

    /// One row per merged province: the latest merger the cluster root signed for it
    /// (`ProvinceMerge`), as signed. A new table: nothing held changes.
    static let provinceMergesSQL = """
        CREATE TABLE IF NOT EXISTS province_merges (
            from_province TEXT PRIMARY KEY,
            issued_at INTEGER NOT NULL,
            encoded BLOB NOT NULL
        );
        """

    /// Dossiers this node shares with another province (it holds events of them that are in
    /// no dense stream of its own), in the order they were found, and whether each awaits
    /// history it lacks (`pending`): `CaseStoreWriter+Imports`.
    static let pendingImportsSQL = """
        CREATE TABLE IF NOT EXISTS shared_dossiers (
            dossier TEXT PRIMARY KEY,
            found INTEGER NOT NULL,
            pending INTEGER NOT NULL
        );
        """

    /// One row per year: the latest schedule the cluster root published for it
    /// (`HolidaySchedule`), as signed. A new table: nothing held changes.
    static let holidaySchedulesSQL = """
        CREATE TABLE IF NOT EXISTS holiday_schedules (
            year INTEGER PRIMARY KEY,
            issued_at INTEGER NOT NULL,
            encoded BLOB NOT NULL
        );
        """

    /// Which events of each origin are tagged with each province: what a node of that
    /// province is served (`CaseStoreReader.events(missingFrom:servingTags:)`), read as
    /// a range of the key, and the origin's last event tagged with it (its stream head).
    static let eventTagsSQL = """
        CREATE TABLE IF NOT EXISTS event_tags (
            province TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (province, origin, seq)
        ) WITHOUT ROWID;
        """

    /// One row per (scope, key): the earliest event that carried it (see `CaseStoreWriter.indexFacts`).
    /// `hlc` also dates the key, for pruning (`idempotency_keys_by_age`).
    static let idempotencyKeysSQL = """
        CREATE TABLE IF NOT EXISTS idempotency_keys (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            request_sha256 TEXT NOT NULL,
            dossier TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc INTEGER NOT NULL,
            PRIMARY KEY (scope, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (hlc);
        CREATE TABLE IF NOT EXISTS centre_successors (
            retired TEXT PRIMARY KEY,
            successor TEXT NOT NULL,
            hlc INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    /// One row per member: its latest decision. `revoked_after` is the decision's last
    /// sequence for a retirement, NULL for a readmission, so the apply path reads the
    /// cut-off of an origin with one indexed lookup.
    static let membershipDecisionsSQL = """
        CREATE TABLE IF NOT EXISTS membership_decisions (
            member TEXT PRIMARY KEY,
            admin_epoch INTEGER NOT NULL,
            revoked_after INTEGER,
            encoded BLOB NOT NULL
        ) WITHOUT ROWID;
        """

    static let certificatesSQL = """
        CREATE TABLE IF NOT EXISTS certificates (
            serial BLOB PRIMARY KEY,
            subject TEXT NOT NULL,
            encoded BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS certificates_by_subject ON certificates (subject);
        """

    /// Computes the chain link of every event held, origin by origin in sequence order:
    /// the events written before nodes signed are linked like any other, so the first
    /// signature their origin makes after the upgrade vouches for all of them. Reads a
    /// page of `linkPageSize` events at a time, so a large log never sits in memory.
    static func linkHeldEvents(_ db: SQLiteConnection) throws {
        for origin in try CaseStoreReader.origins(in: db) {
            var link = EventChain.genesis(origin: origin)
            try CaseStoreReader.forEachEventRow(of: origin, in: db, pageSize: linkPageSize, withTags: false) { row in
                let event = try CaseStoreReader.event(row)
                link = EventChain.link(after: link, event)
                try db.execute("UPDATE events SET chain = ? WHERE origin = ? AND seq = ?", [.blob(link), .text(origin), .integer(event.sequence)])
            }
        }
    }

    /// Events linked per page in migration 5. Why 1,000: a few MB of events in memory at once.
    static let linkPageSize: Int64 = 1_000


    /// Migration 6: `api_tokens` keyed by (id, issuer, provenance), with the signatures of
    /// signed records. Existing rows are legacy rows with no issuer (`x''`). A rowid table:
    /// a signed row carries two certificates, too large for WITHOUT ROWID's sweet spot.
    static let signedTokensSQL = """
        CREATE TABLE api_tokens_signed (
            id TEXT NOT NULL,
            issuer BLOB NOT NULL,
            provenance TEXT NOT NULL CHECK (provenance IN ('legacy', 'local', 'signed')),
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            centre TEXT,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER,
            secret_hash BLOB NOT NULL,
            grant_signature BLOB,
            revocation_signature BLOB,
            PRIMARY KEY (id, issuer, provenance)
        );
        INSERT INTO api_tokens_signed (id, issuer, provenance, name, role, centre, created_at, revoked_at, secret_hash)
            SELECT id, x'', 'legacy', name, role, centre, created_at, revoked_at, secret_hash FROM api_tokens ORDER BY id;
        DROP TABLE api_tokens;
        ALTER TABLE api_tokens_signed RENAME TO api_tokens;
        """

    /// Migration 4: the event log and the dossiers move to rowid tables, same columns,
    /// keys and indexes. Their rows are large (a 1.5 KB payload, a 2 KB state): SQLite
    /// advises WITHOUT ROWID only for rows well under a twentieth of a page, and keyed by
    /// a text key these rows split pages on nearly every insert; as rowid tables a node
    /// applied replicated events about a fifth faster (`casebench apply`).
    static let rowidTablesSQL = """
        CREATE TABLE events_by_rowid (
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL CHECK (seq >= 1),
            hlc INTEGER NOT NULL,
            dossier TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            centre TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (origin, seq)
        );
        INSERT INTO events_by_rowid (origin, seq, hlc, dossier, kind, actor, centre, payload)
            SELECT origin, seq, hlc, dossier, kind, actor, centre, payload FROM events ORDER BY origin, seq;
        DROP TABLE events;
        ALTER TABLE events_by_rowid RENAME TO events;
        CREATE INDEX events_by_dossier ON events (dossier, hlc, origin, seq);
        CREATE TABLE dossiers_by_rowid (
            code TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            procedure_code TEXT NOT NULL,
            receiving_centre TEXT NOT NULL,
            competent_centre TEXT NOT NULL,
            handling_centre TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            original_due_at INTEGER NOT NULL,
            finished_at INTEGER,
            id_number TEXT NOT NULL,
            name_key TEXT NOT NULL,
            sort_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            conflict_count INTEGER NOT NULL,
            state TEXT NOT NULL
        );
        INSERT INTO dossiers_by_rowid SELECT code, status, procedure_code, receiving_centre, competent_centre,
            handling_centre, received_at, due_at, original_due_at, finished_at, id_number, name_key, sort_key,
            version, conflict_count, state FROM dossiers ORDER BY code;
        DROP TABLE dossiers;
        ALTER TABLE dossiers_by_rowid RENAME TO dossiers;
        CREATE INDEX dossiers_by_sort_key ON dossiers (sort_key, code);
        CREATE INDEX dossiers_by_id_number ON dossiers (id_number);
        CREATE INDEX dossiers_by_status ON dossiers (status, due_at);
        CREATE INDEX dossiers_by_handling ON dossiers (handling_centre);
        """
}
