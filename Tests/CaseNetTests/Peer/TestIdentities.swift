import CaseCore
@testable import CaseNet

/// A cluster root and certified node keys for version-3 handshake tests. Fixed seeds,
/// so every run signs the same bytes; certificates valid from 2026 to 2036.
enum TestIdentities {
    static let root = SigningKey(seed: [UInt8](repeating: 0xA0, count: 32))!
    static let otherRoot = SigningKey(seed: [UInt8](repeating: 0xA1, count: 32))!
    static let validFromMs: Int64 = 1_767_225_600_000
    static let validUntilMs: Int64 = 2_082_758_400_000
    static let nowMs: Int64 = 1_796_000_000_000

    /// A node key derived from its id, so each test node has its own.
    static func key(_ nodeID: String) -> SigningKey {
        var seed = [UInt8](repeating: 0x5A, count: 32)
        for (index, byte) in nodeID.utf8.enumerated() where index < 32 { seed[index] = byte }
        return SigningKey(seed: seed)!
    }

    static func certificate(
        for nodeID: String, key: SigningKey? = nil, cluster: String = "casestore", by signer: SigningKey = root,
        validUntilMs: Int64 = validUntilMs
    ) -> Certificate {
        let request = CertificateRequest(role: .node, clusterID: cluster, subject: nodeID, publicKey: (key ?? self.key(nodeID)).publicKey,
                                         validFromMs: validFromMs, validUntilMs: validUntilMs)
        return Certificate.issue(request, serial: [UInt8](repeating: 7, count: Certificate.serialByteCount), by: signer)
    }

    /// The identity of node `nodeID`: its own key and certificate, unless a test hands
    /// it someone else's (a stolen certificate, another root's).
    static func identity(
        _ nodeID: String, certificate: Certificate? = nil, key: SigningKey? = nil, acceptsLegacyPeers: Bool = false,
        nowMs: Int64 = nowMs
    ) -> PeerIdentity {
        let key = key ?? self.key(nodeID)
        return PeerIdentity(
            signingKey: key, certificate: certificate ?? self.certificate(for: nodeID, key: key), root: root.publicKey,
            acceptsLegacyPeers: acceptsLegacyPeers, nowMs: { nowMs })
    }
}
