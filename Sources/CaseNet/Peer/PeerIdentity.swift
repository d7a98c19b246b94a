import CaseCore
import CaseWire

/// Who this node is in the version-3 handshake: its node key, the root's certificate
/// for it, and the root key it checks every peer's certificate against.
///
/// A node without one (no `--root-public-key`) speaks version 2 only, authenticated
/// by the shared cluster key, as before identities: a single node, or a cluster not
/// yet upgraded. With one, it speaks version 3, and version 2 too only while
/// `acceptsLegacyPeers` (the upgrade window, docs/security-peers.md).
public struct PeerIdentity: Sendable {
    public let signingKey: SigningKey
    public let certificate: Certificate
    public let root: SigningPublicKey
    public let acceptsLegacyPeers: Bool
    /// Milliseconds since 1970, for certificates' validity.
    public let nowMs: @Sendable () -> Int64

    public init(signingKey: SigningKey, certificate: Certificate, root: SigningPublicKey, acceptsLegacyPeers: Bool,
                nowMs: @escaping @Sendable () -> Int64) {
        precondition(certificate.publicKey == signingKey.publicKey, "a node's certificate must be for its own key")
        self.signingKey = signingKey
        self.certificate = certificate
        self.root = root
        self.acceptsLegacyPeers = acceptsLegacyPeers
        self.nowMs = nowMs
    }

    /// The peer protocol versions a node with this identity speaks.
    public var supportedVersions: ClosedRange<UInt16> {
        acceptsLegacyPeers ? PeerProtocol.minimumSupportedVersion...PeerProtocol.currentVersion
            : PeerProtocol.identityVersion...PeerProtocol.currentVersion
    }

    /// Throws unless `certificate` is a root-signed node certificate of this cluster,
    /// valid now, naming `claimedNodeID`.
    func check(_ certificate: Certificate, claimedNodeID: String, clusterID: String) throws(CertificateError) {
        try certificate.verify(root: root, clusterID: clusterID, role: .node, nowMs: nowMs())
        guard certificate.subject == claimedNodeID else {
            throw .subjectMismatch(subject: certificate.subject, claimed: claimedNodeID)
        }
    }
}
