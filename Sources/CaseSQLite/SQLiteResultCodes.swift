import CSQLite

/// Extended result codes that Swift cannot import: sqlite3.h defines them as expressions
/// (`SQLITE_IOERR | (3<<8)`), which the importer skips. Values from sqlite3.h.
public enum SQLiteResultCodes {
    /// SQLITE_IOERR_WRITE: a write to a file failed.
    public static let ioErrorWrite: Int32 = SQLITE_IOERR | (3 << 8)
    /// SQLITE_IOERR_FSYNC: flushing a file to stable storage failed.
    public static let ioErrorFsync: Int32 = SQLITE_IOERR | (4 << 8)
    /// SQLITE_CONSTRAINT_NOTNULL.
    public static let constraintNotNull: Int32 = SQLITE_CONSTRAINT | (5 << 8)
    /// SQLITE_CONSTRAINT_PRIMARYKEY.
    public static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    /// SQLITE_CONSTRAINT_FOREIGNKEY.
    public static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
    /// SQLITE_CONSTRAINT_UNIQUE.
    public static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    /// SQLITE_CONSTRAINT_CHECK.
    public static let constraintCheck: Int32 = SQLITE_CONSTRAINT | (1 << 8)
}
