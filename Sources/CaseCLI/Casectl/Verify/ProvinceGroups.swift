import CaseCore

/// The members `casectl verify` compares with each other. In a cluster divided into
/// provinces each province's nodes hold their own province's dossiers (docs/provinces.md),
/// so members agree only with the members of their own province: verify compares each
/// province on its own, or only the one `--province` names.
struct ProvinceGroups: Equatable {
    /// The groups to compare, by province code, in code order; one group (code nil) when
    /// the members name at most one province: a cluster without provinces, as before.
    let groups: [Group]

    struct Group: Equatable {
        let province: String?
        let members: [ClusterMember]
    }

    /// The name of the group of members the node asked could not place in a province yet
    /// (it has not seen their certificates): they are compared with nobody, and verify fails.
    static let unplaced = "unplaced"

    /// Groups `members` by the province the asked node places them in; only `province`'s when given.
    static func of(_ members: [ClusterMember], province: ProvinceCode?) throws -> ProvinceGroups {
        if let province {
            try ProvinceOption.requireMembers(in: province, named: Set(members.compactMap(\.province)))
            return ProvinceGroups(groups: [Group(province: province.rawValue, members: members.filter { $0.province == province.rawValue })])
        }
        guard Set(members.compactMap(\.province)).count > 1 else { return ProvinceGroups(groups: [Group(province: nil, members: members)]) }
        let grouped = Dictionary(grouping: members) { $0.province ?? unplaced }
        return ProvinceGroups(groups: grouped.keys.sorted().map { Group(province: $0, members: grouped[$0]!) })
    }

    /// The heading of `province`'s part of the report.
    static func heading(_ province: String) -> String {
        province == unplaced ? "Members the node asked cannot place in a province yet (not compared):" : ProvinceOption.title(province) + ":"
    }
}
