import CaseReplication

/// Which members' API addresses this node vouches for in `GET /v1/cluster` (`apiVouched`).
///
/// casectl sends an admin's token only to addresses the node it was given vouches for: an
/// address a member merely advertises in gossip can be set by anyone who holds the cluster
/// key, so it could send the token to a machine of the thief's choosing. Today a node can
/// vouch only for its own address, which it was configured with. Once node certificates
/// carry the API address, a member whose certificate names the address it advertises is
/// vouched for too: that rule belongs here, and only here.
enum APIAddressVouching {
    static func vouches(for member: MemberRecord, selfID: String) -> Bool {
        member.id == selfID
    }
}
