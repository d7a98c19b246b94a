import CaseCore
import CaseNet

/// How this node treats API tokens, from its identity (docs/security-api.md):
///
/// - **legacy mode** (no `--root-public-key`): unsigned records, made by any node and
///   trusted because peers hold the cluster key, as before identities;
/// - **identity mode**: signed records checked against the root (`TokenAuthority`); the
///   node signs its own centre's clerk tokens with its node key (`issuer`); unsigned
///   records are honoured and taken from peers only while it accepts legacy peers.
///
/// Local records (the first admin token in identity mode) are honoured in both: they are
/// this node's own and never leave it.
public struct TokenPolicy: Sendable {
    /// What peers' and casectl's records are checked against; nil in legacy mode.
    public let trust: TokenTrust?
    /// The node's key and certificate, which sign its clerk tokens; nil in legacy mode.
    public let issuer: TokenIssuer?

    /// No root key: unsigned records only.
    public static let legacy = TokenPolicy(trust: nil, issuer: nil)

    private init(trust: TokenTrust?, issuer: TokenIssuer?) {
        self.trust = trust
        self.issuer = issuer
    }

    /// The policy of a node with `identity` (nil: legacy mode) in cluster `clusterID`.
    public init(identity: PeerIdentity?, clusterID: String) throws(ValidationIssue) {
        guard let identity else {
            self = .legacy
            return
        }
        trust = TokenTrust(root: identity.root, clusterID: clusterID, acceptsLegacyRecords: identity.acceptsLegacyPeers)
        issuer = try TokenIssuer(key: identity.signingKey, certificate: identity.certificate)
    }

    /// The id of this node, as its certificate names it; nil in legacy mode.
    var nodeID: String? {
        guard case .certified(let certificate)? = issuer?.signer else { return nil }
        return certificate.subject
    }

    /// Whether this node honours (and replicates) `record` in its mode.
    func honours(_ record: TokenRecord) -> Bool {
        switch record.provenance {
        case .local: return true
        case .legacy: return trust?.acceptsLegacyRecords ?? true
        case .signed: return trust != nil
        }
    }

    /// The mode's name, for logs and answers.
    var modeDescription: String {
        guard let trust else { return "legacy mode (no root key: tokens are unsigned and replicated as the cluster key's)" }
        return "identity mode (root \(trust.root.fingerprint)\(trust.acceptsLegacyRecords ? ", still honouring unsigned tokens while legacy peers are accepted" : ""))"
    }
}
