import CaseCore

/// The node's `ReplicaLog`: the store's, plus what the node must do whenever
/// events from elsewhere are applied (advance its hybrid logical clock past
/// them, count them).
final class ObservedReplicaLog: ReplicaLog, Sendable {
    private let base: any ReplicaLog & Sendable
    private let onApplied: @Sendable ([ChangeEvent]) -> Void

    init(base: any ReplicaLog & Sendable, onApplied: @escaping @Sendable ([ChangeEvent]) -> Void) {
        self.base = base
        self.onApplied = onApplied
    }

    func versionVector() throws -> VersionVector { try base.versionVector() }

    func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] {
        try base.events(missingFrom: vector, maxEvents: maxEvents, maxBytes: maxBytes)
    }

    func apply(_ events: [ChangeEvent]) throws -> [ChangeEvent] {
        let applied = try base.apply(events)
        if !applied.isEmpty { onApplied(applied) }
        return applied
    }

    func event(_ id: EventID) throws -> ChangeEvent? { try base.event(id) }

    func digest() throws -> StateDigest { try base.digest() }
}
