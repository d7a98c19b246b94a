import CSQLite

extension SQLiteConnection {
    /// Runs `body` in a transaction: BEGIN, then COMMIT when `body` returns.
    ///
    /// - When `body` throws, the transaction is rolled back and the error from `body` is
    ///   rethrown unchanged.
    /// - When COMMIT fails (disk full, I/O error, busy), the transaction is rolled back and the
    ///   COMMIT error is thrown: a transaction never reports success it did not have.
    /// - Transactions do not nest: calling this while a transaction is open throws
    ///   `SQLiteWrapperError.nestedTransaction` and leaves the open transaction untouched.
    ///   (Savepoints were left out on purpose: one level is all casestore needs, and an inner
    ///   "commit" that is not durable is an easy trap.)
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        guard !isInTransaction else { throw SQLiteWrapperError.nestedTransaction }
        try execute(kind.beginSQL)
        let result: T
        do {
            result = try body()
        } catch {
            rollbackAfterFailure()
            throw error
        }
        do {
            try execute("COMMIT TRANSACTION")
        } catch {
            rollbackAfterFailure()
            throw error
        }
        return result
    }

    /// Rolls back whatever is still open after a failure.
    ///
    /// SQLite may already have rolled back by itself (it can after SQLITE_FULL, SQLITE_IOERR
    /// or SQLITE_NOMEM); a ROLLBACK then would only fail with "no transaction is active".
    /// A ROLLBACK that fails for another reason is not reported, because the original error
    /// matters more; the connection then stays in the transaction, the next `transaction`
    /// call throws `nestedTransaction`, and closing the connection rolls it back.
    private func rollbackAfterFailure() {
        guard isInTransaction else { return }
        try? execute("ROLLBACK TRANSACTION")
    }
}
