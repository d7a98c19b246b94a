import Dispatch

/// The single writer connection of a `SQLiteDatabase` and the serial queue that owns it.
///
/// `@unchecked Sendable` because the connection is only touched by blocks running on `queue`,
/// which runs one block at a time; that is the whole of its thread safety.
final class WriterQueue: @unchecked Sendable {
    private let queue: DispatchQueue
    private let onQueueKey = DispatchSpecificKey<Bool>()
    private let path: String
    /// Touched only on `queue`; nil once closed.
    private var connection: SQLiteConnection?

    init(connection: SQLiteConnection) {
        path = connection.path
        queue = DispatchQueue(label: "casestore.sqlite.writer")
        self.connection = connection
        queue.setSpecific(key: onQueueKey, value: true)
    }

    /// True on the writer's queue (inside a write body).
    var isCurrent: Bool { DispatchQueue.getSpecific(key: onQueueKey) != nil }

    /// Runs `body` with the writer connection, on the queue, and waits for it.
    func sync<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        precondition(
            DispatchQueue.getSpecific(key: onQueueKey) == nil,
            "SQLiteDatabase.write called from inside write on \(path): it would wait for itself forever")
        return try queue.sync { try runOnQueue(body) }
    }

    /// Runs `body` on the queue without blocking the caller, for async callers.
    func async<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.runOnQueue(body) })
            }
        }
    }

    /// Closes the connection after every queued write has run. Closing twice does nothing.
    func close() {
        queue.sync {
            // A close that fails (a caller kept a Statement) leaves the connection to its
            // deinit, which closes it once the last statement is gone.
            try? connection?.close()
            connection = nil
        }
    }

    private func runOnQueue<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let connection else { throw SQLiteWrapperError.databaseClosed(path: path) }
        let result: T
        do {
            result = try body(connection)
        } catch {
            // Never hand the next writer an open transaction a failed body left behind.
            if connection.isInTransaction { try? connection.execute("ROLLBACK TRANSACTION") }
            throw error
        }
        if connection.isInTransaction {
            try? connection.execute("ROLLBACK TRANSACTION")
            preconditionFailure("a write closure on \(path) returned with a transaction still open; use transaction { }")
        }
        return result
    }
}
