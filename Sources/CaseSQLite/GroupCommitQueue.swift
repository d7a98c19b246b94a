import Synchronization

/// Group commit: concurrent writers share one durable COMMIT.
///
/// With `synchronous=FULL` every COMMIT waits for the disk, so one filing per
/// transaction caps a node at the disk's flush rate however many clerks file
/// at once. Here writers join a queue; the writer at the front leads: on the
/// writer connection it opens one transaction, runs every queued body in
/// order (each in its own savepoint, so a body that fails undoes only its own
/// changes), commits once, then wakes the writers it carried and the next
/// front. Nobody waits on a timer: a group is whatever queued up while the
/// previous COMMIT was flushing.
///
/// A writer hears success only after the shared COMMIT; when the COMMIT (or
/// the transaction) fails, every writer of that group gets the error.
final class GroupCommitQueue: Sendable {
    /// Most bodies one COMMIT carries.
    /// Why 64: a group's bodies run one after another before anyone hears back,
    /// so the group bounds the latency added to its first writer; 64 filings are
    /// a few milliseconds of work and already amortise the flush well.
    static let maxWritesPerCommit = 64

    /// Most writers waiting at once before new ones are refused.
    /// Why 1 024: the HTTP server's connection limit keeps real waits far lower;
    /// this only bounds memory if something else floods the queue.
    static let maxWaitingWrites = 1_024

    private let writer: WriterQueue
    private let waiting = Mutex<[any GroupMember]>([])
    private let totals = Mutex(GroupCommitStatistics())

    init(writer: WriterQueue) {
        self.writer = writer
    }

    var statistics: GroupCommitStatistics { totals.withLock { $0 } }

    /// Writers queued now, the leader's group included.
    var waitingCount: Int { waiting.withLock { $0.count } }

    /// Runs `body` in a transaction shared with other concurrent writers and
    /// returns its result once that transaction is durable. The leader calls
    /// `committed` with it first, in commit order (see `lead`).
    func write<T: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T, committed: @escaping @Sendable (T) -> Void = { _ in }
    ) throws -> T {
        // A body that waited for another group write would wait for its own group forever.
        precondition(!writer.isCurrent, "groupWrite called from inside a write body: it would wait for itself forever")
        let write = GroupedWrite(body, committed: committed)
        let isFront = try join(write)
        if !isFront { write.waitForTurn() }
        if !write.isFinished { lead() }
        return try write.result()
    }

    private func join(_ write: any GroupMember) throws -> Bool {
        try waiting.withLock { queue in
            guard queue.count < Self.maxWaitingWrites else {
                throw SQLiteWrapperError.writeQueueFull(limit: Self.maxWaitingWrites)
            }
            queue.append(write)
            return queue.count == 1
        }
    }

    /// Commits the group at the front of the queue (the caller's write is its
    /// first member), finishes its members and hands the lead on.
    private func lead() {
        var group: [any GroupMember] = []
        var groupError: (any Error)?
        do {
            try writer.sync { connection in
                // Taken only once the writer connection is ours, so the group holds
                // everything that queued while the previous COMMIT was flushing.
                group = waiting.withLock { Array($0.prefix(Self.maxWritesPerCommit)) }
                try Self.commit(group, on: connection)
            }
        } catch {
            groupError = error
            if group.isEmpty { group = waiting.withLock { Array($0.prefix(Self.maxWritesPerCommit)) } }
        }
        totals.withLock { $0.record(groupSize: group.count, failed: groupError != nil) }
        // Finished in order while the group is still queued: a writer arriving meanwhile
        // queues behind it instead of leading a commit of its own at once, so members'
        // `committed` callbacks run in commit order across groups too (removed first, a
        // later group's callback overtook this one's: 307 announced before 303).
        for member in group { member.finish(groupError: groupError) }
        let next = waiting.withLock { queue -> (any GroupMember)? in
            queue.removeFirst(group.count)
            return queue.first
        }
        next?.takeTurn()
    }

    private static func commit(_ group: [any GroupMember], on connection: SQLiteConnection) throws {
        try connection.execute("BEGIN IMMEDIATE TRANSACTION")
        do {
            for member in group { try member.run(on: connection) }
            try connection.execute("COMMIT TRANSACTION")
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK TRANSACTION") }
            throw error
        }
    }
}
