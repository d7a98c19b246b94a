import CaseCore
import CaseReplication

/// The cluster as one node sees it, for `GET /v1/cluster`, metrics and casectl.
public struct ClusterSnapshot: Sendable {
    public struct Member: Sendable {
        public var view: MemberView
        /// Events this member lacks compared with everything known to exist (nil: its vector is unknown).
        public var behindEvents: Int64?
        /// Age of the oldest event it lacks that this node holds (0 when it lacks nothing).
        public var behindSeconds: Double?
        /// Whether this node vouches for the member's API address (`apiVouched`, see ``APIAddressVouching``).
        public var apiVouched = false
    }

    public var selfID: String
    public var versionVector: VersionVector
    public var digest: StateDigest
    public var members: [Member]
    /// Everything any member is known to hold.
    public var knownVersionVector: VersionVector
    /// When the snapshot was taken (this node's wall clock, ms).
    public var takenAtMs: Int64

    /// Whether this node holds every event known to exist.
    public var isCaughtUp: Bool { versionVector.covers(knownVersionVector) }

    init(selfID: String, members views: [MemberView], log: any ReplicaLog, nowMs: Int64) throws {
        let mine = try log.versionVector()
        self.selfID = selfID
        takenAtMs = nowMs
        versionVector = mine
        digest = try log.digest()
        let known = views.compactMap(\.versionVector).reduce(mine) { $0.merged(with: $1) }
        knownVersionVector = known
        members = try views.map { view in
            let certificates = (try? log.certificates(of: [view.record.id])) ?? []
            let vouched = APIAddressVouching.vouches(for: view.record, selfID: selfID, certificates: certificates)
            let vector = view.record.id == selfID ? mine : view.versionVector
            guard let vector else { return Member(view: view, behindEvents: nil, behindSeconds: nil, apiVouched: vouched) }
            return Member(
                view: view, behindEvents: vector.missingCount(comparedTo: known),
                behindSeconds: try Self.lagSeconds(of: vector, known: known, log: log, nowMs: nowMs), apiVouched: vouched)
        }
    }

    /// How old the oldest event is that `vector` lacks, among those this node holds.
    private static func lagSeconds(of vector: VersionVector, known: VersionVector, log: any ReplicaLog, nowMs: Int64) throws -> Double {
        var oldestMs: Int64?
        for lack in vector.lacks(comparedTo: known) {
            guard let event = try log.event(EventID(origin: lack.origin, sequence: lack.after + 1)) else { continue }
            oldestMs = min(oldestMs ?? Int64.max, event.timestamp.physicalMs)
        }
        return oldestMs.map { max(0, Double(nowMs - $0) / 1_000) } ?? 0
    }
}
