#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The door of a listening server (the HTTP API and the peer port). Its one thread accepts
/// every connection, gives it a slot by the rules of `ConnectionSlots` (closing a
/// stranger's connection to make room, or refusing it), and keeps it in a waiting room —
/// polled with the listener, holding no thread — until its first byte arrives. A
/// connection silent for `firstByteTimeoutMs` is closed there. Only a connection that has
/// spoken is handed to the server, which serves it on a thread of its own and tells the
/// gate when it has authenticated (`authenticated`) and when it is done (`finished`).
///
/// So idle strangers cost a descriptor and a poll entry, not a thread, and however many
/// connect, callers that authenticated keep their slots and a newcomer still gets in.
final class ConnectionGate: Sendable {
    struct Limits: Sendable, Equatable {
        let slots: ConnectionSlots.Limits
        /// From accept to the first byte; a connection silent that long is closed.
        let firstByteTimeoutMs: Int
    }

    /// A served connection's claim on its slot.
    struct Ticket: Sendable {
        let id: ConnectionSlots.ID
        /// When the connection was accepted: its allowances (first byte, request head,
        /// handshake) count from here.
        let acceptedAt: Deadline
    }

    /// Why the gate closed a connection itself.
    enum Closure: Sendable, Equatable {
        /// To make room for a newer connection (see `ConnectionSlots`).
        case evicted
        /// No byte within `firstByteTimeoutMs`.
        case silent
    }

    /// What the server does with the connections the gate lets through or turns away.
    struct Handlers: Sendable {
        /// Serves a connection that has spoken, on a thread of the server's own, and calls
        /// `finished` when done. Called on the gate's thread: it must return at once.
        let serve: @Sendable (TCPConnection, Ticket) -> Void
        /// Answers, if it likes, and closes a connection turned away at the door. Called on
        /// the gate's thread: it must not wait long.
        let refuse: @Sendable (TCPConnection, ConnectionSlots.Refusal) -> Void
        /// Told of each connection the gate closes itself, for counting and logging; just
        /// before the close, so whoever sees it closed finds it counted and logged. Called
        /// with the connection's `remoteHost` and `remoteAddress`.
        let closed: @Sendable (_ host: String, _ address: String, Closure) -> Void
        /// One line about a failure to accept (e.g. the process is out of descriptors).
        let acceptFailed: @Sendable (SystemError) -> Void
    }

    /// The kernel's queue of connections not yet accepted, for a listener behind a gate.
    /// The gate decides who stays, and takes connections off the queue as fast as they
    /// come; the queue only absorbs bursts. Were it to overflow, the kernel would drop
    /// handshakes and the client would wait a second for its retransmission — a flood
    /// could so delay the very member or admin the gate would let in. 1,024 outlasts any
    /// burst the gate cannot keep up with for a moment (Linux caps it at somaxconn).
    static let listenBacklog: Int32 = 1_024

    /// How long to pause after accept fails (EMFILE: out of descriptors) rather than spin;
    /// 100 ms lets connections close meanwhile while new ones wait little longer.
    static let acceptRetryPauseMicroseconds: UInt32 = 100_000
    /// Connections taken from the kernel per wake-up before the waiting room is looked at
    /// again, so a burst of connects cannot delay the first bytes of those already in.
    static let acceptBatch = 64

    let limits: Limits
    private let listener: TCPListener
    private let handlers: Handlers
    private let state: Mutex<State>

    private struct State {
        var slots: ConnectionSlots
        /// Connections handed to the server, by slot, so that one can be evicted (shut down).
        var served: [ConnectionSlots.ID: TCPConnection] = [:]
        var isStopping = false
    }

    init(listener: TCPListener, limits: Limits, handlers: Handlers) {
        self.listener = listener
        self.limits = limits
        self.handlers = handlers
        state = Mutex(State(slots: ConnectionSlots(limits: limits.slots)))
    }

    // MARK: - For the server's threads

    /// Marks the ticket's connection as authenticated: it keeps its slot whoever comes.
    func authenticated(_ ticket: Ticket) {
        state.withLock { $0.slots.authenticate(ticket.id) }
    }

    /// Frees the ticket's slot; call once the connection is closed or about to be.
    func finished(_ ticket: Ticket) {
        state.withLock { state in
            state.slots.release(ticket.id)
            state.served[ticket.id] = nil
        }
    }

    /// False once the connection was evicted (or the gate stopped): its end is expected,
    /// not the client's doing, and needs no log line.
    func holds(_ ticket: Ticket) -> Bool {
        state.withLock { !$0.isStopping && $0.slots.contains(ticket.id) }
    }

    /// Connections open now: waiting for a first byte, or served.
    var connectionCount: Int { state.withLock { $0.slots.count } }

    /// Connections that have not authenticated, waiting or served.
    var unauthenticatedCount: Int { state.withLock { $0.slots.unauthenticatedCount } }

    /// Stops letting connections through, wakes the gate's thread (which then closes the
    /// waiting room and the listener), and returns the served connections for the server to
    /// wake. Idempotent.
    func stop() -> [TCPConnection] {
        let served = state.withLock { state in
            state.isStopping = true
            return Array(state.served.values)
        }
        listener.interrupt()
        return served
    }

    // MARK: - The gate's thread

    /// Accepts, admits and watches until `stop`; run it on a thread of its own.
    func run() {
        var room = WaitingRoom()
        defer {
            for waiting in room.removeAll() { close(waiting, as: nil) }
            listener.close()
        }
        while true {
            let watched = room.entries
            let activity: TCPListener.Activity
            do {
                activity = try listener.waitForActivity(alsoWatching: watched.map(\.connection.descriptor), until: room.earliestDeadline)
            } catch {
                handlers.acceptFailed(error)
                usleep(Self.acceptRetryPauseMicroseconds)
                continue
            }
            if activity.interrupted { return }
            for (entry, events) in zip(watched, activity.watched) where events != 0 {
                room.remove(entry.ticket.id)
                handOver(entry)
            }
            for expired in room.removeExpired() { close(expired, as: .silent) }
            if activity.hasPendingConnection { acceptBatch(into: &room) }
        }
    }

    private func acceptBatch(into room: inout WaitingRoom) {
        for _ in 0..<Self.acceptBatch {
            let accepted: TCPConnection?
            do {
                accepted = try listener.acceptPending()
            } catch {
                handlers.acceptFailed(error)
                usleep(Self.acceptRetryPauseMicroseconds)
                return
            }
            guard let connection = accepted else { return }
            admit(connection, into: &room)
        }
    }

    private func admit(_ connection: TCPConnection, into room: inout WaitingRoom) {
        let (admission, evictedServed) = state.withLock { state -> (ConnectionSlots.Admission?, TCPConnection?) in
            guard !state.isStopping else { return (nil, nil) }
            let admission = state.slots.admit(from: connection.remoteHost)
            guard case .admitted(_, let victim?) = admission else { return (admission, nil) }
            return (admission, state.served.removeValue(forKey: victim))
        }
        switch admission {
        case nil:
            connection.close()
        case .refused(let refusal):
            handlers.refuse(connection, refusal)
        case .admitted(let id, let victim):
            if let victim { evict(victim, served: evictedServed, from: &room) }
            let acceptedAt = Deadline.now
            room.add(WaitingRoom.Entry(
                connection: connection, ticket: Ticket(id: id, acceptedAt: acceptedAt),
                deadline: acceptedAt.adding(ms: limits.firstByteTimeoutMs)))
        }
    }

    /// Closes the connection whose slot was given away: one still waiting here, or one the
    /// server is serving (shut down both ways, which ends its thread's reads and writes).
    private func evict(_ id: ConnectionSlots.ID, served: TCPConnection?, from room: inout WaitingRoom) {
        if let served {
            handlers.closed(served.remoteHost, served.remoteAddress, .evicted)
            served.shutdown(.both)
        } else if let waiting = room.remove(id) {
            close(waiting, as: .evicted)
        }
    }

    /// Passes a connection that has spoken (or closed: the server sees that itself) to the server.
    private func handOver(_ entry: WaitingRoom.Entry) {
        let isStopping = state.withLock { state in
            if !state.isStopping { state.served[entry.ticket.id] = entry.connection }
            return state.isStopping
        }
        guard !isStopping else { return close(entry, as: nil) }
        handlers.serve(entry.connection, entry.ticket)
    }

    /// Closes a connection of the waiting room and frees its slot; `reason` nil when the
    /// gate is stopping (nothing to report).
    private func close(_ entry: WaitingRoom.Entry, as reason: Closure?) {
        if let reason { handlers.closed(entry.connection.remoteHost, entry.connection.remoteAddress, reason) }
        entry.connection.close()
        state.withLock { _ = $0.slots.release(entry.ticket.id) }
    }
}

/// The connections the gate has accepted that have not spoken yet; owned by its thread.
/// At most `maxUnauthenticated` of them, since every one of them is unauthenticated.
struct WaitingRoom {
    struct Entry {
        let connection: TCPConnection
        let ticket: ConnectionGate.Ticket
        /// When its first byte is due.
        let deadline: Deadline
    }

    /// In order of arrival, so in order of deadline (every one gets the same allowance).
    private(set) var entries: [Entry] = []

    var earliestDeadline: Deadline? { entries.first?.deadline }

    mutating func add(_ entry: Entry) {
        entries.append(entry)
    }

    @discardableResult
    mutating func remove(_ id: ConnectionSlots.ID) -> Entry? {
        guard let index = entries.firstIndex(where: { $0.ticket.id == id }) else { return nil }
        return entries.remove(at: index)
    }

    /// Takes out the connections whose first byte is overdue.
    mutating func removeExpired() -> [Entry] {
        let overdue = entries.prefix { $0.deadline.hasPassed }
        entries.removeFirst(overdue.count)
        return Array(overdue)
    }

    mutating func removeAll() -> [Entry] {
        defer { entries = [] }
        return entries
    }
}
