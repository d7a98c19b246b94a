import CaseSupport

/// A member of the cluster as `GET /v1/cluster` lists it, with where its API is.
struct ClusterMember: Equatable, Sendable {
    let id: String
    /// alive, suspect, dead or retired, as the asked node sees it.
    let state: String
    /// The member's HTTP address (`host:port`) or a base URL.
    let address: String

    /// The most members casectl compares. Why 1,000: a province has a few hundred
    /// commune centres; a longer list is a broken answer, not a cluster.
    static let maxMembers = 1_000

    /// The base URL to talk to it: its address with `http://` unless it already has a scheme.
    var baseURL: String {
        address.contains("://") ? address : "http://\(address)"
    }

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
            guard let id = item["id"]?.stringValue, let address = item["httpAddress"]?.stringValue else {
                throw MalformedDigestAnswer(message: "a member has no id or httpAddress: \(JSONWriter.string(item).prefix(200))")
            }
            return ClusterMember(id: id, state: item["state"]?.stringValue ?? "unknown", address: address)
        }
        return members.sorted { $0.id < $1.id }
    }
}
