import CSQLite
import CaseSupport

/// A prepared SQL statement.
///
/// It belongs to the connection that prepared it and to that connection's thread: use it only
/// where the connection is used. It finalizes itself when released. A connection cannot
/// `close()` while statements it prepared are still alive.
public final class Statement {
    /// The SQL this statement was prepared from.
    public let sql: String
    private let handle: OpaquePointer
    /// Whether the last `step()` failed; `sqlite3_reset` repeats that error, which `reset()`
    /// must not report a second time.
    private var lastStepFailed = false

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    private var connectionHandle: OpaquePointer? { sqlite3_db_handle(handle) }

    /// The number of `?` parameters the SQL has.
    public var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// Resets the statement, clears old bindings and binds `values` to parameters 1...n.
    ///
    /// Text is NFC-normalised before it is stored. Passing a different number of values than
    /// the SQL has parameters is a programmer error and traps.
    public func bind(_ values: [SQLiteValue]) throws {
        precondition(
            values.count == Int(parameterCount),
            "statement has \(parameterCount) parameters but \(values.count) values were bound: \(sql)")
        resetIgnoringLastStepError()
        try clearBindings()
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() throws {
        try check(sqlite3_clear_bindings(handle))
    }

    private func bind(_ value: SQLiteValue, at index: Int32) throws {
        switch value {
        case .null:
            try check(sqlite3_bind_null(handle, index))
        case .integer(let integer):
            try check(sqlite3_bind_int64(handle, index, integer))
        case .real(let real):
            try check(sqlite3_bind_double(handle, index, real))
        case .text(let text):
            try bindText(text.nfcNormalized, at: index)
        case .canonicalText(let text):
            try bindText(bytes: text.bytes, at: index)
        case .blob(let bytes):
            try bindBlob(bytes, at: index)
        }
    }

    private func bindText(_ text: String, at index: Int32) throws {
        var text = text
        try check(text.withUTF8 { bindText(utf8: $0, at: index) })
    }

    /// `bytes`, valid UTF-8 (`CanonicalUTF8` proved it), bound as text.
    private func bindText(bytes: [UInt8], at index: Int32) throws {
        try check(bytes.withUnsafeBufferPointer { bindText(utf8: $0, at: index) })
    }

    private func bindText(utf8: UnsafeBufferPointer<UInt8>, at index: Int32) -> Int32 {
        // A NULL pointer would bind SQL NULL, not "", so empty text gets a real pointer.
        guard let base = utf8.baseAddress, !utf8.isEmpty else {
            return sqlite3_bind_text64(handle, index, "", 0, sqliteTransient, UInt8(SQLITE_UTF8))
        }
        return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
            sqlite3_bind_text64(handle, index, chars, UInt64(utf8.count), sqliteTransient, UInt8(SQLITE_UTF8))
        }
    }

    private func bindBlob(_ bytes: [UInt8], at index: Int32) throws {
        // A NULL pointer would bind SQL NULL; a zero-length zeroblob is the empty blob.
        guard !bytes.isEmpty else {
            try check(sqlite3_bind_zeroblob(handle, index, 0))
            return
        }
        let rc = bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob64(handle, index, raw.baseAddress, UInt64(raw.count), sqliteTransient)
        }
        try check(rc)
    }

    /// Runs the statement to its next row. Returns true when a row is available to read, false
    /// when the statement has finished.
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW:
            lastStepFailed = false
            return true
        case SQLITE_DONE:
            lastStepFailed = false
            return false
        default:
            lastStepFailed = true
            throw SQLiteError(resultCode: rc, handle: connectionHandle, sql: sql)
        }
    }

    /// Rewinds the statement so it can run again; bindings are kept.
    ///
    /// An error the last `step()` already threw is not thrown again.
    public func reset() throws {
        let rc = sqlite3_reset(handle)
        let repeatsStepError = lastStepFailed
        lastStepFailed = false
        if rc != SQLITE_OK && !repeatsStepError {
            throw SQLiteError(resultCode: rc, handle: connectionHandle, sql: sql)
        }
    }

    public func resetIgnoringLastStepError() {
        // sqlite3_reset only ever returns the error of the previous step, which was thrown then.
        sqlite3_reset(handle)
        lastStepFailed = false
    }

    /// Steps the statement to completion, for statements that return no rows of interest.
    public func run() throws {
        while try step() {}
    }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else {
            throw SQLiteError(resultCode: rc, handle: connectionHandle, sql: sql)
        }
    }

    // MARK: Reading the current row

    /// The number of columns in the result.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of the result column at `column` (0-based).
    public func columnName(_ column: Int32) -> String {
        checkColumn(column)
        // sqlite3_column_name returns NULL only when out of memory.
        guard let name = sqlite3_column_name(handle, column) else {
            preconditionFailure("SQLite ran out of memory reading a column name of: \(sql)")
        }
        return String(cString: name)
    }

    /// True when the column holds SQL NULL.
    public func isNull(_ column: Int32) -> Bool {
        checkColumn(column)
        return sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The column as an integer (SQLite converts other types; NULL is 0).
    public func int64(_ column: Int32) -> Int64 {
        checkColumn(column)
        return sqlite3_column_int64(handle, column)
    }

    /// The column as a floating-point number (SQLite converts other types; NULL is 0.0).
    public func double(_ column: Int32) -> Double {
        checkColumn(column)
        return sqlite3_column_double(handle, column)
    }

    /// The column as text, or nil for NULL.
    public func string(_ column: Int32) -> String? {
        checkColumn(column)
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        // Pointer first, then length: that order is what SQLite documents as safe.
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column as bytes, or nil for NULL. An empty blob is `[]`.
    public func blob(_ column: Int32) -> [UInt8]? {
        checkColumn(column)
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        guard let bytes = sqlite3_column_blob(handle, column) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// The column as the value SQLite stores, keeping its type.
    public func value(_ column: Int32) -> SQLiteValue {
        checkColumn(column)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: return .text(string(column) ?? "")
        case SQLITE_BLOB: return .blob(blob(column) ?? [])
        default: return .null
        }
    }

    /// Every column of the current row.
    public func currentRowValues() -> [SQLiteValue] {
        (0..<columnCount).map { value($0) }
    }

    private func checkColumn(_ column: Int32) {
        precondition(column >= 0 && column < columnCount, "column \(column) out of range 0..<\(columnCount) in: \(sql)")
    }
}

/// SQLite's SQLITE_TRANSIENT: SQLite copies bound bytes before the bind call returns, so Swift
/// buffers may go away right after.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
