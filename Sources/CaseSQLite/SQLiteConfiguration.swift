/// How a `SQLiteConnection` opens its file.
///
/// Some settings are not options: a read-write connection always runs in WAL mode with
/// `synchronous=FULL` (an acknowledged write must survive power loss), and every connection has
/// foreign keys and extended result codes on. Those are applied at open and read back; a
/// connection that cannot get them refuses to open.
public struct SQLiteConfiguration: Sendable {
    /// Open the file read-only. The file must already exist; nothing is created.
    public var readOnly: Bool
    /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    /// Default 5000 ms: a writer's commit with fsync can take tens of milliseconds on slow
    /// disks, and a checkpoint longer still; five seconds rides out a burst of them, while 0
    /// makes every contention an immediate error (useful in tests).
    public var busyTimeoutMs: Int32
    /// The most bytes the main database file may hold, to simulate or cap the disk: applied as
    /// `PRAGMA max_page_count`, in whole pages of the file's page size (at least one). nil
    /// leaves SQLite's default. SQLite raises a cap below the file's current size to that size.
    public var maxFileBytes: Int64?
    /// The page size a new database file is made with (`PRAGMA page_size`, set before its first
    /// write: a file keeps its page size for life, so files made with another one keep theirs).
    /// See `SQLiteLimits.defaultPageSizeBytes` for the default.
    public var newDatabasePageSizeBytes: Int
    /// The largest string, blob or row the connection accepts (SQLITE_LIMIT_LENGTH); larger
    /// ones fail with SQLITE_TOOBIG. See `SQLiteLimits.defaultMaxValueBytes` for the default.
    public var maxValueBytes: Int32
    /// `PRAGMA cache_size` of a read-write connection, in KiB. The default, 32 MiB: the one
    /// writer of a node stores every filing and every replicated event, and with SQLite's
    /// 2 MiB it read index pages back from the file for most of them (a catch-up spent a
    /// tenth of its writer's time so; `casebench apply --cpu`). Readers keep SQLite's default.
    public var writerCacheKiB: Int
    /// The name of a registered VFS to open the file through (for example a
    /// `FaultInjectingVFS`); nil uses the default VFS.
    public var vfsName: String?

    /// The defaults: read-write, 5 s busy timeout, no size cap, 16 KiB pages in new files, 16 MiB values, a 32 MiB writer cache, default VFS.
    public init(
        readOnly: Bool = false,
        busyTimeoutMs: Int32 = 5000,
        maxFileBytes: Int64? = nil,
        newDatabasePageSizeBytes: Int = SQLiteLimits.defaultPageSizeBytes,
        maxValueBytes: Int32 = SQLiteLimits.defaultMaxValueBytes,
        writerCacheKiB: Int = 32_768,
        vfsName: String? = nil
    ) {
        precondition(busyTimeoutMs >= 0, "busyTimeoutMs must be 0 or more, got \(busyTimeoutMs)")
        if let maxFileBytes {
            precondition(maxFileBytes > 0, "maxFileBytes must be positive, got \(maxFileBytes)")
        }
        precondition(
            SQLiteLimits.pageSizeRange.contains(newDatabasePageSizeBytes) && newDatabasePageSizeBytes.nonzeroBitCount == 1,
            "newDatabasePageSizeBytes must be a power of two in \(SQLiteLimits.pageSizeRange), got \(newDatabasePageSizeBytes)")
        precondition(maxValueBytes > 0, "maxValueBytes must be positive, got \(maxValueBytes)")
        precondition(writerCacheKiB > 0, "writerCacheKiB must be positive, got \(writerCacheKiB)")
        self.readOnly = readOnly
        self.busyTimeoutMs = busyTimeoutMs
        self.maxFileBytes = maxFileBytes
        self.newDatabasePageSizeBytes = newDatabasePageSizeBytes
        self.maxValueBytes = maxValueBytes
        self.writerCacheKiB = writerCacheKiB
        self.vfsName = vfsName
    }
}
