import CaseCore
/// Every member this node knows of, including itself, with local observations.
///
/// Besides the views by id, the table keeps the other members' ids sorted, per
/// state and all together, and the suspects by when they became suspect. Every
/// node asks on every tick how many members are in a state, whether a
/// suspicion timed out, and for random peers; with these indexes each answer
/// is O(1) or O(log N) instead of a scan and sort of the whole table (which
/// made simulating N nodes cost N² per tick).
struct MembershipTable {
    let selfID: String
    private(set) var views: [String: MemberView] = [:]
    /// Raised whenever a member (self included) becomes retired or stops being retired,
    /// so the runtime can persist the retired set only when it changed.
    private(set) var retiredRevision: UInt64 = 0
    /// Raised whenever any record changes, so the member list's digest is recomputed only then.
    private(set) var revision: UInt64 = 0
    /// Other members (not self) by state, each sorted by id.
    private var othersByState: [SortedMemberIDs] = Array(repeating: SortedMemberIDs(), count: MemberState.allCases.count)
    /// Every member, self included, sorted by id.
    private var allIDs = SortedMemberIDs()
    private var suspicions = SuspicionDeadlines()

    /// A bound on members: all of Vietnam's 3,321 communes fit several times over;
    /// past it, unknown members are ignored rather than growing memory without limit.
    static let maxMembers = 16_384

    init(selfRecord: MemberRecord) {
        selfID = selfRecord.id
        views[selfRecord.id] = MemberView(record: selfRecord)
        allIDs.insert(selfRecord.id)
    }

    var selfRecord: MemberRecord { views[selfID]!.record }

    subscript(id: String) -> MemberView? { views[id] }

    /// Members that take part in the protocol (not dead, not retired), self included: the N of the formulas.
    var participantCount: Int {
        let selfTakesPart = selfRecord.state == .alive || selfRecord.state == .suspect
        return otherCount(in: .alive) + otherCount(in: .suspect) + (selfTakesPart ? 1 : 0)
    }

    /// How many other members are in `state`.
    func otherCount(in state: MemberState) -> Int { othersByState[state.severity].count }

    /// The ids of the other members in `state`, sorted.
    func otherIDs(in state: MemberState) -> [String] { othersByState[state.severity].ids }

    /// The ids of the other members in `states`, sorted (one state: no copy; several: a merge).
    func otherIDs(in states: Set<MemberState>) -> [String] {
        let lists = MemberState.allCases.filter(states.contains).map(otherIDs(in:))
        return lists.count == 1 ? lists[0] : SortedMemberIDs.merged(lists)
    }

    /// Other members in `states`, sorted by id (deterministic before any shuffling).
    func others(in states: Set<MemberState>) -> [MemberView] {
        otherIDs(in: states).map { views[$0]! }
    }

    /// Whether any other member is in `states`: `!others(in:).isEmpty` in O(1).
    func containsOther(in states: Set<MemberState>) -> Bool {
        states.contains { otherCount(in: $0) > 0 }
    }

    var allSorted: [MemberView] { allIDs.ids.map { views[$0]! } }

    /// Takes in a record heard through gossip; returns it if it changed what this node knows.
    mutating func merge(_ record: MemberRecord, nowMs: Int64) -> MemberRecord? {
        guard record.id != selfID else { return nil }
        guard let known = views[record.id] else {
            guard views.count < Self.maxMembers else { return nil }
            setRecord(record, nowMs: nowMs)
            return record
        }
        guard known.record.isSuperseded(by: record) else { return nil }
        setRecord(record, nowMs: nowMs)
        return record
    }

    /// Replaces a member's record (a state change decided here, or a refutation of our own).
    mutating func setRecord(_ record: MemberRecord, nowMs: Int64) {
        let previous = views[record.id]
        var view = previous ?? MemberView(record: record)
        let wasSuspect = previous?.record.state == .suspect
        let wasRetired = previous?.record.state == .retired
        if wasRetired != (record.state == .retired) { retiredRevision += 1 }
        revision += 1
        view.record = record
        if record.state == .suspect {
            if !wasSuspect || view.suspectSinceMs == nil { view.suspectSinceMs = nowMs }
        } else {
            view.suspectSinceMs = nil
        }
        views[record.id] = view
        reindex(record.id, from: previous?.record.state, to: view)
    }

    /// Keeps the id lists and suspicion deadlines in step with a changed view.
    private mutating func reindex(_ id: String, from previousState: MemberState?, to view: MemberView) {
        if previousState == nil { allIDs.insert(id) }
        guard id != selfID else { return }
        if previousState != view.record.state {
            if let previousState { othersByState[previousState.severity].remove(id) }
            othersByState[view.record.state.severity].insert(id)
        }
        if previousState != .suspect, let sinceMs = view.suspectSinceMs {
            suspicions.insert(sinceMs: sinceMs, id: id)
            if suspicions.needsRebuild(memberCount: views.count) { rebuildSuspicions() }
        }
    }

    /// When the longest-standing current suspicion began, if any member is suspect.
    mutating func earliestSuspicionMs() -> Int64? {
        while let earliest = suspicions.earliest {
            if let view = views[earliest.id], view.record.state == .suspect, view.suspectSinceMs == earliest.sinceMs {
                return earliest.sinceMs
            }
            suspicions.removeEarliest()
        }
        return nil
    }

    private mutating func rebuildSuspicions() {
        suspicions.removeAll()
        for id in otherIDs(in: .suspect) {
            if let sinceMs = views[id]?.suspectSinceMs { suspicions.insert(sinceMs: sinceMs, id: id) }
        }
    }

    /// Every member an admin retired, self included if so, sorted by id.
    var retired: [MemberRecord] {
        var ids = otherIDs(in: .retired)
        if selfRecord.state == .retired { ids = SortedMemberIDs.merged([ids, [selfID]]) }
        return ids.map { views[$0]!.record }
    }

    mutating func noteContact(_ id: String, nowMs: Int64) {
        views[id]?.lastContactMs = nowMs
    }

    /// Keeps, of every member's noted vector, the keys `holds` accepts (after a merger, the
    /// sparse keys of origins now held densely go: a peer's old claim would count forever).
    mutating func keepVersionVectorKeys(where holds: (String) -> Bool) {
        for (id, view) in views {
            guard let vector = view.versionVector, vector.heads.keys.contains(where: { !holds($0) }) else { continue }
            views[id]?.versionVector = VersionVector(vector.heads.filter { holds($0.key) })
        }
    }

    mutating func noteVersionVector(_ vector: VersionVector, of id: String) {
        guard var view = views[id] else { return }
        view.versionVector = view.versionVector.map { $0.merged(with: vector) } ?? vector
        views[id] = view
    }
}
