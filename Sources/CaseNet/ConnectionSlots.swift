/// Who holds a listening server's connection slots, and what a new connection gets when
/// they are taken: the rule that keeps strangers from locking out the callers a server
/// knows. Pure; `ConnectionGate` performs its answers.
///
/// Three bounds: all connections, connections not yet authenticated (so the rest stay
/// free for authenticated callers), and connections from one client address. A new
/// connection that would break one is let in by closing an unauthenticated connection,
/// the oldest first: one of its own address when that address is at its bound (so an
/// address flooding the server evicts itself, and an admin sharing the attacker's address
/// still gets in), otherwise one of the address holding the most unauthenticated slots (so
/// a lone newcomer never pushes out another lone caller while a flood is on). Only when
/// every candidate has authenticated is the newcomer refused.
struct ConnectionSlots: Sendable {
    struct Limits: Sendable, Equatable {
        /// All connections at once.
        let maxConnections: Int
        /// Connections that have not authenticated, among them.
        let maxUnauthenticated: Int
        /// Connections from one client address (`TCPConnection.remoteHost`), among them.
        let maxPerAddress: Int

        init(maxConnections: Int, maxUnauthenticated: Int, maxPerAddress: Int) {
            precondition(maxConnections >= 1 && maxUnauthenticated >= 1 && maxPerAddress >= 1,
                         "connection limits must be at least 1")
            precondition(maxUnauthenticated <= maxConnections && maxPerAddress <= maxConnections,
                         "the unauthenticated and per-address limits are parts of maxConnections")
            self.maxConnections = maxConnections
            self.maxUnauthenticated = maxUnauthenticated
            self.maxPerAddress = maxPerAddress
        }
    }

    /// A slot's number; numbers are never reused, so a smaller one is an older connection.
    typealias ID = Int

    /// Why a new connection is turned away.
    enum Refusal: Equatable, Sendable {
        /// Its address holds `maxPerAddress` connections, all authenticated.
        case addressFull
        /// The server holds `maxConnections`, all authenticated.
        case serverFull
    }

    enum Admission: Equatable, Sendable {
        /// Let in as `id`, after closing `evicting` (nil: there was room).
        case admitted(ID, evicting: ID?)
        case refused(Refusal)
    }

    private struct Slot: Sendable {
        let address: String
        var isAuthenticated = false
    }

    let limits: Limits
    private var slots: [ID: Slot] = [:]
    private var nextID: ID = 0
    private var perAddress: [String: Int] = [:]
    private var unauthenticatedPerAddress: [String: Int] = [:]
    private(set) var unauthenticatedCount = 0

    init(limits: Limits) {
        self.limits = limits
    }

    var count: Int { slots.count }

    func contains(_ id: ID) -> Bool { slots[id] != nil }

    func isAuthenticated(_ id: ID) -> Bool { slots[id]?.isAuthenticated == true }

    func count(from address: String) -> Int { perAddress[address] ?? 0 }

    /// Gives a connection from `address` a slot, closing a stranger's if that is what it takes.
    mutating func admit(from address: String) -> Admission {
        let victim: ID?
        if count(from: address) >= limits.maxPerAddress {
            guard let oldest = oldestUnauthenticated(from: address) else { return .refused(.addressFull) }
            victim = oldest
        } else if unauthenticatedCount >= limits.maxUnauthenticated || slots.count >= limits.maxConnections {
            guard let oldest = oldestUnauthenticatedOfBusiestAddress() else { return .refused(.serverFull) }
            victim = oldest
        } else {
            victim = nil
        }
        if let victim { release(victim) }
        let id = nextID
        nextID += 1
        slots[id] = Slot(address: address)
        perAddress[address, default: 0] += 1
        unauthenticatedPerAddress[address, default: 0] += 1
        unauthenticatedCount += 1
        return .admitted(id, evicting: victim)
    }

    /// Records that the connection in `id` has authenticated: it is never closed to make
    /// room. Ignored for a slot already released (the connection was evicted meanwhile).
    mutating func authenticate(_ id: ID) {
        guard var slot = slots[id], !slot.isAuthenticated else { return }
        slot.isAuthenticated = true
        slots[id] = slot
        unauthenticatedCount -= 1
        decrement(&unauthenticatedPerAddress, slot.address)
    }

    /// Frees the slot; false if it was already free (evicted before its connection ended).
    @discardableResult
    mutating func release(_ id: ID) -> Bool {
        guard let slot = slots.removeValue(forKey: id) else { return false }
        decrement(&perAddress, slot.address)
        if !slot.isAuthenticated {
            unauthenticatedCount -= 1
            decrement(&unauthenticatedPerAddress, slot.address)
        }
        return true
    }

    private func oldestUnauthenticated(from address: String) -> ID? {
        slots.lazy.filter { !$0.value.isAuthenticated && $0.value.address == address }.map(\.key).min()
    }

    /// The oldest unauthenticated slot of the address holding the most of them; between
    /// addresses holding equally many, the one whose oldest is oldest, so the answer never
    /// depends on a dictionary's order.
    private func oldestUnauthenticatedOfBusiestAddress() -> ID? {
        guard let most = unauthenticatedPerAddress.values.max(), most > 0 else { return nil }
        let busiest = Set(unauthenticatedPerAddress.filter { $0.value == most }.keys)
        return slots.lazy.filter { !$0.value.isAuthenticated && busiest.contains($0.value.address) }.map(\.key).min()
    }

    private func decrement(_ counts: inout [String: Int], _ address: String) {
        let left = (counts[address] ?? 0) - 1
        precondition(left >= 0, "slot counts went below zero for \(address)")
        counts[address] = left == 0 ? nil : left
    }
}
