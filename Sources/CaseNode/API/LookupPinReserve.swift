import CaseCore
import CaseSystem
import Dispatch
import Synchronization

/// A lookup PIN and its hash, made together and handed out once.
public struct PreparedLookupPin: Sendable {
    public let pin: LookupPin
    public let hash: LookupPinHash

    /// A new PIN from the system's secure random source, hashed under a fresh salt.
    public static func make() -> PreparedLookupPin {
        let pin = LookupPin.generate()
        return PreparedLookupPin(pin: pin, hash: LookupPinHash.make(pin))
    }
}

/// Lookup PINs hashed ahead of the filings that need them. A PIN's hash costs about 0.9 ms of
/// a core (`casebench apply`), which made it the larger half of a filing's time on the
/// filing's own thread; made on a utility thread while the node waits for its next filing,
/// it is off the path a clerk waits on. Under a steady load the reserve runs dry and each
/// filing hashes its own PIN, as it did before: the CPU is the same, only the wait moves.
///
/// Every PIN is taken once: a ready one is removed under the lock before it is handed out.
/// A reserve that was never started (tests, tools) makes each PIN when taken. The PINs
/// waiting here are in this process's memory only, like the keys it already holds.
public final class LookupPinReserve: Sendable {
    /// PINs kept ready. Why 32: a burst of a room's clerks filing at once is served from the
    /// reserve, and refilling it from empty costs about 30 ms of one core.
    public static let defaultCapacity = 32

    public let capacity: Int
    private let make: @Sendable () -> PreparedLookupPin
    private let state = Mutex(State())
    /// Refills run here, one at a time, below the request threads' priority.
    private let queue = DispatchQueue(label: "casestore.lookup-pins", qos: .utility)

    private struct State {
        var ready: [PreparedLookupPin] = []
        var started = false
        var stopped = false
        /// A refill is queued or running: takes need not queue another.
        var refilling = false
    }

    /// `make` makes one PIN with its hash (the system's by default; tests count the calls).
    public init(capacity: Int = defaultCapacity, make: @escaping @Sendable () -> PreparedLookupPin = PreparedLookupPin.make) {
        precondition(capacity >= 0, "a reserve holds zero or more PINs")
        self.capacity = capacity
        self.make = make
    }

    /// Starts keeping `capacity` PINs ready (the node's start).
    public func start() {
        let schedule = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.started = true
            return claimRefill(&state)
        }
        if schedule { queue.async { self.refill() } }
    }

    /// Stops refilling; a refill under way ends after the PIN it is making. Takes still work.
    public func stop() {
        state.withLock { $0.stopped = true }
    }

    /// A PIN and its hash never handed out before: a ready one, or one made now.
    public func take() -> PreparedLookupPin {
        let (ready, schedule) = state.withLock { state -> (PreparedLookupPin?, Bool) in
            let ready = state.ready.popLast()
            return (ready, claimRefill(&state))
        }
        if schedule { queue.async { self.refill() } }
        return ready ?? make()
    }

    /// PINs ready now.
    public var readyCount: Int { state.withLock { $0.ready.count } }

    /// Whether the caller should queue a refill, marking one queued if so.
    private func claimRefill(_ state: inout State) -> Bool {
        guard state.started, !state.stopped, !state.refilling, state.ready.count < capacity else { return false }
        state.refilling = true
        return true
    }

    /// Makes PINs one at a time, outside the lock, until the reserve is full or stopped.
    private func refill() {
        while true {
            let goOn = state.withLock { state -> Bool in
                let goOn = !state.stopped && state.ready.count < capacity
                if !goOn { state.refilling = false }
                return goOn
            }
            guard goOn else { return }
            let prepared = make()
            state.withLock { $0.ready.append(prepared) }
        }
    }
}
