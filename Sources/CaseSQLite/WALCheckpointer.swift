import CSQLite
import Dispatch
import Synchronization

/// Copies the write-ahead log back into the database file on a connection and queue of
/// its own, so that the writer's commits do not pay for it.
///
/// SQLite's default has the connection that commits run a checkpoint whenever the WAL holds
/// 1,000 pages or more: one commit in a few hundred writes those pages into the database
/// file and fsyncs it while every other write waits (a catch-up's writer spent a seventh of
/// its time so, `casebench apply`). Here the writer's commit only notes the WAL's size
/// (`sqlite3_wal_hook`) and hands a passive checkpoint to this queue, which runs beside the
/// next writes: WAL mode lets a checkpoint copy pages while the writer appends.
///
/// Bounded: SQLite starts the WAL over only when a write begins with every frame copied, and
/// under back-to-back commits a checkpoint beside them always ends a commit or more behind.
/// So the writer checkpoints itself once the WAL reaches `writerTakesOverPages` (about
/// 128 MiB): with no commit beside it that copy finishes, and the next write starts the WAL
/// over. A checkpoint is asked for by the frames not copied yet, not by the WAL's length,
/// so a long WAL does not set one off after every commit. Durability does not depend on any
/// of it: a commit is durable in the WAL (synchronous=FULL) whether or not a checkpoint has
/// run, and a checkpoint that fails leaves the WAL as it was.
///
/// Quiet: once no commit came for `idleDelayMs`, whatever the WAL holds not yet copied is
/// copied then, however little. A node that stops writing (a centre's evening, the end of
/// a catch-up) does not keep up to the threshold's worth of WAL waiting, for a restart to
/// read back and for its next small commit to set off the copy of, beside whatever it is
/// doing then (serving a catch-up, say).
final class WALCheckpointer: Sendable {
    /// Why four times the threshold (about 128 MiB): the writer's own checkpoint stops every
    /// write while it runs, so it should be rare; 128 MiB is small beside a node's disk.
    static let writerTakeoverFactor: Int32 = 4

    let thresholdPages: Int32
    var writerTakesOverPages: Int32 { thresholdPages * Self.writerTakeoverFactor }
    /// How long without a commit before the WAL not yet copied is copied anyway.
    let idleDelayMs: Int

    private let queue = DispatchQueue(label: "casestore.sqlite.checkpointer")
    private let connection: CheckpointConnection
    private let state = Mutex(State())

    private struct State {
        var scheduled = false
        var stopped = false
        /// Frames of the WAL the last checkpoint found copied (0 after the WAL started over).
        var copiedFrames: Int32 = 0
        /// The WAL's length after the last commit, and how many commits there were so far.
        var walPages: Int32 = 0
        var commits = 0
        /// A look for quiet is queued (`lookForQuiet`): commits need not queue another.
        var quietLookScheduled = false
        var statistics = CheckpointStatistics()
    }

    /// Opens the checkpointer's own read-write connection to `path` (no migrations: the
    /// writer opened the file first). `thresholdPages`: WAL size at which a checkpoint is asked for.
    /// `idleDelayMs`: how long without a commit before the rest of the WAL is copied anyway.
    init(path: String, configuration: SQLiteConfiguration, thresholdPages: Int32, idleDelayMs: Int) throws {
        precondition(idleDelayMs >= 1, "idleDelayMs must be positive, got \(idleDelayMs)")
        precondition(
            (1...Int32.max / Self.writerTakeoverFactor).contains(thresholdPages),
            "thresholdPages must be 1...\(Int32.max / Self.writerTakeoverFactor), got \(thresholdPages)")
        var own = configuration
        own.maxFileBytes = nil
        // Its checkpoints read the WAL file directly; SQLite's default page cache is plenty.
        own.writerCacheKiB = 2_048
        // The writer already put the file in WAL mode; asking again would take a lock for nothing.
        connection = CheckpointConnection(try SQLiteConnection(path: path, configuration: own, enablesWAL: false))
        self.thresholdPages = thresholdPages
        self.idleDelayMs = idleDelayMs
    }

    /// Makes `writer`'s commits report the WAL's size here instead of checkpointing
    /// themselves. The writer must be used on one queue only, and closed before this is
    /// released (`SQLiteDatabase.close`); `detach` undoes it.
    func attach(to writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.liveHandle, walCommitHook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Removes the hook from `writer` (before it closes: should its close fail and leave it
    /// open, its commits must not call into a checkpointer that is gone).
    func detach(from writer: SQLiteConnection) {
        sqlite3_wal_hook(writer.liveHandle, nil, nil)
    }

    /// What the checkpointer did so far.
    var statistics: CheckpointStatistics { state.withLock { $0.statistics } }

    /// Called on the writer's queue after each commit with the pages now in the WAL.
    fileprivate func writerCommitted(walPages pages: Int32, writer: OpaquePointer?) {
        noteCommit(walPages: pages)
        if pages >= writerTakesOverPages {
            var copied: Int32 = 0
            let rc = sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_PASSIVE, nil, &copied)
            // Busy: the checkpointer is copying, nothing ran; the next commit tries again.
            guard rc != SQLITE_BUSY else { return }
            state.withLock { state in
                state.statistics.recordByWriter(failed: rc != SQLITE_OK)
                if rc == SQLITE_OK { state.copiedFrames = copied }
            }
            return
        }
        let schedule = state.withLock { state -> Bool in
            // Fewer frames than copied last time: the WAL started over since.
            if pages < state.copiedFrames { state.copiedFrames = 0 }
            guard Self.asksForCheckpoint(walPages: pages, copiedFrames: state.copiedFrames, thresholdPages: thresholdPages),
                  !state.scheduled, !state.stopped else { return false }
            state.scheduled = true
            return true
        }
        if schedule { queue.async { self.checkpoint() } }
    }

    /// Counts the commit and, unless one is queued already, queues a look for quiet.
    private func noteCommit(walPages pages: Int32) {
        let commits = state.withLock { state -> Int? in
            state.walPages = pages
            state.commits += 1
            guard !state.quietLookScheduled, !state.stopped else { return nil }
            state.quietLookScheduled = true
            return state.commits
        }
        if let commits { lookForQuiet(after: commits) }
    }

    /// In `idleDelayMs`, on the checkpointer's queue: if no commit came after the
    /// `commits`th, copies what the WAL holds not yet copied; if one did, looks again then.
    /// One look is queued at a time, so steady commits cost one timer per delay, not one each.
    private func lookForQuiet(after commits: Int) {
        queue.asyncAfter(deadline: .now() + .milliseconds(idleDelayMs)) {
            enum Next { case nothing, lookAgain(after: Int), copy }
            let next = self.state.withLock { state -> Next in
                guard !state.stopped else { return .nothing }
                if state.commits != commits { return .lookAgain(after: state.commits) }
                state.quietLookScheduled = false
                // A WAL shorter than what was copied started over: `asksForCheckpoint` counts all of it.
                let uncopied = Self.asksForCheckpoint(walPages: state.walPages, copiedFrames: state.copiedFrames, thresholdPages: 1)
                return uncopied ? .copy : .nothing
            }
            switch next {
            case .nothing: break
            case .lookAgain(let later): self.lookForQuiet(after: later)
            case .copy: self.copy()
            }
        }
    }

    /// Whether a commit leaving `walPages` frames asks for a checkpoint: when the frames not
    /// copied yet reach the threshold. A WAL shorter than what was copied started over.
    static func asksForCheckpoint(walPages: Int32, copiedFrames: Int32, thresholdPages: Int32) -> Bool {
        let uncopied = walPages >= copiedFrames ? walPages - copiedFrames : walPages
        return uncopied >= thresholdPages
    }

    /// A passive checkpoint on the checkpointer's connection: copies what no reader still
    /// needs, never waits for a lock, never blocks the writer.
    private func checkpoint() {
        dispatchPrecondition(condition: .onQueue(queue))
        // Cleared first: commits during this checkpoint may ask for the next one.
        guard state.withLock({ state -> Bool in
            state.scheduled = false
            return !state.stopped
        }) else { return }
        copy()
    }

    /// Runs a passive checkpoint on the checkpointer's queue and notes how far it copied.
    private func copy() {
        dispatchPrecondition(condition: .onQueue(queue))
        let result = Result { try connection.value.checkpointPassively() }
        state.withLock { state in
            state.statistics.record(result)
            if case .success(let pages) = result { state.copiedFrames = Int32(clamping: pages.copiedPages) }
        }
    }

    /// Waits for a checkpoint under way, then closes the connection; asks for no more.
    func stop() {
        state.withLock { $0.stopped = true }
        queue.sync { try? connection.value.close() }
    }

    /// Runs a checkpoint now on the checkpointer's queue and waits for it (tests, and a
    /// caller who wants the WAL copied before it measures the file).
    func checkpointNow() {
        queue.sync { self.checkpoint() }
    }
}

/// The checkpointer's connection, used only on its queue (see `WALCheckpointer`): that is
/// the whole of its thread safety.
private final class CheckpointConnection: @unchecked Sendable {
    let value: SQLiteConnection
    init(_ value: SQLiteConnection) { self.value = value }
}

/// `sqlite3_wal_hook`'s callback: a C function, so it finds its checkpointer through the context.
private let walCommitHook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = {
    context, writer, _, pages in
    if let context {
        Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().writerCommitted(walPages: pages, writer: writer)
    }
    // The commit has happened whatever is returned here; an error would only make it look failed.
    return SQLITE_OK
}

/// What a database's WAL checkpoints did.
public struct CheckpointStatistics: Sendable, Equatable {
    /// Checkpoints the checkpointer's queue ran, and how many of them failed.
    public var checkpoints = 0
    public var failedCheckpoints = 0
    /// Checkpoints the writer ran itself because the WAL reached the takeover size.
    public var writerCheckpoints = 0
    /// Pages the last successful checkpoint found in the WAL, and how many of them it copied.
    public var lastLogPages = 0
    public var lastCopiedPages = 0
    /// Why the last failed checkpoint failed.
    public var lastError: String?

    public init() {}

    mutating func record(_ result: Result<(logPages: Int, copiedPages: Int), Error>) {
        checkpoints += 1
        switch result {
        case .success(let pages):
            (lastLogPages, lastCopiedPages) = pages
        case .failure(let error):
            failedCheckpoints += 1
            lastError = "\(error)"
        }
    }

    mutating func recordByWriter(failed: Bool) {
        writerCheckpoints += 1
        if failed { failedCheckpoints += 1 }
    }
}

extension SQLiteConnection {
    /// `sqlite3_wal_checkpoint_v2` in PASSIVE mode on the main database: copies as many WAL
    /// frames into the file as no reader still needs, without waiting. Returns the WAL's size
    /// and how much of it is now copied, in pages. Throws on an I/O error, or SQLITE_BUSY
    /// when another connection is checkpointing.
    func checkpointPassively() throws -> (logPages: Int, copiedPages: Int) {
        var logPages: Int32 = 0
        var copiedPages: Int32 = 0
        try check(sqlite3_wal_checkpoint_v2(liveHandle, nil, SQLITE_CHECKPOINT_PASSIVE, &logPages, &copiedPages), sql: "checkpoint")
        return (Int(logPages), Int(copiedPages))
    }
}
