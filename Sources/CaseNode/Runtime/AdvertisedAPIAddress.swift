import CaseNet

/// The API address a node tells other nodes and admins (`--advertise-http`): `host:port` for
/// the node's own plain HTTP, or `https://host[:port]` for the TLS reverse proxy in front of
/// it. casectl sends a token in clear only to loopback, so a member reached over a network
/// must advertise the https URL of its proxy for a survey to ask it.
enum AdvertisedAPIAddress {
    /// The address as the node advertises it: "host:port" for plain http (given so, or as
    /// an http:// URL), "https://host:port" with the port written out.
    static func parse(_ text: String, setting: String) throws(ConfigurationError) -> String {
        guard text.contains("://") else {
            return try ListenAddress(parsing: text, setting: setting).description
        }
        let url: HTTPBaseURL
        do {
            url = try HTTPBaseURL(parsing: text)
        } catch {
            throw ConfigurationError("\(setting): expected host:port or https://host[:port], got '\(text)' (\(error))")
        }
        return url.scheme == .https ? url.description : url.address
    }
}
