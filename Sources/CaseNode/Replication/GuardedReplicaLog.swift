import CaseCore
import CaseReplication

/// The store's `ReplicaLog` behind the node's `StorageGate`: once the database is found
/// damaged, replication neither reads events from it (to ship to peers) nor applies any,
/// and a damaged-file error met here stops the gate for the HTTP API as well.
final class GuardedReplicaLog: ReplicaLog, Sendable {
    private let base: any ReplicaLog & Sendable
    private let gate: StorageGate

    init(base: any ReplicaLog & Sendable, gate: StorageGate) {
        self.base = base
        self.gate = gate
    }

    func versionVector() throws -> VersionVector { try guarded { try base.versionVector() } }

    func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] {
        try guarded { try base.events(missingFrom: vector, maxEvents: maxEvents, maxBytes: maxBytes) }
    }

    func versionVector(servingProvince province: ProvinceCode) throws -> VersionVector {
        try guarded { try base.versionVector(servingProvince: province) }
    }

    func events(missingFrom vector: VersionVector, servingProvince province: ProvinceCode, maxEvents: Int, maxBytes: Int) throws
        -> [ChangeEvent] {
        try guarded { try base.events(missingFrom: vector, servingProvince: province, maxEvents: maxEvents, maxBytes: maxBytes) }
    }

    func apply(_ events: [ChangeEvent], certificates: [Certificate]) throws -> [ChangeEvent] {
        try guarded { try base.apply(events, certificates: certificates) }
    }
    func certificates(of origins: [String]) throws -> [Certificate] { try base.certificates(of: origins) }

    func keep(certificates: [Certificate]) throws { try guarded { try base.keep(certificates: certificates) } }

    var liveStreams: LiveStreamScope? { base.liveStreams }

    func storeDecisions(_ decisions: [MembershipDecision]) throws { try guarded { try base.storeDecisions(decisions) } }

    func decisions() throws -> [MembershipDecision] { try guarded { try base.decisions() } }

    func event(_ id: EventID) throws -> ChangeEvent? { try guarded { try base.event(id) } }

    func digest() throws -> StateDigest { try guarded { try base.digest() } }

    func pendingImports(limit: Int) throws -> [PendingImport] { try guarded { try base.pendingImports(limit: limit) } }

    func history(of code: String, servingProvince province: ProvinceCode, excluding held: [EventID], maxEvents: Int, maxBytes: Int) throws
        -> HistorySlice? {
        try guarded { try base.history(of: code, servingProvince: province, excluding: held, maxEvents: maxEvents, maxBytes: maxBytes) }
    }

    func importHistory(_ events: [ChangeEvent], of code: String, certificates: [Certificate], complete: Bool) throws -> [ChangeEvent] {
        try guarded { try base.importHistory(events, of: code, certificates: certificates, complete: complete) }
    }

    func notePendingImport(_ code: String) throws { try guarded { try base.notePendingImport(code) } }

    func sharedDossier(after cursor: String) throws -> PendingImport? { try guarded { try base.sharedDossier(after: cursor) } }

    func importHints(after stored: [ChangeEvent]) throws -> [ImportHint] { try guarded { try base.importHints(after: stored) } }

    func storeProvinceMerges(_ merges: [ProvinceMerge]) throws { try guarded { try base.storeProvinceMerges(merges) } }

    /// Refuses while the gate is stopped; notes what a failure says about the file.
    /// Other failures (a full disk, a busy lock) pass through unchanged: replication
    /// counts and logs them, and its next pull retries.
    private func guarded<T>(_ body: () throws -> T) throws -> T {
        try gate.checkServing()
        do {
            return try body()
        } catch {
            gate.note(error)
            throw error
        }
    }
}
