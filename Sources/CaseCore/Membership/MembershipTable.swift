/// Every member this node knows of, including itself, with local observations.
struct MembershipTable {
    let selfID: String
    private(set) var views: [String: MemberView] = [:]
    /// Raised whenever a member (self included) becomes retired or stops being retired,
    /// so the runtime can persist the retired set only when it changed.
    private(set) var retiredRevision: UInt64 = 0

    /// A bound on members: all of Vietnam's 3,321 communes fit several times over;
    /// past it, unknown members are ignored rather than growing memory without limit.
    static let maxMembers = 16_384

    init(selfRecord: MemberRecord) {
        selfID = selfRecord.id
        views[selfRecord.id] = MemberView(record: selfRecord)
    }

    var selfRecord: MemberRecord { views[selfID]!.record }

    subscript(id: String) -> MemberView? { views[id] }

    /// Members that take part in the protocol (not dead, not retired), self included: the N of the formulas.
    var participantCount: Int {
        views.values.filter { $0.record.state == .alive || $0.record.state == .suspect }.count
    }

    /// Other members in `states`, sorted by id (deterministic before any shuffling).
    func others(in states: Set<MemberState>) -> [MemberView] {
        views.values.filter { $0.record.id != selfID && states.contains($0.record.state) }.sorted { $0.record.id < $1.record.id }
    }

    /// Whether any other member is in `states`: `!others(in:).isEmpty` without copying and
    /// sorting the table, which every node asks on every tick (it dominated simulations of
    /// a thousand nodes, where the simulator pays it for every node).
    func containsOther(in states: Set<MemberState>) -> Bool {
        views.values.contains { $0.record.id != selfID && states.contains($0.record.state) }
    }

    var allSorted: [MemberView] { views.values.sorted { $0.record.id < $1.record.id } }

    /// Takes in a record heard through gossip; returns it if it changed what this node knows.
    mutating func merge(_ record: MemberRecord, nowMs: Int64) -> MemberRecord? {
        guard record.id != selfID else { return nil }
        guard let known = views[record.id] else {
            guard views.count < Self.maxMembers else { return nil }
            var view = MemberView(record: record)
            if record.state == .suspect { view.suspectSinceMs = nowMs }
            views[record.id] = view
            if record.state == .retired { retiredRevision += 1 }
            return record
        }
        guard known.record.isSuperseded(by: record) else { return nil }
        setRecord(record, nowMs: nowMs)
        return record
    }

    /// Replaces a member's record (a state change decided here, or a refutation of our own).
    mutating func setRecord(_ record: MemberRecord, nowMs: Int64) {
        var view = views[record.id] ?? MemberView(record: record)
        let wasSuspect = view.record.state == .suspect
        let wasRetired = views[record.id]?.record.state == .retired
        if wasRetired != (record.state == .retired) { retiredRevision += 1 }
        view.record = record
        if record.state == .suspect {
            if !wasSuspect || view.suspectSinceMs == nil { view.suspectSinceMs = nowMs }
        } else {
            view.suspectSinceMs = nil
        }
        views[record.id] = view
    }

    /// Every member an admin retired, self included if so, sorted by id.
    var retired: [MemberRecord] {
        views.values.filter { $0.record.state == .retired }.map(\.record).sorted { $0.id < $1.id }
    }

    mutating func noteContact(_ id: String, nowMs: Int64) {
        views[id]?.lastContactMs = nowMs
    }

    mutating func noteVersionVector(_ vector: VersionVector, of id: String) {
        guard var view = views[id] else { return }
        view.versionVector = view.versionVector.map { $0.merged(with: vector) } ?? vector
        views[id] = view
    }
}
