import CSQLite

/// An error reported by SQLite itself: the extended result code, SQLite's message and the SQL
/// that was running, if any.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (extended result codes are always on in casestore).
    public let resultCode: Int32
    /// SQLite's explanation (`sqlite3_errmsg`), possibly with context added by the wrapper.
    public let message: String
    /// The SQL whose preparation or execution failed, when there was one.
    public let sql: String?

    /// An error with `resultCode` (extended), SQLite's `message` and the `sql` that failed.
    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_IOERR`, ...) of the extended code.
    public var primaryResultCode: Int32 { resultCode & 0xff }

    /// Another connection holds a lock that the busy timeout did not outlast.
    public var isBusy: Bool { primaryResultCode == SQLITE_BUSY }
    /// A conflict with another statement or connection sharing the same cache.
    public var isLocked: Bool { primaryResultCode == SQLITE_LOCKED }
    /// The disk, or the configured `maxFileBytes`, is full.
    public var isFull: Bool { primaryResultCode == SQLITE_FULL }
    /// The operating system reported an I/O error (see `resultCode` for which operation).
    public var isIOError: Bool { primaryResultCode == SQLITE_IOERR }
    /// The file is damaged, or is not an SQLite database at all.
    public var isCorrupt: Bool { primaryResultCode == SQLITE_CORRUPT || primaryResultCode == SQLITE_NOTADB }
    /// A UNIQUE, NOT NULL, CHECK, FOREIGN KEY or PRIMARY KEY constraint was violated.
    public var isConstraintViolation: Bool { primaryResultCode == SQLITE_CONSTRAINT }
    /// A string, blob, row or SQL text was larger than the connection's limits allow.
    public var isTooBig: Bool { primaryResultCode == SQLITE_TOOBIG }
    /// A write was attempted through a read-only connection or on a read-only file.
    public var isReadOnly: Bool { primaryResultCode == SQLITE_READONLY }

    public var description: String {
        let codeMeaning = String(cString: sqlite3_errstr(resultCode))
        var text = "SQLite error \(resultCode) (\(codeMeaning)): \(message)"
        if let sql { text += " — while running: \(sql)" }
        return text
    }
}

extension SQLiteError {
    /// The error SQLite last recorded on `handle`, for a call that returned `resultCode`.
    ///
    /// The code comes from the failed call itself rather than `sqlite3_extended_errcode`,
    /// which a later call on the same handle could already have overwritten.
    init(resultCode: Int32, handle: OpaquePointer?, sql: String?) {
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(resultCode))
        self.init(resultCode: resultCode, message: message, sql: sql)
    }
}
