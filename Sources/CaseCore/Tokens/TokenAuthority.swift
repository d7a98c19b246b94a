/// What a node trusts token records by: the cluster's root key and id, and whether the
/// shared cluster key still vouches for unsigned (legacy) records.
public struct TokenTrust: Equatable, Sendable {
    public let root: SigningPublicKey
    public let clusterID: String
    /// True during an upgrade to identities (`--accept-legacy-peers`): peers admitted by
    /// the cluster key alone are members, so their unsigned records are honoured as before.
    public let acceptsLegacyRecords: Bool

    public init(root: SigningPublicKey, clusterID: String, acceptsLegacyRecords: Bool) {
        self.root = root
        self.clusterID = clusterID
        self.acceptsLegacyRecords = acceptsLegacyRecords
    }
}

/// Who may vouch for which token record: the one rule, used by the node when it mints
/// and when it takes a record from a peer or from casectl, by the replication core, and
/// by the simulator's nodes, which run the same core.
///
/// - A **clerk** token of centre C: signed by the node key of the node whose
///   certificate names C. A node mints tokens only for its own centre's clerks, so a
///   stolen node key makes clerks of that centre and nothing else.
/// - An **admin** or **monitor** token: signed by the root, or by an admin key the
///   root certified (`Certificate.Role.admin`). No node key can make one.
/// - A **revocation**: signed by the token's issuer, or by the root or an admin key.
///
/// Every certificate is checked against the root at the time the record names (its
/// creation, or its revocation), not at the time a node happens to receive it, so every
/// node decides alike and the registry converges.
public enum TokenAuthority {
    /// The authority a signature carries.
    public enum Voucher: Equatable, Sendable, CustomStringConvertible {
        case root
        /// An admin key the root certified, by the certificate's subject.
        case admin(String)
        /// A node key the root certified, by the node id its certificate names.
        case node(String)

        public var description: String {
            switch self {
            case .root: return "the cluster root"
            case .admin(let subject): return "admin key \(subject)"
            case .node(let subject): return "the node key of \(subject)"
            }
        }
    }

    /// Throws unless `voucher` may grant a token of `role` (for `centre`, a clerk's).
    public static func mayGrant(_ role: TokenRole, centre: String?, by voucher: Voucher) throws(TokenAuthorityRefusal) {
        switch (role, voucher) {
        case (.clerk, .node(let subject)) where subject == centre:
            return
        case (.clerk, _):
            throw .notAllowed("a clerk token of centre \(centre ?? "?") is signed by the node key of \(centre ?? "?") only, not by \(voucher): a node mints tokens for its own centre's clerks")
        case (.admin, .root), (.admin, .admin), (.monitor, .root), (.monitor, .admin):
            return
        case (.admin, .node), (.monitor, .node):
            throw .notAllowed("an \(role.rawValue) token needs the signature of the cluster root or of an admin key the root certified, not \(voucher): a node key signs only its own centre's clerk tokens")
        }
    }

    /// Throws unless the key `revoker` (with the authority `voucher`) may revoke a token
    /// that `issuer` signed: the issuer itself, the root, or an admin key.
    public static func mayRevoke(issuedBy issuer: SigningPublicKey, revoker: SigningPublicKey, voucher: Voucher) throws(TokenAuthorityRefusal) {
        guard revoker != issuer else { return }
        if case .node = voucher {
            throw .notAllowed("\(voucher) may revoke only tokens it issued; this one was issued by key \(issuer.fingerprint): revoke it with an admin key or at its issuer")
        }
    }

    /// Throws unless `record`, arriving from outside this node (a peer, or casectl
    /// through the API), may enter its registry under `trust` (nil: no root key). The
    /// parts of it equal to `held` (the record of the same key this node holds) were
    /// checked when they arrived and are not checked again.
    public static func check(
        _ record: TokenRecord, held: TokenRecord?, trust: TokenTrust?, signatures: SignatureChecker
    ) throws(TokenAuthorityRefusal) {
        switch record.provenance {
        case .local:
            throw .wrongMode("token \(record.id) is local to the node that made it and is never accepted from elsewhere")
        case .legacy:
            guard let trust, !trust.acceptsLegacyRecords else { return }
            throw .wrongMode("token \(record.id) is unsigned: with a cluster root key only signed token records are accepted (unsigned ones only during an upgrade, with --accept-legacy-peers)")
        case .signed(let grant, let revocation):
            guard let trust else {
                throw .wrongMode("token \(record.id) is signed, and this node has no root key (--root-public-key) to check its signature against")
            }
            if held?.grantBytes != record.grantBytes {
                try checkGrant(record, grant, trust: trust, signatures: signatures)
            }
            if let revocation, let revokedAtMs = record.revokedAtMs, !holdsRevocation(held, revocation, atMs: revokedAtMs) {
                try checkRevocation(of: record, revocation, atMs: revokedAtMs, trust: trust, signatures: signatures)
            }
        }
    }

    /// The authority of `signer` at `atMs`: the root itself, or a key with a certificate
    /// from the root for this cluster, valid then.
    public static func voucher(
        of signer: TokenSignature.Signer, atMs: Int64, trust: TokenTrust, signatures: SignatureChecker
    ) throws(TokenAuthorityRefusal) -> Voucher {
        switch signer {
        case .root(let key):
            guard key == trust.root else {
                throw .badSignature("signed by root key \(key.fingerprint), which is not this cluster's root \(trust.root.fingerprint)")
            }
            return .root
        case .certified(let certificate):
            do {
                try certificate.verify(root: trust.root, clusterID: trust.clusterID, role: certificate.role, nowMs: atMs, signatures: signatures)
            } catch {
                throw .badSignature("the signer's certificate is not accepted: \(error)")
            }
            return certificate.role == .node ? .node(certificate.subject) : .admin(certificate.subject)
        }
    }

    private static func checkGrant(
        _ record: TokenRecord, _ grant: TokenSignature, trust: TokenTrust, signatures: SignatureChecker
    ) throws(TokenAuthorityRefusal) {
        let voucher = try voucher(of: grant.signer, atMs: record.createdAtMs, trust: trust, signatures: signatures)
        try mayGrant(record.role, centre: record.centre, by: voucher)
        guard signatures.isValid(grant.signature, of: record.grantMessage(clusterID: trust.clusterID), by: grant.signer.publicKey) else {
            throw .badSignature("the grant of token \(record.id) is not signed by \(voucher) (altered after signing, or signed for another cluster)")
        }
    }

    private static func checkRevocation(
        of record: TokenRecord, _ revocation: TokenSignature, atMs revokedAtMs: Int64, trust: TokenTrust, signatures: SignatureChecker
    ) throws(TokenAuthorityRefusal) {
        guard let issuer = record.issuer else { return }
        let voucher = try voucher(of: revocation.signer, atMs: revokedAtMs, trust: trust, signatures: signatures)
        try mayRevoke(issuedBy: issuer, revoker: revocation.signer.publicKey, voucher: voucher)
        let message = TokenRecord.revocationMessage(clusterID: trust.clusterID, issuer: issuer, id: record.id, revokedAtMs: revokedAtMs)
        guard signatures.isValid(revocation.signature, of: message, by: revocation.signer.publicKey) else {
            throw .badSignature("the revocation of token \(record.id) is not signed by \(voucher) (altered after signing, or signed for another cluster)")
        }
    }

    private static func holdsRevocation(_ held: TokenRecord?, _ revocation: TokenSignature, atMs: Int64) -> Bool {
        guard let held, case .signed(_, let heldRevocation) = held.provenance else { return false }
        return heldRevocation == revocation && held.revokedAtMs == atMs
    }
}

/// Why a token record may not enter a registry (nothing of it was taken).
public struct TokenAuthorityRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The signer may not vouch for this (a node for another centre, a node for an admin).
        case notAllowed
        /// A signature or certificate does not verify under this cluster's root.
        case badSignature
        /// The record's kind does not fit the node's mode (unsigned in identity mode, signed without a root key).
        case wrongMode
    }

    public let kind: Kind
    public let reason: String

    public static func notAllowed(_ reason: String) -> Self { Self(kind: .notAllowed, reason: reason) }
    public static func badSignature(_ reason: String) -> Self { Self(kind: .badSignature, reason: reason) }
    public static func wrongMode(_ reason: String) -> Self { Self(kind: .wrongMode, reason: reason) }

    public var description: String { reason }
}
