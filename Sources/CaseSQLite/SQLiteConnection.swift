import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to an SQLite database file.
///
/// Not Sendable: a connection, and every `Statement` it prepares, must be used by one thread
/// or serial queue at a time. `SQLiteDatabase` shares connections safely between threads.
///
/// Every SQLite call is checked; a failure is thrown as `SQLiteError` carrying the extended
/// result code, SQLite's message and the SQL.
public final class SQLiteConnection {
    /// The database file this connection opened.
    public let path: String
    /// The settings it was opened with.
    public let configuration: SQLiteConfiguration
    /// The `sqlite3*`; nil once `close()` succeeded.
    private(set) var handle: OpaquePointer?
    private var statementCache = StatementCache(capacity: SQLiteLimits.statementCacheCapacity)

    /// Opens (creating it unless read-only) the database at `path`.
    ///
    /// A read-write connection is put in WAL mode with `synchronous=FULL`, and both are read
    /// back: if the filesystem cannot do WAL, the open fails with
    /// `SQLiteWrapperError.pragmaNotApplied` instead of silently running less safely.
    public convenience init(path: String, configuration: SQLiteConfiguration = .init()) throws {
        try self.init(path: path, configuration: configuration, enablesWAL: true)
    }

    /// `enablesWAL: false` is for backup destinations, which copy their journal mode from the
    /// source and must accept the source's page size (a WAL file cannot change page size).
    public init(path: String, configuration: SQLiteConfiguration, enablesWAL: Bool) throws {
        self.path = path
        self.configuration = configuration
        handle = try Self.openHandle(path: path, configuration: configuration)
        do {
            try applySettings(enablesWAL: enablesWAL)
        } catch {
            statementCache.removeAll()
            sqlite3_close_v2(handle)
            handle = nil
            // SQLite's own message ("file is not a database") does not say which file.
            guard let sqliteError = error as? SQLiteError else { throw error }
            throw SQLiteError(
                resultCode: sqliteError.resultCode, message: "could not open \(path): \(sqliteError.message)",
                sql: sqliteError.sql)
        }
    }

    deinit {
        // Statements first, so the close below does not have to leave a zombie connection.
        statementCache.removeAll()
        if let handle { sqlite3_close_v2(handle) }
    }

    private static func openHandle(path: String, configuration: SQLiteConfiguration) throws -> OpaquePointer {
        // NOMUTEX: a connection is never used by two threads at once (see the type's contract),
        // so SQLite's per-connection mutex would be pure cost. EXRESCODE: extended codes from
        // the open itself, not only after it.
        var flags = configuration.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        if !configuration.readOnly { createOwnerOnly(path) }
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags, configuration.vfsName)
        guard rc == SQLITE_OK, let handle else {
            let reason = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(handle)
            let mode = configuration.readOnly ? "read-only (the file must already exist)" : "read-write"
            throw SQLiteError(resultCode: rc, message: "could not open \(path) \(mode): \(reason)")
        }
        return handle
    }

    /// Databases hold personal data: a new database file is created here, empty and
    /// readable by its owner only, before SQLite opens it. SQLite itself would create it
    /// 0644 less the umask, and it gives the -wal, -shm and -journal files it makes later
    /// the database file's mode, so all of them come out 0600 whatever the umask. An
    /// existing file is left as it is (O_EXCL); an error is left for the open to report.
    static func createOwnerOnly(_ path: String) {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        #if canImport(Glibc)
        if descriptor >= 0 { Glibc.close(descriptor) }
        #else
        if descriptor >= 0 { Darwin.close(descriptor) }
        #endif
    }

    private func applySettings(enablesWAL: Bool) throws {
        try check(sqlite3_extended_result_codes(liveHandle, 1))
        try check(sqlite3_busy_timeout(liveHandle, configuration.busyTimeoutMs))
        // sqlite3_limit cannot fail; it clamps to the compile-time maximum, never above.
        sqlite3_limit(liveHandle, SQLITE_LIMIT_LENGTH, configuration.maxValueBytes)
        sqlite3_limit(liveHandle, SQLITE_LIMIT_SQL_LENGTH, SQLiteLimits.maxSQLBytes)
        try setAndVerifyPragma("foreign_keys", to: "ON", expectedReadBack: "1")
        if !configuration.readOnly {
            if enablesWAL {
                try setPageSizeIfNew()
                // journal_mode answers with the mode now in force, so the set is its own read-back.
                let mode = try scalarString("PRAGMA journal_mode = WAL") ?? ""
                try requirePragma("journal_mode", expected: "wal", found: mode.lowercased())
            }
            try setAndVerifyPragma("synchronous", to: "FULL", expectedReadBack: "2")
            // Negative: a size in KiB rather than in pages.
            try setAndVerifyPragma("cache_size", to: "-\(configuration.writerCacheKiB)", expectedReadBack: "-\(configuration.writerCacheKiB)")
        }
        if let maxFileBytes = configuration.maxFileBytes {
            try execute("PRAGMA max_page_count = \(max(1, maxFileBytes / Int64(try pageSizeBytes())))")
        }
    }

    /// Gives a file that holds no pages yet the configured page size. It must come before the
    /// first write and before WAL mode, either of which fixes the page size for good; a file
    /// that has pages keeps the size it was made with (older files: SQLite's 4 KiB).
    private func setPageSizeIfNew() throws {
        guard try scalarInt64("PRAGMA page_count") == 0 else { return }
        let size = "\(configuration.newDatabasePageSizeBytes)"
        try setAndVerifyPragma("page_size", to: size, expectedReadBack: size)
    }

    /// The file's page size in bytes (`PRAGMA page_size`).
    public func pageSizeBytes() throws -> Int {
        guard let size = try scalarInt64("PRAGMA page_size"), size > 0 else {
            throw SQLiteWrapperError.pragmaNotApplied(pragma: "page_size", expected: "a size", found: "nothing", path: path)
        }
        return Int(size)
    }

    private func setAndVerifyPragma(_ name: String, to value: String, expectedReadBack: String) throws {
        try execute("PRAGMA \(name) = \(value)")
        let found = try scalar("PRAGMA \(name)").map(\.description) ?? "nothing"
        try requirePragma(name, expected: expectedReadBack, found: found)
    }

    private func requirePragma(_ name: String, expected: String, found: String) throws {
        guard found == expected else {
            throw SQLiteWrapperError.pragmaNotApplied(pragma: name, expected: expected, found: found, path: path)
        }
    }

    /// Closes the connection. Statements this connection prepared that callers still hold keep
    /// it open: then this throws (SQLITE_BUSY) and the connection stays usable. Closing twice
    /// does nothing.
    public func close() throws {
        guard let handle else { return }
        statementCache.removeAll()
        let rc = sqlite3_close(handle)
        guard rc == SQLITE_OK else {
            throw SQLiteError(resultCode: rc, handle: handle, sql: nil)
        }
        self.handle = nil
    }

    /// The open handle; using a closed connection is a programmer error.
    var liveHandle: OpaquePointer {
        guard let handle else { preconditionFailure("connection to \(path) used after close()") }
        return handle
    }

    func check(_ rc: Int32, sql: String? = nil) throws {
        guard rc == SQLITE_OK else { throw SQLiteError(resultCode: rc, handle: handle, sql: sql) }
    }
}

// MARK: - Preparing and running SQL

extension SQLiteConnection {
    /// Prepares exactly one SQL statement. SQL holding no statement, or more than one, is a
    /// programmer error and traps.
    public func prepare(_ sql: String) throws -> Statement {
        try sql.withCString { start in
            let (statement, tail) = try prepareFirst(start, sql: sql)
            guard let statement else { preconditionFailure("no SQL statement in: \(sql)") }
            let (extra, _) = try prepareFirst(tail, sql: sql)
            precondition(extra == nil, "prepare takes one statement; use execute for several: \(sql)")
            return statement
        }
    }

    /// The cached prepared statement for `sql`, reset and with bindings cleared.
    ///
    /// Do not keep it across another call that might use the same SQL: the cache hands out the
    /// same object again.
    public func cachedStatement(_ sql: String) throws -> Statement {
        let statement = try statementCache.statement(for: sql, prepare: prepare)
        statement.resetIgnoringLastStepError()
        try statement.clearBindings()
        return statement
    }

    /// Runs SQL that returns no rows of interest. Without bindings `sql` may hold several
    /// statements separated by semicolons; with bindings it must be one statement.
    public func execute(_ sql: String, _ bindings: [SQLiteValue] = []) throws {
        if bindings.isEmpty {
            try executeScript(sql)
        } else {
            let statement = try cachedStatement(sql)
            defer { statement.resetIgnoringLastStepError() }
            try statement.bind(bindings)
            try statement.run()
        }
    }

    /// Runs `sql` and returns all its rows, at most `SQLiteLimits.maxQueryRowCount`.
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> [SQLiteRow] {
        let statement = try cachedStatement(sql)
        // Reset at the end, also after an error: an unfinished statement would keep its read
        // snapshot, and in WAL mode stop checkpoints from completing.
        defer { statement.resetIgnoringLastStepError() }
        try statement.bind(bindings)
        let columns = SQLiteColumnNames((0..<statement.columnCount).map(statement.columnName))
        var rows: [SQLiteRow] = []
        while try statement.step() {
            guard rows.count < SQLiteLimits.maxQueryRowCount else {
                throw SQLiteWrapperError.tooManyRows(limit: SQLiteLimits.maxQueryRowCount, sql: sql)
            }
            rows.append(SQLiteRow(values: statement.currentRowValues(), columns: columns))
        }
        return rows
    }

    /// The first column of the first row, or nil when there is no row.
    public func scalar(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> SQLiteValue? {
        let statement = try cachedStatement(sql)
        defer { statement.resetIgnoringLastStepError() }
        try statement.bind(bindings)
        guard try statement.step(), statement.columnCount > 0 else { return nil }
        return statement.value(0)
    }

    /// The first column of the first row as an integer; nil when there is no row or it is NULL.
    public func scalarInt64(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> Int64? {
        switch try scalar(sql, bindings) {
        case .integer(let value)?: return value
        case .real(let value)?: return Int64(exactly: value)
        case .text(let value)?: return Int64(value)
        default: return nil
        }
    }

    /// The first column of the first row as text; nil when there is no row or it is NULL.
    public func scalarString(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> String? {
        switch try scalar(sql, bindings) {
        case .text(let value)?: return value
        case .integer(let value)?: return String(value)
        case .real(let value)?: return String(value)
        default: return nil
        }
    }

    private func executeScript(_ sql: String) throws {
        try sql.withCString { start in
            var next = start
            while next.pointee != 0 {
                let (statement, tail) = try prepareFirst(next, sql: sql)
                // SQLite always consumes input; a tail that did not move would loop forever.
                precondition(tail != next || statement != nil, "SQLite made no progress preparing: \(sql)")
                next = tail
                // nil: only whitespace or a comment was left.
                try statement?.run()
            }
        }
    }

    /// Prepares the first statement at `text`; returns it (nil if there was none) and where
    /// the rest of the SQL starts.
    private func prepareFirst(
        _ text: UnsafePointer<CChar>, sql: String
    ) throws -> (Statement?, UnsafePointer<CChar>) {
        var statementHandle: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = sqlite3_prepare_v2(liveHandle, text, -1, &statementHandle, &tail)
        guard rc == SQLITE_OK else { throw SQLiteError(resultCode: rc, handle: handle, sql: sql) }
        let rest = tail ?? text
        guard let statementHandle else { return (nil, rest) }
        let length = text.distance(to: rest)
        let statementSQL = text.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
        return (Statement(handle: statementHandle, sql: statementSQL.trimmingWhitespace()), rest)
    }
}

// MARK: - Connection state

extension SQLiteConnection {
    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(liveHandle)) }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(liveHandle) }

    /// True while a transaction is open (SQLite is not in autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(liveHandle) == 0 }

    /// The schema version kept in the file header (`PRAGMA user_version`).
    public var userVersion: Int32 {
        get throws { Int32(truncatingIfNeeded: try scalarInt64("PRAGMA user_version") ?? 0) }
    }

    /// Sets `PRAGMA user_version`. Inside a transaction it commits or rolls back with it.
    public func setUserVersion(_ version: Int32) throws {
        try execute("PRAGMA user_version = \(version)")
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a sound database, else SQLite's findings (at most
    /// 100, SQLite's own bound).
    public func integrityCheck() throws -> [String] {
        try query("PRAGMA integrity_check").map { $0[0].stringValue ?? $0[0].description }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
