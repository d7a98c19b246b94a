import CaseSupport

/// A member of the cluster as `GET /v1/cluster` lists it, with where its API is.
struct ClusterMember: Equatable, Sendable {
    let id: String
    /// alive, suspect, dead or retired, as the asked node sees it.
    let state: String
    /// The member's HTTP address (`host:port`) or a base URL, as it advertises it.
    let address: String
    /// Whether the node that listed it vouches for that address (`apiVouched`): only then may
    /// casectl send it the token (see ``ChannelPolicy``). Absent, as from an older node, is no.
    var vouched = false
    /// The member's province as the asked node places it (`province` in `/v1/cluster`);
    /// nil when it cannot yet, or when the node predates provinces.
    var province: String? = nil

    /// The most members casectl reads from a cluster answer. Why 4,096: the nation's 3,321
    /// commune centres with room for the nodes of a merger or a move; a longer list is a
    /// broken answer, not a cluster.
    static let maxMembers = 4_096

    /// Retired members hand their dossiers over and are no longer expected to hold them all.
    var isCompared: Bool { state != "retired" }

    /// The members of a `GET /v1/cluster` answer, in id order.
    static func members(of cluster: JSONValue) throws -> [ClusterMember] {
        guard let items = cluster["members"]?.arrayValue else {
            throw MalformedDigestAnswer(message: "the cluster answer has no members list")
        }
        guard items.count <= maxMembers else {
            throw MalformedDigestAnswer(message: "the cluster answer lists \(items.count) members; at most \(maxMembers) are compared")
        }
        let members = try items.map { item in
            guard item["id"]?.stringValue != nil, item["httpAddress"]?.stringValue != nil, let member = ClusterMember(item) else {
                throw MalformedDigestAnswer(message: "a member has no id or httpAddress: \(JSONWriter.string(item).prefix(200))")
            }
            return member
        }
        return members.sorted { $0.id < $1.id }
    }

    /// The members a survey asks, in the answer's order: those without an id are left out, a
    /// missing address reads as none, and at most `limit` are taken (a longer list is broken).
    static func listed(in cluster: JSONValue, limit: Int) -> [ClusterMember] {
        Array((cluster["members"]?.arrayValue ?? []).lazy.compactMap(ClusterMember.init).prefix(limit))
    }
}

extension ClusterMember {
    /// One entry of a `members` list; nil without an id.
    init?(_ item: JSONValue) {
        guard let id = item["id"]?.stringValue else { return nil }
        self.init(
            id: id, state: item["state"]?.stringValue ?? "unknown", address: item["httpAddress"]?.stringValue ?? "",
            vouched: item["apiVouched"]?.boolValue == true, province: item["province"]?.stringValue)
    }
}
