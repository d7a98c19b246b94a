/// The centres a node knows when it decides, and which of them were retired (a commune
/// merger) with the successor that took over: what filing for, transferring to or naming as
/// competent a centre is checked against (docs/admin-retire.md, "Centres that no longer exist").
///
/// A node knows the members of its cluster (itself included; a node without peers knows
/// only itself); the simulator knows its nodes. A retired centre's successor is the one its
/// handover named (`DossierDecisions.handOver` records it in each handover step).
public struct CentreDirectory: Equatable, Sendable {
    public enum Standing: Equatable, Sendable {
        case active
        /// Retired; `successor` when this node knows which centre took over.
        case retired(successor: String?)
    }

    /// nil: the host does not know the cluster's centres (a service without replication in
    /// tests and tools, a node still starting), and only the shape of names is checked.
    public let standings: [String: Standing]?
    /// Each known centre's province (after mergers), on a node divided into provinces; nil
    /// on one that is not, where every centre counts as of one province.
    public let provinces: [String: ProvinceCode]?

    /// Checks nothing beyond a name's shape.
    public static let unchecked = CentreDirectory(standings: nil)

    public init(standings: [String: Standing]?, provinces: [String: ProvinceCode]? = nil) {
        self.standings = standings
        self.provinces = provinces
    }

    /// Whether centres `a` and `b` are of different provinces, as far as this node can tell.
    public func areOfDifferentProvinces(_ a: String, _ b: String) -> Bool {
        guard let provinces, let first = provinces[a], let second = provinces[b] else { return false }
        return first != second
    }

    /// How many known centres a refusal lists: enough to spot a typo, short enough to read.
    public static let maxListed = 10

    /// Refuses (422, nothing changed) a centre that is unknown or retired, naming the
    /// successor where there is one, so the clerk can file or transfer there instead.
    public func check(_ centre: String, field: String) throws(DossierRefusal) {
        guard let standings else { return }
        switch standings[centre] {
        case .active:
            return
        case .retired(let direct):
            let instead = (successor(of: centre) ?? direct).map { "; its successor is \($0): name \($0) instead" }
                ?? "; this node does not know its successor: ask an admin which centre took over"
            throw DossierRefusal(
                .invalid, code: "retired_centre", message: "\(field): centre \(centre) was retired (commune merger)\(instead)")
        case nil:
            let active = standings.filter { $0.value == .active }.keys.sorted()
            let listed = active.prefix(Self.maxListed).joined(separator: ", ") + (active.count > Self.maxListed ? ", …" : "")
            throw DossierRefusal(
                .invalid, code: "unknown_centre",
                message: "\(field): no centre \(centre) is known to this node; the centres it knows: \(listed)")
        }
    }

    /// The successor of retired `centre`, followed through centres that were retired in turn
    /// (a merger of merged communes) to an active one; nil when unknown. Bounded by the
    /// number of centres, so a cycle in bad data cannot loop.
    public func successor(of centre: String) -> String? {
        guard let standings else { return nil }
        var current = centre
        for _ in 0..<standings.count {
            guard case .retired(let next?) = standings[current] else { return nil }
            if standings[next] == .active { return next }
            current = next
        }
        return nil
    }
}
