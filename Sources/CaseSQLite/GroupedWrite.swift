import Dispatch
import Synchronization

/// One writer waiting in a `GroupCommitQueue`: its body, its outcome, and the
/// semaphore it sleeps on until the leader has committed it (or until it is
/// at the front of the queue and must lead itself).
final class GroupedWrite<T: Sendable>: GroupMember {
    private let body: @Sendable (SQLiteConnection) throws -> T
    /// Called by the leader with the result of a write that is durable, before the writer wakes.
    private let committed: @Sendable (T) -> Void
    private let outcome = Mutex<Result<T, any Error>?>(nil)
    private let finished = Atomic<Bool>(false)
    private let turn = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable (SQLiteConnection) throws -> T, committed: @escaping @Sendable (T) -> Void = { _ in }) {
        self.body = body
        self.committed = committed
    }

    var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Sleeps until the leader finished this write or made it the front.
    func waitForTurn() { turn.wait() }

    func takeTurn() { turn.signal() }

    /// Runs the body inside its own savepoint on the group's open transaction:
    /// a body that throws undoes its own changes and nothing else.
    ///
    /// - Throws: only when the group's transaction cannot go on (the savepoint
    ///   could not be opened or undone); the body's own error is its outcome.
    func run(on connection: SQLiteConnection) throws {
        try connection.execute("SAVEPOINT grouped_write")
        let result = Result { try body(connection) }
        outcome.withLock { $0 = result }
        if case .failure(let error) = result {
            // SQLite itself rolls the whole transaction back after some errors
            // (SQLITE_FULL, SQLITE_IOERR); then there is nothing left to undo here
            // and the leader fails the group with this error.
            guard connection.isInTransaction else { throw error }
            try connection.execute("ROLLBACK TO grouped_write")
        }
        try connection.execute("RELEASE grouped_write")
    }

    /// Records the group's fate, tells `committed` of a durable result, and wakes the
    /// writer. A write whose body succeeded fails with `groupError` when the shared
    /// COMMIT did not happen.
    func finish(groupError: (any Error)?) {
        let final = outcome.withLock { outcome -> Result<T, any Error>? in
            if let groupError {
                switch outcome {
                case .none, .success: outcome = .failure(groupError)
                case .failure: break  // the body's own error says more
                }
            }
            return outcome
        }
        if case .success(let value)? = final { committed(value) }
        finished.store(true, ordering: .releasing)
        turn.signal()
    }

    /// The body's result once the write is finished.
    func result() throws -> T {
        guard let outcome = outcome.withLock({ $0 }) else {
            preconditionFailure("a grouped write's result was read before the write finished")
        }
        return try outcome.get()
    }
}
