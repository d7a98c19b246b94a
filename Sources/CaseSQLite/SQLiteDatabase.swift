import Dispatch
import Synchronization

/// One database file shared by many threads: a single writer connection, owned by a serial
/// queue, and a few read-only connections. WAL mode lets readers run beside the writer, each
/// read seeing the last committed state.
///
/// Blocking SQLite work should not run on Swift's cooperative thread pool: from async code use
/// `asyncWrite`/`asyncRead`, which run on dispatch threads and suspend the caller.
public final class SQLiteDatabase: Sendable {
    /// The database file.
    public let path: String
    private let writer: WriterQueue
    private let groupCommit: GroupCommitQueue
    private let readers: ReaderPool
    /// Copies the WAL into the file beside the writer rather than in its commits.
    private let checkpointer: WALCheckpointer
    /// Runs `asyncRead` bodies; concurrency is bounded by the reader pool, not by this queue.
    private let readQueue: DispatchQueue

    /// Opens the file, runs `migrator` on the writer, then opens `readerCount` read-only
    /// connections and the checkpointer's connection, which copies the WAL into the file once
    /// it holds `checkpointThresholdPages` not yet copied (`WALCheckpointer`; by default
    /// `SQLiteLimits.defaultCheckpointThresholdBytes` in the file's pages), or once no commit
    /// came for `idleCheckpointDelayMs`.
    ///
    /// - Throws: `SchemaTooNewError` when the file is newer than `migrator` knows, any
    ///   migration's error, `SQLiteError`/`SQLiteWrapperError` when a connection cannot open.
    public init(
        path: String,
        configuration: SQLiteConfiguration = .init(),
        readerCount: Int = 4,
        readerWaitTimeoutMs: Int = SQLiteLimits.defaultReaderWaitTimeoutMs,
        migrator: SQLiteMigrator? = nil,
        checkpointThresholdPages: Int32? = nil,
        idleCheckpointDelayMs: Int = SQLiteLimits.defaultIdleCheckpointDelayMs
    ) throws {
        precondition(!configuration.readOnly, "SQLiteDatabase owns a writer; open a read-only SQLiteConnection instead")
        precondition(
            (1...SQLiteLimits.maxReaderCount).contains(readerCount),
            "readerCount must be 1...\(SQLiteLimits.maxReaderCount), got \(readerCount)")
        let writerConnection = try SQLiteConnection(path: path, configuration: configuration)
        try migrator?.migrate(writerConnection)
        let thresholdPages = try checkpointThresholdPages ?? Self.pages(SQLiteLimits.defaultCheckpointThresholdBytes, of: writerConnection)
        checkpointer = try WALCheckpointer(
            path: path, configuration: configuration, thresholdPages: thresholdPages, idleDelayMs: idleCheckpointDelayMs)
        checkpointer.attach(to: writerConnection)
        var readerConfiguration = configuration
        readerConfiguration.readOnly = true
        readerConfiguration.maxFileBytes = nil
        let readerConnections = try (0..<readerCount).map { _ in
            try SQLiteConnection(path: path, configuration: readerConfiguration)
        }
        self.path = path
        writer = WriterQueue(connection: writerConnection)
        groupCommit = GroupCommitQueue(writer: writer)
        readers = ReaderPool(readers: readerConnections, waitTimeoutMs: readerWaitTimeoutMs, path: path)
        readQueue = DispatchQueue(label: "casestore.sqlite.readers", attributes: .concurrent)
    }

    /// `bytes` in whole pages of `connection`'s file, at least one.
    private static func pages(_ bytes: Int, of connection: SQLiteConnection) throws -> Int32 {
        Int32(clamping: max(1, bytes / (try connection.pageSizeBytes())))
    }

    /// Runs `body` with the writer connection, serialized with every other write on the
    /// writer's own queue, and waits for it.
    ///
    /// `body` is not wrapped in a transaction: call `connection.transaction { }` for work that
    /// must commit together. A body must not return with a transaction still open (traps), and
    /// must not call `write` again (traps: it would wait for itself).
    public func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.sync(body)
    }

    /// Runs `body` in one transaction that it may share with other concurrent
    /// `groupWrite` calls (group commit), and returns once that transaction is
    /// durable. A body that throws undoes only its own changes (a savepoint);
    /// when the shared COMMIT fails, every body of the group gets that error.
    /// `body` must not open transactions itself.
    ///
    /// `committed` is called with the body's result once it is durable, before this returns,
    /// and in commit order: the writes of one commit in the order their bodies ran, and a
    /// commit's before the next one's. Whoever ships the changes on (replication) needs that
    /// order; the callers themselves wake in any order. It runs on the committing thread
    /// before later commits may start, so it must be quick and must not write.
    public func groupWrite<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T, committed: @escaping @Sendable (T) -> Void = { _ in }
    ) throws -> T {
        try groupCommit.write(body, committed: committed)
    }

    /// How many writes `groupWrite` has carried per commit so far.
    public var groupCommitStatistics: GroupCommitStatistics { groupCommit.statistics }

    /// What the background WAL checkpoints did so far (`WALCheckpointer`).
    public var checkpointStatistics: CheckpointStatistics { checkpointer.statistics }

    /// WAL pages not yet copied at which a checkpoint is asked for.
    var checkpointThresholdPages: Int32 { checkpointer.thresholdPages }

    /// Runs a WAL checkpoint now, beside the writer as the background ones do, and waits for it.
    public func checkpointNow() { checkpointer.checkpointNow() }

    /// Writers queued for a group commit now (for tests that build a group on purpose).
    public var groupWritesWaiting: Int { groupCommit.waitingCount }

    /// Runs `body` with a read-only connection, inside a deferred transaction so every query
    /// in `body` sees one snapshot. Waits, at most `readerWaitTimeoutMs`, when every reader is
    /// busy. `body` runs on the calling thread and must not open transactions itself.
    public func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try readers.withReader { connection in
            try connection.transaction(.deferred) { try body(connection) }
        }
    }

    /// `write`, for async callers: runs on the writer's queue and suspends the caller meanwhile.
    public func asyncWrite<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await writer.async(body)
    }

    /// `read`, for async callers: runs on a dispatch thread and suspends the caller meanwhile.
    public func asyncRead<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readQueue.async {
                continuation.resume(with: Result { try self.read(body) })
            }
        }
    }

    /// Waits for running work, then closes every connection. Later calls throw
    /// `SQLiteWrapperError.databaseClosed`. Closing twice does nothing.
    public func close() {
        // The checkpointer and the readers first, so that the writer's connection closes last:
        // SQLite's last connection copies the whole WAL into the file and deletes it, leaving
        // the file complete on its own. Closed before the readers, the writer left the WAL in
        // place (a read-only connection closing last copies nothing), and its frames stood in
        // for the file's pages at the next start: a damaged file could pass the start's check.
        checkpointer.stop()
        readers.close()
        try? writer.sync { connection in
            checkpointer.detach(from: connection)
            _ = try? connection.checkpointPassively()
        }
        writer.close()
    }
}
