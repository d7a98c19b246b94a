/// Every bound the SQLite layer enforces, in one place, each with the reason for its number.
public enum SQLiteLimits {
    /// Prepared statements kept per connection by `cachedStatement(_:)`.
    /// Why 64: casestore issues a fixed, small set of SQL strings (well under 64); the bound only
    /// protects memory if someone caches SQL built at run time.
    public static let statementCacheCapacity = 64

    /// Default for `SQLiteConfiguration.maxValueBytes` (SQLite's SQLITE_LIMIT_LENGTH: the
    /// largest string, blob or row).
    /// Why 16 MiB: casestore keeps records and file metadata (hash and size), never file
    /// contents; its largest legitimate value is far smaller, so a bigger one is a bug or hostile
    /// input, and SQLite holds several copies of a value in memory while writing it.
    public static let defaultMaxValueBytes: Int32 = 16 * 1024 * 1024

    /// The longest SQL text a connection accepts (SQLITE_LIMIT_SQL_LENGTH).
    /// Why 1 MB: casestore's SQL is written by hand and bound with parameters; values never go
    /// into the SQL text, so real statements are a few kB.
    public static let maxSQLBytes: Int32 = 1_000_000

    /// Default for `SQLiteConfiguration.newDatabasePageSizeBytes`.
    /// Why 16 KiB rather than SQLite's 4 KiB: a dossier's state is about 2 KB and a filing's
    /// event 1.5 KB, so at 4 KiB a page held one dossier or two events and almost every insert
    /// split a page. At 16 KiB a node applies replicated batches about a quarter faster
    /// (`casebench catch-up --quick`: catch-up ~12,500 → ~15,500 events/s on 2 cores; 8 KiB
    /// ~13,500) and its file is a third smaller. The price is in small commits, which write
    /// whole pages to the WAL: a single filing's commit writes four times the bytes, and
    /// filing at 8 clients was ~20% slower in `casebench quick` (1 and 32 clients: within
    /// about 10%), far above any centre's real rate. 32 KiB and more gained nothing more.
    public static let defaultPageSizeBytes = 16_384

    /// The page sizes SQLite supports (powers of two).
    public static let pageSizeRange = 512...65_536

    /// Rows `SQLiteConnection.query` materialises before it throws.
    /// Why 100 000: a query that returns more belongs in a `Statement` loop that streams rows;
    /// 100 000 small rows is a few tens of MB, safe on the 2 GB machines the centres run.
    public static let maxQueryRowCount = 100_000

    /// WAL bytes not yet copied into the file at which `SQLiteDatabase` asks its checkpointer
    /// to copy them (`WALCheckpointer`), in whole pages of the file. Why 32 MiB rather than
    /// SQLite's own 4 MiB: index pages taking inserts in random order (a dossier's name and
    /// identity number) change in nearly every commit of a catch-up; a checkpoint copies a
    /// page changed by several commits once, so the file takes fewer writes and flushes. A
    /// bootstrap of 1,000,000 dossiers took 85 s instead of 97–100 s (`casebench catch-up
    /// --full`). The WAL index stays small (2,048 frames of 16 KiB).
    public static let defaultCheckpointThresholdBytes = 32 * 1024 * 1024

    /// How long the writer must have committed nothing before the checkpointer copies what the
    /// WAL holds not yet copied, however little (`WALCheckpointer`). Why 1 s: a burst of
    /// filings or a catch-up commits many times a second, so it is not interrupted; a node
    /// that went quiet has its WAL copied a second later, before anything else asks much of it.
    public static let defaultIdleCheckpointDelayMs = 1_000

    /// Reader connections a `SQLiteDatabase` may keep.
    /// Why 16: each reader holds a file descriptor and its own page cache (~2 MB); readers are
    /// only useful up to the number of threads that read at once, which is a handful here.
    public static let maxReaderCount = 16

    /// Consecutive SQLITE_BUSY/SQLITE_LOCKED answers `backup(to:)` tolerates before giving up.
    /// Why 100: with `backupRetryPauseMs` of 10 ms that is one second of a locked source or
    /// destination, ten times a slow commit, after which waiting longer would not help.
    public static let maxBackupBusyRetries = 100

    /// Pause between two retries of a busy backup step.
    /// Why 10 ms: long enough for a WAL commit to finish, short enough not to stretch a backup.
    public static let backupRetryPauseMs: Int32 = 10

    /// Times a backup may restart because another connection changed the source.
    /// Why 1 000: a restart happens at most once per foreign commit between two steps; a source
    /// that commits more often than that during one backup is better backed up with
    /// `pagesPerStep: -1` (one step, one consistent read snapshot).
    public static let maxBackupRestarts = 1_000

    /// Default time `SQLiteDatabase.read` waits for a free reader connection.
    /// Why 10 s: twice the default busy timeout; a reader held longer than that is a stuck caller,
    /// and the waiting caller should get an error rather than hang forever.
    public static let defaultReaderWaitTimeoutMs = 10_000

    /// Migrations a `SQLiteMigrator` accepts.
    /// Why 10 000: far more than a schema will ever have; a bound keeps a broken list from
    /// running away.
    public static let maxMigrationCount = 10_000
}
