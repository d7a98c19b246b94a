import Dispatch
import Synchronization

/// The read-only connections of a `SQLiteDatabase`, lent out one caller at a time.
///
/// A counting semaphore bounds the callers holding a reader; the idle connections sit in a
/// mutex-protected list. A caller that finds every reader busy waits, at most
/// `waitTimeoutMs`, then gets `SQLiteWrapperError.readerWaitTimedOut`.
final class ReaderPool: Sendable {
    private struct State {
        var idle: [ReaderConnection]
        var isClosed = false
    }

    private let state: Mutex<State>
    private let permits: DispatchSemaphore
    private let readerCount: Int
    private let waitTimeoutMs: Int
    private let path: String

    init(readers: [SQLiteConnection], waitTimeoutMs: Int, path: String) {
        precondition(!readers.isEmpty, "a reader pool needs at least one reader")
        precondition(waitTimeoutMs >= 0, "waitTimeoutMs must be 0 or more, got \(waitTimeoutMs)")
        state = Mutex(State(idle: readers.map(ReaderConnection.init)))
        permits = DispatchSemaphore(value: readers.count)
        readerCount = readers.count
        self.waitTimeoutMs = waitTimeoutMs
        self.path = path
    }

    /// Lends a reader to `body` on the calling thread, waiting (bounded) for one to be free.
    func withReader<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        if state.withLock({ $0.isClosed }) { throw SQLiteWrapperError.databaseClosed(path: path) }
        guard permits.wait(timeout: .now() + .milliseconds(waitTimeoutMs)) == .success else {
            throw SQLiteWrapperError.readerWaitTimedOut(waitedMs: waitTimeoutMs, readerCount: readerCount)
        }
        defer { permits.signal() }
        guard let reader = state.withLock({ $0.isClosed ? nil : $0.idle.popLast() }) else {
            // The permit guarantees an idle reader while open, so nil means closed meanwhile.
            throw SQLiteWrapperError.databaseClosed(path: path)
        }
        defer { giveBack(reader) }
        return try body(reader.connection)
    }

    private func giveBack(_ reader: ReaderConnection) {
        let closedMeanwhile = state.withLock { state -> Bool in
            if !state.isClosed { state.idle.append(reader) }
            return state.isClosed
        }
        if closedMeanwhile { try? reader.connection.close() }
    }

    /// Refuses new reads, waits (bounded) for the running ones, and closes every reader.
    /// A reader still lent out when the wait ends is closed when it comes back.
    func close() {
        let alreadyClosed = state.withLock { state -> Bool in
            defer { state.isClosed = true }
            return state.isClosed
        }
        guard !alreadyClosed else { return }
        var permitsTaken = 0
        while permitsTaken < readerCount,
            permits.wait(timeout: .now() + .milliseconds(waitTimeoutMs)) == .success
        {
            permitsTaken += 1
        }
        let idle = state.withLock { state -> [ReaderConnection] in
            defer { state.idle.removeAll() }
            return state.idle
        }
        for reader in idle { try? reader.connection.close() }
        // Give the permits back: libdispatch traps when a semaphore is freed below its initial
        // value, and the closed flag already turns every new read away.
        for _ in 0..<permitsTaken { permits.signal() }
    }
}

/// A reader connection travelling between the pool and the one caller it is lent to.
///
/// `@unchecked Sendable` because exactly one party holds it at a time: the pool's mutex-guarded
/// idle list, or the caller between `popLast` and `giveBack`.
final class ReaderConnection: @unchecked Sendable {
    let connection: SQLiteConnection

    init(_ connection: SQLiteConnection) {
        self.connection = connection
    }
}
