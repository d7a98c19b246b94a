import CaseCore
import CaseSupport

/// A simulated cluster's root and its nodes' keys and certificates, derived from the
/// run's seed so that a failing seed replays with the same signatures.
public struct SimulatedIdentities: Sendable {
    public static let clusterID = "sim"
    public let root: SigningKey
    private let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        root = Self.key(seed: seed, salt: 0)
    }

    /// The key of node `id`; any id, so a test can also make an impostor's.
    public func key(for id: String) -> SigningKey {
        Self.key(seed: seed, salt: UInt64(truncatingIfNeeded: id.utf8.reduce(5_381) { ($0 &* 33) &+ Int($1) }))
    }

    /// The root's certificate for node `id`'s key, valid across every simulated run.
    public func certificate(for id: String) -> Certificate {
        Certificate.issue(
            CertificateRequest(role: .node, clusterID: Self.clusterID, subject: id, publicKey: key(for: id).publicKey,
                               validFromMs: SimulatedNode.epochMs - 86_400_000, validUntilMs: SimulatedNode.epochMs + 10 * 365 * 86_400_000),
            serial: Array(key(for: id).publicKey.bytes.prefix(Certificate.serialByteCount)), by: root)
    }

    /// How node `id` signs and what it requires of received events.
    public func signing(for id: String) -> EventSigning {
        EventSigning(signer: (id, key(for: id)), trust: .verified(root: root.publicKey, clusterID: Self.clusterID, acceptsUnsigned: false))
    }

    private static func key(seed: UInt64, salt: UInt64) -> SigningKey {
        var random = SplitMix64(seed: seed ^ (salt &* 0x9E37_79B9_7F4A_7C15))
        let bytes = (0..<4).flatMap { _ in withUnsafeBytes(of: random.next().littleEndian) { Array($0) } }
        guard let key = SigningKey(seed: bytes) else { preconditionFailure("32 bytes are always a seed") }
        return key
    }
}
