import CaseCore
import CaseReplication
import CaseSQLite

/// A node's database: the event log and the dossier state derived from it.
///
/// Every write runs in one `BEGIN IMMEDIATE` transaction on the single writer
/// connection, so an event and the state derived from it become durable
/// together (WAL, `synchronous=FULL`) or not at all. Reads use reader
/// connections beside the writer.
public final class CaseStore: Sendable {
    public let path: String
    // Internal, not private: `CaseStore+Backup` copies from one of its reader connections.
    let database: SQLiteDatabase
    /// How this node's events are signed and received ones checked.
    public let signing: EventSigning
    /// Which event streams this node holds (`StreamScope`): every origin's whole log
    /// without provinces; with them, its province's origins whole and others' events
    /// tagged with its province (docs/design/provinces.md). Live: every root-signed node
    /// certificate the store keeps places its centre (`storeCertificates`).
    public let liveStreams: LiveStreamScope

    /// The streams as of now.
    public var streams: StreamScope { liveStreams.current }

    /// `streams`: with provinces, the directory starts with every certificate already held.
    public init(
        path: String, configuration: SQLiteConfiguration = SQLiteConfiguration(), readerCount: Int = 4, signing: EventSigning = .none,
        streams: StreamScope = .single
    ) throws {
        self.path = path
        self.signing = signing
        self.liveStreams = LiveStreamScope(streams)
        self.database = try SQLiteDatabase(
            path: path, configuration: configuration, readerCount: readerCount, migrator: CaseSchema.migrator)
        if streams.certifiedProvince != nil {
            liveStreams.learn(try read { try $0.allCertificates() })
            if liveStreams.learn(merges: try read { try $0.provinceMerges() }) {
                let scope = liveStreams.current
                try write { try $0.dropStaleStreamHeads(scope: scope) }
            }
        }
    }

    /// Runs `body` in one write transaction; a throw rolls everything back.
    public func write<T>(_ body: (CaseStoreWriter) throws -> T) throws -> T {
        try database.write { connection in
            try connection.transaction(.immediate) {
                try body(CaseStoreWriter(connection: connection, signing: signing, streams: liveStreams))
            }
        }
    }

    /// Runs `body` in a transaction that concurrent callers may share, and
    /// returns once it is durable: many filings then cost one flush of the disk
    /// (see `SQLiteDatabase.groupWrite`). A body that throws undoes only its own changes.
    /// `committed` hears the body's result once durable, in commit order (see `SQLiteDatabase.groupWrite`).
    public func groupWrite<T: Sendable>(
        _ body: @escaping @Sendable (CaseStoreWriter) throws -> T, committed: @escaping @Sendable (T) -> Void = { _ in }
    ) throws -> T {
        let signing = signing, streams = liveStreams
        return try database.groupWrite({ connection in
            try body(CaseStoreWriter(connection: connection, signing: signing, streams: streams))
        }, committed: committed)
    }

    public var groupCommitStatistics: GroupCommitStatistics { database.groupCommitStatistics }

    /// What the WAL checkpoints beside the writer did so far (`SQLiteDatabase.checkpointStatistics`).
    public var checkpointStatistics: CheckpointStatistics { database.checkpointStatistics }

    /// Runs `body` against a consistent snapshot (the wrapper's read transaction).
    public func read<T>(_ body: (CaseStoreReader) throws -> T) throws -> T {
        try database.read { connection in
            try body(CaseStoreReader(connection: connection))
        }
    }

    /// `PRAGMA integrity_check` on the writer: ["ok"] when the file is sound.
    public func integrityCheck() throws -> [String] {
        try database.write { try $0.integrityCheck() }
    }

    /// `PRAGMA quick_check` on the writer: ["ok"] when the file's pages are sound. O(size) like
    /// `integrityCheck`, but skips the index-content comparison, so it is fit for every start.
    public func quickCheck() throws -> [String] {
        try database.write { connection in
            try connection.query("PRAGMA quick_check").map { $0[0].stringValue ?? $0[0].description }
        }
    }

    public func close() {
        database.close()
    }
}
