/// A host name or address that could not be turned into a socket address,
/// e.g. "cannot resolve 'nodeb.local' port 7400: Name or service not known".
public struct AddressResolutionError: Error, CustomStringConvertible, Equatable, Sendable {
    public let host: String
    public let port: UInt16
    /// The resolver's own words (gai_strerror).
    public let reason: String

    public init(host: String, port: UInt16, reason: String) {
        self.host = host
        self.port = port
        self.reason = reason
    }

    public var description: String {
        "cannot resolve '\(host)' port \(port): \(reason)"
    }
}
