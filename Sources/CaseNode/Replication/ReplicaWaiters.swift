import CaseCore
import Dispatch

/// Requests waiting until enough other members hold an event (`?replicas=N`).
/// Owned by the replication queue.
struct ReplicaWaiters {
    final class Waiter: @unchecked Sendable {
        // @unchecked: the fields are immutable; the semaphore is thread-safe.
        let event: EventID
        let count: Int
        let semaphore = DispatchSemaphore(value: 0)

        init(event: EventID, count: Int) {
            self.event = event
            self.count = count
        }
    }

    /// Waiting requests at once: each holds an HTTP connection thread, which is bounded already.
    static let maxWaiters = 1_024

    private var waiting: [ObjectIdentifier: Waiter] = [:]

    /// Adds a waiter; nil when too many are waiting (the caller answers at once instead).
    mutating func add(event: EventID, count: Int) -> Waiter? {
        guard waiting.count < Self.maxWaiters else { return nil }
        let waiter = Waiter(event: event, count: count)
        waiting[ObjectIdentifier(waiter)] = waiter
        return waiter
    }

    mutating func remove(_ waiter: Waiter) {
        waiting[ObjectIdentifier(waiter)] = nil
    }

    /// Wakes every waiter whose event now has enough replicas.
    mutating func signalSatisfied(replicaCount: (EventID) -> Int) {
        for waiter in waiting.values where replicaCount(waiter.event) >= waiter.count {
            waiting[ObjectIdentifier(waiter)] = nil
            waiter.semaphore.signal()
        }
    }

    mutating func releaseAll() {
        for waiter in waiting.values { waiter.semaphore.signal() }
        waiting.removeAll()
    }
}
