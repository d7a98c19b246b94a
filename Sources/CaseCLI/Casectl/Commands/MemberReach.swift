/// How a survey (status, lag, watch, dossier --everywhere, verify) reaches one member listed by
/// the node casectl was given.
enum MemberReach {
    /// The given node itself: asked through `--node`, whatever address it advertises.
    case entry
    /// Another member, at the address its node vouches for (or, with
    /// `--trust-advertised-addresses`, at the one it advertises), over a channel the policy allows.
    case client(NodeClient)
    /// Not contacted; shown to the admin as "skipped: <reason>".
    case skipped(String)
}

extension NodeClient {
    /// How to reach `member` of the cluster this node (the given one, `entryID`) described.
    func reach(_ member: ClusterMember, entryID: String, timeoutMs: Int) -> MemberReach {
        if member.id == entryID { return .entry }
        switch policy.route(advertised: member.address, vouched: member.vouched, by: entryID) {
        case .skip(let reason):
            return .skipped(reason)
        case .ask(let url):
            do {
                return .client(try NodeClient(url: url, timeoutMs: timeoutMs, token: token, policy: policy))
            } catch {
                return .skipped("address unusable: \(error)")
            }
        }
    }
}
