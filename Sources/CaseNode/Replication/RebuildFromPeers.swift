import CaseStorage

/// Measures a rebuilding node's progress from what replication knows: the version
/// vectors peers reported (as `GET /v1/cluster` shows them) against what this node holds.
final class RebuildFromPeers: RebuildMonitor {
    private let selfID: String
    private let agency: String
    private let store: CaseStore
    private let replication: ReplicationRuntime

    init(selfID: String, agency: String, store: CaseStore, replication: ReplicationRuntime) {
        self.selfID = selfID
        self.agency = agency
        self.store = store
        self.replication = replication
    }

    func progress() throws -> RebuildProgress {
        let snapshot = try replication.snapshot()
        let peers = snapshot.members.map(\.view).filter { $0.record.id != selfID }
        let alive = peers.filter { $0.record.state == .alive }
        // Every peer's report counts for the own-origin high-water mark, dead ones included:
        // what a peer once held of this node's events, this node must not number again.
        let ownKnown = peers.compactMap { $0.versionVector?[selfID] }.max() ?? 0
        return RebuildProgress(
            heldEvents: snapshot.versionVector.total, knownEvents: snapshot.knownVersionVector.total,
            ownHeld: snapshot.versionVector[selfID], ownKnown: ownKnown,
            peersHeard: alive.filter { $0.versionVector != nil }.count, peersAlive: alive.count)
    }

    func finish() throws {
        try store.write { writer in
            try writer.reseedDailySequences(agency: agency)
            try writer.removeMeta(NodeDatabase.rebuildMetaKey)
        }
    }
}
