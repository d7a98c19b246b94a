/// Errors raised by the wrapper itself, for conditions SQLite does not report on its own.
public enum SQLiteWrapperError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A PRAGMA read back a different value than the one set: the connection would not give
    /// the durability or integrity casestore relies on.
    case pragmaNotApplied(pragma: String, expected: String, found: String, path: String)
    /// `transaction` was called while a transaction was already open on the connection.
    case nestedTransaction
    /// A query returned more rows than `query` materialises.
    case tooManyRows(limit: Int, sql: String)
    /// Every reader connection stayed busy for the whole wait.
    case readerWaitTimedOut(waitedMs: Int, readerCount: Int)
    /// The `SQLiteDatabase` was closed before this call.
    case databaseClosed(path: String)
    /// `backup(to:)` refuses to overwrite an existing file.
    case backupDestinationExists(path: String)
    /// A backup could not finish within its bounds.
    case backupDidNotFinish(reason: String)
    /// Too many writers were already waiting for a group commit.
    case writeQueueFull(limit: Int)

    public var description: String {
        switch self {
        case .pragmaNotApplied(let pragma, let expected, let found, let path):
            var text = "could not set PRAGMA \(pragma)=\(expected) on \(path): SQLite reports '\(found)'"
            if pragma == "journal_mode" {
                text += "; WAL needs a local filesystem with shared memory and POSIX locks "
                    + "(not a network share or a read-only directory)"
            }
            return text
        case .nestedTransaction:
            return "a transaction is already open on this connection: transactions do not nest; "
                + "do all the work inside the outer transaction's closure"
        case .tooManyRows(let limit, let sql):
            return "query returned more than \(limit) rows, the most query() materialises; "
                + "step a Statement to stream them instead: \(sql)"
        case .readerWaitTimedOut(let waitedMs, let readerCount):
            return "all \(readerCount) reader connections stayed busy for \(waitedMs) ms; "
                + "a read closure is holding its connection too long"
        case .databaseClosed(let path):
            return "the database \(path) is closed; open it again to use it"
        case .backupDestinationExists(let path):
            return "backup destination \(path) already exists; backups never overwrite a file, "
                + "choose a new path"
        case .backupDidNotFinish(let reason):
            return "backup did not finish: \(reason)"
        case .writeQueueFull(let limit):
            return "\(limit) writes are already waiting for the disk; nothing was saved, retry shortly"
        }
    }
}
