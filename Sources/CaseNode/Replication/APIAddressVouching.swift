import CaseCore
import CaseNet
import CaseReplication

/// Which members' API addresses this node vouches for in `GET /v1/cluster` (`apiVouched`).
///
/// casectl sends an admin's token only to addresses the node it was given vouches for: an
/// address a member merely advertises in gossip can be set by anyone who holds the cluster
/// key, so it could send the token to a machine of the thief's choosing. A node vouches for
/// its own address, which it was configured with, and for a member whose root-signed
/// certificate (held by this node: it came with the member's events or handshake) names
/// the very address the member advertises.
enum APIAddressVouching {
    static func vouches(for member: MemberRecord, selfID: String, certificates: [Certificate]) -> Bool {
        if member.id == selfID { return true }
        guard let advertised = canonical(member.httpAddress) else { return false }
        return certificates.contains { $0.subject == member.id && canonical($0.apiAddress) == advertised }
    }

    /// The address as `HTTPBaseURL` spells it; an advertised "host:port" is plain http.
    static func canonical(_ address: String) -> HTTPBaseURL? {
        guard !address.isEmpty else { return nil }
        let url = address.contains("://") ? address : "http://" + address
        return try? HTTPBaseURL(parsing: url)
    }
}
