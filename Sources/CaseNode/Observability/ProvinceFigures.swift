import CaseCore
import CaseReplication

/// What /metrics says about each province on a node of a cluster divided into provinces
/// (docs/provinces.md): the members it places in each, by state, and the events it holds
/// of each province's centres.
///
/// Every figure is keyed by province code, never by node: a code is one of the 34
/// provinces or `00` (`ProvinceCode` accepts nothing else), so a fleet of 3,321 nodes
/// gives each node at most 35 series per figure, where a label per member would give
/// thousands on every node and grow with every centre that joins.
public struct ProvinceFigures: Equatable, Sendable {
    /// This node's province.
    public let own: ProvinceCode
    /// The members this node places in each province, by state. Every province this node
    /// knows a centre of has every state, zeros included: a province whose members all
    /// died shows `alive` 0 rather than vanishing.
    public let members: [ProvinceCode: [MemberState: Int]]
    /// Members this node cannot place yet (it has not seen their certificate).
    public let unplacedMembers: Int
    /// The events held here of the centres of each province: for its own, every event
    /// (the dense streams); for another, the events shared with this node's province (the
    /// sparse streams). An origin not placed yet is in none (`casestore_events` counts it).
    public let events: [ProvinceCode: Int64]

    /// Nil for a node without provinces (`StreamScope.single`): its /metrics stays as before.
    public init?(scope: StreamScope, members records: [MemberRecord], eventsByOrigin: [String: Int64]) {
        guard let province = scope.province else { return nil }
        // Its province now: a province merged into another holds that one's streams.
        own = scope.directory.resolve(province)
        (members, unplacedMembers) = Self.members(records, scope: scope, own: own)
        events = eventsByOrigin.reduce(into: [:]) { events, origin in
            if let province = scope.province(ofNode: origin.key) { events[province, default: 0] += origin.value }
        }
    }

    /// The placed members by province and state, zeros for every province `scope` knows a
    /// centre of, and how many `scope` cannot place.
    private static func members(
        _ records: [MemberRecord], scope: StreamScope, own: ProvinceCode
    ) -> (placed: [ProvinceCode: [MemberState: Int]], unplaced: Int) {
        // The directory only ever places more centres, so a province once shown stays shown.
        let known = Set(scope.directory.certifiedProvinces.values.map(scope.directory.resolve)).union([own])
        let none = Dictionary(uniqueKeysWithValues: MemberState.allCases.map { ($0, 0) })
        var placed = Dictionary(uniqueKeysWithValues: known.map { ($0, none) })
        var unplaced = 0
        for record in records {
            guard let province = scope.province(ofNode: record.id) else { unplaced += 1; continue }
            placed[province, default: none][record.state, default: 0] += 1
        }
        return (placed, unplaced)
    }

    /// `dense` for this node's own province, whose every event it holds; `sparse` for another.
    public func stream(of province: ProvinceCode) -> String {
        province == own ? "dense" : "sparse"
    }
}
