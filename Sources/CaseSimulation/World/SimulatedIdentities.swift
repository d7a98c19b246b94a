import CaseCore
import CaseCrypto
import Synchronization

/// The simulated cluster's root, its nodes' keys and certificates, and one admin key,
/// so that simulated tokens are signed and checked by the same rule as a real node's
/// (`TokenAuthority`).
///
/// Deterministic: each key's seed is the SHA-256 of its name, so every run and every seed
/// sees the same identities. Made once per process and kept: an Ed25519 key and its
/// certificate cost tens of milliseconds in a debug build, more than a seed's other work,
/// and the sweep runs hundreds of seeds. Each certificate is verified once, when made; a
/// simulation starts from a `SignatureChecker` that remembers those verifications.
public enum SimulatedIdentities {
    public static let clusterID = "simulation"
    /// Certificates valid from a day before the simulated epoch (2025-07-01) for ten years.
    static let validFromMs = SimulatedNode.epochMs - 86_400_000
    static let validUntilMs = SimulatedNode.epochMs + 3_650 * 86_400_000
    static let rootKey = key(named: "root")

    /// What every simulated node checks token records against: strict identity mode.
    public static let trust = TokenTrust(root: rootKey.publicKey, clusterID: clusterID, acceptsLegacyRecords: false)

    private struct Made {
        var issuers: [String: TokenIssuer] = [:]
        var checked = SignatureChecker()
    }

    private static let made = Mutex(Made())

    /// The node key of node `id`, with its certificate from the simulated root placing it in
    /// `province` (the same key in every province).
    public static func node(_ id: String, province: ProvinceCode = .unnamed) -> TokenIssuer {
        issuer(subject: id, role: .node, province: province)
    }

    /// The admin key the simulated admins sign admin and monitor tokens with (as casectl does).
    public static var admin: TokenIssuer { issuer(subject: "admin", role: .admin) }

    /// A checker that remembers every certificate made so far (verified once, when made).
    static func checker() -> SignatureChecker {
        made.withLock { $0.checked.copy() }
    }

    private static func issuer(subject: String, role: Certificate.Role, province: ProvinceCode = .unnamed) -> TokenIssuer {
        made.withLock { made in
            let keyName = "\(role) \(subject)"
            let name = province == .unnamed ? keyName : "\(keyName) of \(province)"
            if let known = made.issuers[name] { return known }
            let key = key(named: keyName)
            let request = CertificateRequest(
                role: role, clusterID: clusterID, subject: subject, publicKey: key.publicKey, validFromMs: validFromMs,
                validUntilMs: validUntilMs, province: province)
            let serial = Array(SHA256.hash(Array("casestore simulation serial \(name)".utf8)).prefix(Certificate.serialByteCount))
            let certificate = Certificate.issue(request, serial: serial, by: rootKey)
            do {
                try certificate.verify(root: rootKey.publicKey, clusterID: clusterID, role: role, nowMs: validFromMs, signatures: made.checked)
                let issuer = try TokenIssuer(key: key, certificate: certificate)
                made.issuers[name] = issuer
                return issuer
            } catch {
                preconditionFailure("a simulated certificate of \(name) does not check: \(error)")
            }
        }
    }

    private static func key(named name: String) -> SigningKey {
        guard let key = SigningKey(seed: SHA256.hash(Array("casestore simulation key \(name)".utf8))) else {
            preconditionFailure("a SHA-256 is always an Ed25519 seed")
        }
        return key
    }
}

extension SimulatedIdentities {
    /// The cluster root's public key every simulated node checks certificates against.
    public static var root: SigningPublicKey { rootKey.publicKey }

    /// Node `id`'s key; any id, so a test can also make an impostor's.
    public static func key(for id: String) -> SigningKey { node(id).key }

    /// The root's certificate for node `id`'s key.
    public static func certificate(for id: String, province: ProvinceCode = .unnamed) -> Certificate {
        guard case .certified(let certificate) = node(id, province: province).signer else { preconditionFailure("a node's key is certified") }
        return certificate
    }

    /// How node `id` signs the events it writes and what it requires of received ones:
    /// strict identity mode, as a real node with a root key and no upgrade window.
    public static func eventSigning(for id: String) -> EventSigning {
        EventSigning(signer: (id, key(for: id)), trust: .verified(root: root, clusterID: clusterID, acceptsUnsigned: false))
    }
}
