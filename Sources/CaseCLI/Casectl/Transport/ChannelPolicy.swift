import CaseNet

/// Where casectl may send the API token: the rule, once, and the command line's two
/// exceptions to it (`--insecure-http`, `--trust-advertised-addresses`), both off by default.
///
/// A token is a password: whoever reads it acts as its owner (an admin token is everything).
/// So it travels only over https, or over plain http to this machine (loopback), and a
/// survey sends it only to members whose API address the asked node vouches for — not to an
/// address a member merely claims for itself in gossip, which anyone holding the cluster
/// key could set to a machine of their own.
struct ChannelPolicy: Sendable, Equatable {
    /// `--insecure-http`: plain http to other machines too (a trusted network only).
    var allowsPlainHTTP = false
    /// `--trust-advertised-addresses`: ask members at addresses their node does not vouch for.
    var trustsAdvertisedAddresses = false

    /// nil when a request carrying a token may go to `url`; otherwise why not, and what to do.
    func tokenRefusal(for url: HTTPBaseURL) -> String? {
        guard url.scheme == .http, !url.isLoopback, !allowsPlainHTTP else { return nil }
        return "will not send the API token in clear to \(url.address) over plain http: anyone on the way could read it "
            + "and act with it. Use https:// (TLS at a reverse proxy in front of the node, see docs/security-api.md), "
            + "or add --insecure-http if every network between here and the node is trusted"
    }

    /// Where a survey may ask a member other than the node casectl was given, from what that
    /// node says of it: its advertised API address and whether it vouches for that address.
    func route(advertised address: String, vouched: Bool, by entryID: String) -> MemberRoute {
        guard vouched || trustsAdvertisedAddresses else {
            return .skip("address not vouched by \(entryID) (--trust-advertised-addresses asks it anyway)")
        }
        let url: HTTPBaseURL
        do {
            url = try Self.memberURL(address)
        } catch {
            return .skip("address unusable: \(error)")
        }
        guard tokenRefusal(for: url) == nil else {
            return .skip("insecure: plain http to \(url.address), not loopback (--insecure-http allows it)")
        }
        return .ask(url)
    }

    /// A member's advertised API address as a URL: `host:port` is plain http (what nodes
    /// advertise by default), a full `https://…` URL is taken as it is.
    static func memberURL(_ address: String) throws(HTTPClientError) -> HTTPBaseURL {
        guard !address.isEmpty else { throw .invalidBaseURL(address, reason: "the member advertises no API address") }
        return try HTTPBaseURL(parsing: address.contains("://") ? address : "http://\(address)")
    }
}

/// How a survey reaches one member other than the asked node.
enum MemberRoute: Equatable {
    case ask(HTTPBaseURL)
    /// Not contacted, and why: shown to the admin as "skipped: <reason>".
    case skip(String)
}
