import CaseCore
import CaseWire

/// A `TCPPeerTransport` set up with an identity the protocol cannot carry,
/// e.g. "node id \"Node A\" is not valid: use 1 to 64 of a-z, 0-9, '-', '_', '.'".
public struct PeerTransportConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// Checks the ids the transport announces in every hello, so that a
    /// misconfigured node fails at start instead of being refused by every peer.
    static func validate(nodeID: String, clusterID: String) throws(PeerTransportConfigurationError) {
        guard NodeName.isValid(nodeID) else {
            throw PeerTransportConfigurationError(
                "node id \(String(reflecting: nodeID)) is not valid: use 1 to \(NodeName.maxLength) of a-z, 0-9, '-', '_', '.', starting with a letter or digit")
        }
        let clusterBytes = clusterID.utf8.count
        guard clusterBytes >= 1 && clusterBytes <= PeerMessageCodecLimits.maxClusterIDBytes else {
            throw PeerTransportConfigurationError(
                "cluster id is \(clusterBytes) bytes: it must be 1 to \(PeerMessageCodecLimits.maxClusterIDBytes) bytes")
        }
    }
}
