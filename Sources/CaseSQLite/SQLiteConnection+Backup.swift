import CSQLite
import Foundation

extension SQLiteConnection {
    /// Copies this database, online, to a new file at `destinationPath` with SQLite's backup
    /// API, `pagesPerStep` pages at a time (-1: all in one step).
    ///
    /// Writes made through this connection between steps are carried into the copy as they
    /// happen. Writes by other connections make SQLite restart the copy; to copy one consistent
    /// snapshot without restarts, call this inside a read transaction (for example in
    /// `SQLiteDatabase.read`): the copy is then the snapshot that transaction sees.
    ///
    /// Steps answered SQLITE_BUSY or SQLITE_LOCKED are retried, at most
    /// `SQLiteLimits.maxBackupBusyRetries` times in a row. The destination must not exist:
    /// backups never overwrite a file. On failure the partial copy is deleted.
    ///
    /// Calling it with a write transaction open on this connection is a programmer error: the
    /// backup could never read the source, and traps.
    public func backup(
        to destinationPath: String,
        pagesPerStep: Int32 = 256,
        progress: ((remaining: Int32, total: Int32)) -> Void = { _ in }
    ) throws {
        precondition(pagesPerStep > 0 || pagesPerStep == -1, "pagesPerStep must be positive or -1, got \(pagesPerStep)")
        precondition(
            sqlite3_txn_state(liveHandle, "main") != SQLITE_TXN_WRITE,
            "backup(to:) called inside a write transaction on \(path)")
        guard !FileManager.default.fileExists(atPath: destinationPath) else {
            throw SQLiteWrapperError.backupDestinationExists(path: destinationPath)
        }
        try pinReadSnapshotIfInTransaction()
        // Same VFS as the source, so a fault-injecting VFS covers the backup's writes too.
        let destinationConfiguration = SQLiteConfiguration(
            busyTimeoutMs: configuration.busyTimeoutMs, vfsName: configuration.vfsName)
        let destination = try SQLiteConnection(path: destinationPath, configuration: destinationConfiguration, enablesWAL: false)
        do {
            try copyPages(to: destination, pagesPerStep: pagesPerStep, progress: progress)
            try destination.close()
        } catch {
            try? destination.close()
            Self.removeDatabaseFiles(at: destinationPath)
            throw error
        }
    }

    /// Inside `BEGIN DEFERRED` no snapshot exists until the first read; the backup would then
    /// open and close one per step. One read pins the transaction's snapshot for all steps.
    private func pinReadSnapshotIfInTransaction() throws {
        guard isInTransaction, sqlite3_txn_state(liveHandle, "main") == SQLITE_TXN_NONE else { return }
        _ = try scalar("SELECT count(*) FROM sqlite_schema")
    }

    private func copyPages(
        to destination: SQLiteConnection,
        pagesPerStep: Int32,
        progress: ((remaining: Int32, total: Int32)) -> Void
    ) throws {
        let destinationHandle = destination.liveHandle
        guard let backup = sqlite3_backup_init(destinationHandle, "main", liveHandle, "main") else {
            throw SQLiteError(resultCode: sqlite3_extended_errcode(destinationHandle), handle: destinationHandle, sql: nil)
        }
        var stepResult = SQLITE_OK
        var busyRetries = 0
        var restarts = 0
        var previousRemaining = Int32.max
        while true {
            stepResult = sqlite3_backup_step(backup, pagesPerStep)
            let primary = stepResult & 0xff
            if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
                busyRetries += 1
                guard busyRetries <= SQLiteLimits.maxBackupBusyRetries else { break }
                sqlite3_sleep(SQLiteLimits.backupRetryPauseMs)
                continue
            }
            guard stepResult == SQLITE_OK || stepResult == SQLITE_DONE else { break }
            busyRetries = 0
            let remaining = sqlite3_backup_remaining(backup)
            // More pages left than after the last step: another connection wrote, SQLite restarted.
            if remaining > previousRemaining { restarts += 1 }
            previousRemaining = remaining
            progress((remaining: remaining, total: sqlite3_backup_pagecount(backup)))
            if stepResult == SQLITE_DONE || restarts > SQLiteLimits.maxBackupRestarts { break }
        }
        let finishResult = sqlite3_backup_finish(backup)
        if busyRetries > SQLiteLimits.maxBackupBusyRetries {
            throw SQLiteWrapperError.backupDidNotFinish(
                reason: "source or destination stayed locked for \(SQLiteLimits.maxBackupBusyRetries) retries")
        }
        if restarts > SQLiteLimits.maxBackupRestarts {
            throw SQLiteWrapperError.backupDidNotFinish(
                reason: "other connections changed the source \(restarts) times during the copy; "
                    + "back up inside a read transaction or with pagesPerStep: -1")
        }
        guard stepResult == SQLITE_DONE else {
            throw SQLiteError(resultCode: stepResult, handle: destinationHandle, sql: nil)
        }
        guard finishResult == SQLITE_OK else {
            throw SQLiteError(resultCode: finishResult, handle: destinationHandle, sql: nil)
        }
    }

    /// Deletes a database file and the journals SQLite may have left beside it.
    static func removeDatabaseFiles(at path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
