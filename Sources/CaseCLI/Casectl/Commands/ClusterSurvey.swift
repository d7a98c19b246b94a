import CaseNet
import CaseSupport

/// What casectl heard when it asked the cluster: the given node's `/v1/cluster`, and each
/// member's own `/v1/cluster` and `/healthz`, fetched at the address the given node vouches for
/// (``MemberReach``); members it may not ask are skipped, not contacted.
///
/// Only facts, no judgement: ``ClusterPicture`` turns a survey into what the views show,
/// so golden tests can start from a survey written by hand.
struct ClusterSurvey: Sendable {
    /// The given node's `GET /v1/cluster` answer.
    var entry: JSONValue
    /// What each member answered, by member id (the given node included).
    var probes: [String: MemberProbe]

    /// Members past this many are listed but not asked. Why 1,024: a province's cluster has a
    /// few hundred communes; a list longer than this is a broken node, and asking each member
    /// costs two requests.
    static let maxProbedMembers = 1_024
    /// A member on a working network answers within milliseconds; three seconds tells a
    /// slow link from a dead one without making `status` wait long for members that are gone.
    static let memberTimeoutMs = 3_000

    /// Asks the given node for its view, then every listed member (in parallel, bounded) for its own.
    /// Throws only when the given node cannot answer; an unreachable member is a fact of the survey.
    static func take(from client: NodeClient) throws -> ClusterSurvey {
        let entry = try client.get("/v1/cluster")
        let entryID = entry["id"]?.stringValue ?? ""
        let members = ClusterMember.listed(in: entry, limit: maxProbedMembers)
        let probes = ParallelProbes.map(count: members.count) { index in
            switch client.reach(members[index], entryID: entryID, timeoutMs: memberTimeoutMs) {
            case .entry: return MemberProbe.asking(client, knownCluster: entry)
            case .client(let member): return MemberProbe.asking(member, knownCluster: nil)
            case .skipped(let reason): return MemberProbe.skipped(reason)
            }
        }
        return ClusterSurvey(
            entry: entry, probes: Dictionary(zip(members.map(\.id), probes), uniquingKeysWith: { first, _ in first }))
    }
}

/// One member's answers to casectl, or why there were none.
struct MemberProbe: Sendable, Equatable {
    /// Its own `GET /v1/cluster`.
    var cluster: JSONValue?
    /// Its `GET /healthz`.
    var health: JSONValue?
    /// Why it did not answer; nil when it answered or was not asked.
    var failure: String?
    /// Why it was not asked (an address its node does not vouch for, or an insecure one).
    var skipped: String? = nil

    var isReachable: Bool { failure == nil && skipped == nil }

    static func unreachable(_ reason: String) -> MemberProbe {
        MemberProbe(cluster: nil, health: nil, failure: reason)
    }

    static func skipped(_ reason: String) -> MemberProbe {
        MemberProbe(cluster: nil, health: nil, failure: nil, skipped: reason)
    }

    /// Asks through `client`; `knownCluster` is its `/v1/cluster` when already fetched.
    static func asking(_ client: NodeClient, knownCluster: JSONValue?) -> MemberProbe {
        do {
            let health = try client.get("/healthz")
            let cluster = try knownCluster ?? client.get("/v1/cluster")
            return MemberProbe(cluster: cluster, health: health, failure: nil)
        } catch {
            return .unreachable("\(error)")
        }
    }
}
