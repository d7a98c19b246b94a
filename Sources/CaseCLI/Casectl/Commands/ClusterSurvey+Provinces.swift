import CaseCore
import CaseSupport

/// A survey of a cluster divided into provinces, province by province: each province's
/// nodes hold their own province's dossiers and streams (docs/provinces.md), so digests,
/// version vectors and "behind" compare only within a province.
extension ClusterSurvey {
    /// The provinces the asked node places its members in, in code order; empty when they
    /// name at most one (a cluster of one province, or of nodes that predate provinces).
    var provinces: [String] {
        let named = Set((entry["members"]?.arrayValue ?? []).compactMap { $0["province"]?.stringValue })
        return named.count > 1 ? named.sorted() : []
    }

    /// The survey of `province`'s members alone: the asked node's list and every answer's
    /// view keep only them, and only their answers are kept.
    func restricted(to province: String) -> ClusterSurvey {
        let members = Set((entry["members"]?.arrayValue ?? []).filter { $0["province"]?.stringValue == province }
            .compactMap { $0["id"]?.stringValue })
        return ClusterSurvey(
            entry: Self.keeping(members, in: entry),
            probes: probes.filter { members.contains($0.key) }.mapValues { probe in
                var probe = probe
                probe.cluster = probe.cluster.map { Self.keeping(members, in: $0) }
                return probe
            })
    }

    /// The `--province` option of status and lag, checked against the members the node knows.
    func province(_ text: String?) throws -> String? {
        guard let code = try ProvinceOption.code(text) else { return nil }
        try ProvinceOption.requireMembers(in: code, named: Set((entry["members"]?.arrayValue ?? []).compactMap { $0["province"]?.stringValue }))
        return code.rawValue
    }

    /// `cluster` (a `GET /v1/cluster` answer) listing only the members `ids`.
    private static func keeping(_ ids: Set<String>, in cluster: JSONValue) -> JSONValue {
        guard var object = cluster.objectValue else { return cluster }
        object["members"] = .array((cluster["members"]?.arrayValue ?? []).filter { ids.contains($0["id"]?.stringValue ?? "") })
        return .object(object)
    }
}
