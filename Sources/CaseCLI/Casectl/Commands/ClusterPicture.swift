import CaseCore
import CaseSupport
import CaseReplication

/// The cluster as casectl's views show it, worked out from a ``ClusterSurvey``.
///
/// Membership state and last contact are the given node's view (it is the one that runs the
/// failure detector for the admin). Progress is each member's own word when it answered, and
/// otherwise the freshest its peers last heard from it. "Behind" is counted against everything
/// known to exist anywhere (the element-wise maximum of every version vector seen), which is
/// the most advanced node whenever one node holds everything.
///
/// Everything here tolerates a broken or hostile answer: missing fields read as unknown,
/// never as a trap.
struct ClusterPicture: Equatable {
    struct Member: Equatable {
        var id: String
        /// Its display name, from its own answer; nil when it could not be asked.
        var name: String?
        /// Its HTTP address (host:port) as the cluster knows it.
        var address: String
        /// alive, suspect, dead or retired, as the given node sees it.
        var state: String
        /// Whether this is the node casectl asked first (`--node`).
        var isEntry: Bool
        var lastContactAt: String?
        /// Seconds from its last contact to the given node's clock reading.
        var lastContactAgeSeconds: Double?
        /// Why it did not answer; nil when it answered or was skipped.
        var failure: String?
        /// Why casectl did not ask it (see ``MemberReach``); nil when it was asked.
        var skipped: String? = nil
        /// What it holds: its own word when it answered, else what its peers last saw.
        var vector: VersionVector?
        var vectorIsOwn: Bool
        var digest: String?
        var dossierCount: Int64?
        /// Events it lacks of everything known to exist; nil when its progress is unknown.
        var behindEvents: Int64?
        /// How old the oldest event is that it lacks, as its peers that hold it reckon.
        var behindSeconds: Double?

        var isReachable: Bool { failure == nil && skipped == nil }
        var isRetired: Bool { state == "retired" }
    }

    var clusterID: String
    var entryID: String
    /// The given node's clock when it answered (ISO 8601, Vietnam time).
    var at: String?
    var members: [Member]
    /// Everything known to exist: per origin, the highest sequence any vector seen reaches.
    var known: VersionVector

    init(_ survey: ClusterSurvey) {
        let entry = survey.entry
        let entryID = entry["id"]?.stringValue ?? ""
        let at = entry["at"]?.stringValue
        clusterID = entry["clusterId"]?.stringValue ?? ""
        self.entryID = entryID
        self.at = at
        let listed = (entry["members"]?.arrayValue ?? []).filter { $0["id"]?.stringValue != nil }
            .sorted { ($0["id"]?.stringValue ?? "") < ($1["id"]?.stringValue ?? "") }
        // Every answer's view of every member: what the cluster last heard of each one.
        let observers = [entry] + survey.probes.values.compactMap(\.cluster)
        var observed: [String: [JSONValue]] = [:]
        for observer in observers {
            for view in observer["members"]?.arrayValue ?? [] {
                if let id = view["id"]?.stringValue { observed[id, default: []].append(view) }
            }
        }
        let nowMs = at.flatMap(VietnamTime.parseISO8601)?.millisecondsSinceEpoch
        var members = listed.map { view in
            Self.member(view, probe: survey.probes[view["id"]?.stringValue ?? ""], entryID: entryID, nowMs: nowMs,
                        observedBy: observed[view["id"]?.stringValue ?? ""] ?? [])
        }
        let everyVector = members.compactMap(\.vector) + observed.values.joined().compactMap { Self.vector($0["versionVector"]) }
        let known = everyVector.reduce(VersionVector()) { $0.merged(with: $1) }
        self.known = known
        for index in members.indices {
            members[index].behindEvents = members[index].vector?.missingCount(comparedTo: known)
            members[index].behindSeconds = Self.behindSeconds(
                behindEvents: members[index].behindEvents, observedBy: observed[members[index].id] ?? [])
        }
        self.members = members
    }

    /// Members that take part in replication: all but the retired.
    var participants: [Member] { members.filter { !$0.isRetired } }

    /// Why the cluster is not converged; empty when it is: every reachable participant has the
    /// same digest, and no participant lacks an event (or has unknown progress).
    var divergences: [String] {
        var reasons: [String] = []
        let digests = Set(participants.filter(\.isReachable).compactMap(\.digest))
        if digests.count > 1 { reasons.append("\(digests.count) different digests among reachable members") }
        for member in participants {
            switch member.behindEvents {
            case nil: reasons.append("\(member.id)'s progress is unknown")
            case let count? where count > 0: reasons.append("\(member.id) lacks \(count) \(count == 1 ? "event" : "events")")
            default: break
            }
        }
        if !participants.contains(where: \.isReachable) { reasons.append("no member could be reached") }
        return reasons
    }

    var isConverged: Bool { divergences.isEmpty }

    private static func member(_ view: JSONValue, probe: MemberProbe?, entryID: String, nowMs: Int64?, observedBy views: [JSONValue]) -> Member {
        let id = view["id"]?.stringValue ?? ""
        let probe = probe ?? .unreachable("not asked: the member list is longer than \(ClusterSurvey.maxProbedMembers)")
        let own = probe.cluster
        let ownVector = vector(own?["versionVector"])
        let observedVector = views.compactMap { vector($0["versionVector"]) }.reduce(nil) { (merged: VersionVector?, next) in
            merged?.merged(with: next) ?? next
        }
        let lastContactAt = view["lastContactAt"]?.stringValue
        let lastContactMs = lastContactAt.flatMap(VietnamTime.parseISO8601)?.millisecondsSinceEpoch
        return Member(
            id: id,
            name: own?["name"]?.stringValue ?? probe.health?["name"]?.stringValue,
            address: view["httpAddress"]?.stringValue ?? "",
            state: view["state"]?.stringValue ?? "unknown",
            isEntry: id == entryID,
            lastContactAt: lastContactAt,
            lastContactAgeSeconds: nowMs.flatMap { now in
                lastContactMs.map { max(0, Double(Instant(millisecondsSinceEpoch: now).milliseconds(since: Instant(millisecondsSinceEpoch: $0))) / 1_000) }
            },
            failure: probe.failure,
            skipped: probe.skipped,
            vector: ownVector ?? observedVector,
            vectorIsOwn: ownVector != nil,
            digest: own?["digest"]?.stringValue,
            dossierCount: own?["dossierCount"]?.int64Value,
            behindEvents: nil, behindSeconds: nil)
    }

    /// Nothing lacking is 0 s; otherwise the largest age any peer reckons (only peers that
    /// hold what it lacks can date it; its own view of itself says 0).
    private static func behindSeconds(behindEvents: Int64?, observedBy views: [JSONValue]) -> Double? {
        guard let behindEvents else { return nil }
        guard behindEvents > 0 else { return 0 }
        return views.filter { ($0["behindEvents"]?.int64Value ?? 0) > 0 }.compactMap { $0["behindSeconds"]?.doubleValue }
            .filter(\.isFinite).max()
    }

    /// A version vector from JSON, ignoring what no node would send (negative or non-integer heads).
    static func vector(_ json: JSONValue?) -> VersionVector? {
        guard let fields = json?.objectValue else { return nil }
        return VersionVector(fields.compactMapValues { $0.int64Value.flatMap { $0 >= 0 ? $0 : nil } })
    }
}
