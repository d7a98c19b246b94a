import CaseCore
import CaseReplication

/// The node's `ReplicaLog`: the store's, plus what the node must do before
/// events from elsewhere are applied: advance its hybrid logical clock past
/// them. Before, not after: a clerk's step committed right after the apply must
/// sort after every event it could have read.
final class ObservedReplicaLog: ReplicaLog, Sendable {
    private let base: any ReplicaLog & Sendable
    private let observe: @Sendable (HLCTimestamp) -> Void

    init(base: any ReplicaLog & Sendable, observe: @escaping @Sendable (HLCTimestamp) -> Void) {
        self.base = base
        self.observe = observe
    }

    func versionVector() throws -> VersionVector { try base.versionVector() }

    func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] {
        try base.events(missingFrom: vector, maxEvents: maxEvents, maxBytes: maxBytes)
    }

    func versionVector(servingProvince province: ProvinceCode) throws -> VersionVector {
        try base.versionVector(servingProvince: province)
    }

    func events(missingFrom vector: VersionVector, servingProvince province: ProvinceCode, maxEvents: Int, maxBytes: Int) throws
        -> [ChangeEvent] {
        try base.events(missingFrom: vector, servingProvince: province, maxEvents: maxEvents, maxBytes: maxBytes)
    }

    func apply(_ events: [ChangeEvent], certificates: [Certificate]) throws -> [ChangeEvent] {
        let stored = try base.apply(events, certificates: certificates)
        // Only stored events move the clock: a forged timestamp is not followed.
        if let latest = stored.map(\.timestamp).max() { observe(latest) }
        return stored
    }

    func certificates(of origins: [String]) throws -> [Certificate] { try base.certificates(of: origins) }

    func keep(certificates: [Certificate]) throws { try base.keep(certificates: certificates) }

    var liveStreams: LiveStreamScope? { base.liveStreams }

    func storeDecisions(_ decisions: [MembershipDecision]) throws { try base.storeDecisions(decisions) }

    func decisions() throws -> [MembershipDecision] { try base.decisions() }

    func event(_ id: EventID) throws -> ChangeEvent? { try base.event(id) }

    func digest() throws -> StateDigest { try base.digest() }

    func pendingImports(limit: Int) throws -> [PendingImport] { try base.pendingImports(limit: limit) }

    func history(of code: String, servingProvince province: ProvinceCode, excluding held: [EventID], maxEvents: Int, maxBytes: Int) throws
        -> HistorySlice? {
        try base.history(of: code, servingProvince: province, excluding: held, maxEvents: maxEvents, maxBytes: maxBytes)
    }

    func importHistory(_ events: [ChangeEvent], of code: String, certificates: [Certificate], complete: Bool) throws -> [ChangeEvent] {
        let stored = try base.importHistory(events, of: code, certificates: certificates, complete: complete)
        if let latest = stored.map(\.timestamp).max() { observe(latest) }
        return stored
    }

    func notePendingImport(_ code: String) throws { try base.notePendingImport(code) }

    func sharedDossier(after cursor: String) throws -> PendingImport? { try base.sharedDossier(after: cursor) }

    func importHints(after stored: [ChangeEvent]) throws -> [ImportHint] { try base.importHints(after: stored) }

    func storeProvinceMerges(_ merges: [ProvinceMerge]) throws { try base.storeProvinceMerges(merges) }
}
