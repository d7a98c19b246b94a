import CaseCrypto

/// One API token as the cluster's registry holds it: who it stands for, what it may
/// do, and the SHA-256 of its secret — never the secret itself — and who vouches for
/// it (`provenance`).
///
/// Records replicate between nodes and merge by key (`TokenKey`: the id, and for a
/// signed record its issuer; see `merged(with:)`): the registry is a grow-only set
/// whose revocations are tombstones that win.
public struct TokenRecord: Equatable, Sendable {
    /// Short, public, random: 16 lowercase hex digits. Shown by `casectl token list`
    /// and used to revoke; it is also the first part of the secret's text.
    public var id: String
    /// The person or actor the token stands for, NFC-normalised; every step taken with
    /// the token records it as its actor.
    public var name: String
    public var role: TokenRole
    /// The node id a clerk token acts for; nil for admin and monitor tokens.
    public var centre: String?
    public var createdAtMs: Int64
    /// When an admin revoked it; nil while it is valid.
    public var revokedAtMs: Int64?
    /// SHA-256 of the secret's 32 random bytes.
    public var secretHash: [UInt8]
    /// Who vouches for the record: the cluster key alone (legacy), this node alone
    /// (local), or signatures (signed).
    public var provenance: TokenProvenance

    public init(
        id: String, name: String, role: TokenRole, centre: String?, createdAtMs: Int64, revokedAtMs: Int64? = nil,
        secretHash: [UInt8], provenance: TokenProvenance = .legacy
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.centre = centre
        self.createdAtMs = createdAtMs
        self.revokedAtMs = revokedAtMs
        self.secretHash = secretHash
        self.provenance = provenance
    }

    public var isRevoked: Bool { revokedAtMs != nil }

    /// The key that signed the grant; nil for a legacy or a local record.
    public var issuer: SigningPublicKey? {
        guard case .signed(let grant, _) = provenance else { return nil }
        return grant.signer.publicKey
    }

    /// What the registry keys the record by.
    public var key: TokenKey { TokenKey(id: id, issuer: issuer) }

    /// Throws the first field that breaks the record's rules. Records from peers and from
    /// the database are checked with it, so a bad one is refused rather than half-used.
    public func validate() throws(ValidationIssue) {
        try Self.validateID(id)
        try Self.validateHolder(name: name, role: role, centre: centre)
        guard createdAtMs >= 0 else { throw ValidationIssue(field: "createdAt", message: "must not be before 1970, got \(createdAtMs) ms") }
        if let revokedAtMs, revokedAtMs < 0 {
            throw ValidationIssue(field: "revokedAt", message: "must not be before 1970, got \(revokedAtMs) ms")
        }
        guard secretHash.count == SHA256.digestByteCount else {
            throw ValidationIssue(field: "secretHash", message: "must be \(SHA256.digestByteCount) bytes, got \(secretHash.count)")
        }
        try validateSignatures()
    }

    /// Who the token stands for and what it may do: a valid name, and a centre exactly
    /// for a clerk. Checked before a token is made, so a bad request is refused before
    /// any secret is drawn or anything signed.
    public static func validateHolder(name: String, role: TokenRole, centre: String?) throws(ValidationIssue) {
        try validateName(name)
        switch (role, centre) {
        case (.clerk, nil):
            throw ValidationIssue(field: "centre", message: "a clerk token needs the centre (node id) it acts for")
        case (.clerk, let centre?):
            try NodeName.validate(centre, field: "centre")
        case (_, let centre?):
            throw ValidationIssue(field: "centre", message: "only a clerk token acts for a centre; a \(role.rawValue) token has none, got '\(centre)'")
        case (_, nil):
            break
        }
    }

    /// A signed record's id is the one its issuer's key and secret hash make
    /// (`boundID`), and it carries a revocation signature exactly when it is revoked.
    private func validateSignatures() throws(ValidationIssue) {
        guard case .signed(let grant, let revocation) = provenance else { return }
        guard id == Self.boundID(issuer: grant.signer.publicKey, secretHash: secretHash) else {
            throw ValidationIssue(field: "id", message: "a signed token's id is bound to its issuer's key and secret hash; \(id) is not")
        }
        guard (revocation == nil) == (revokedAtMs == nil) else {
            throw ValidationIssue(field: "revocation", message: "a signed token is revoked exactly when it carries a revocation signature")
        }
    }

    /// 16 lowercase hex digits.
    public static func validateID(_ id: String) throws(ValidationIssue) {
        let digits = id.utf8
        guard digits.count == TokenLimits.idByteCount * 2,
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else {
            throw ValidationIssue(field: "id", message: "a token id is \(TokenLimits.idByteCount * 2) lowercase hex digits, got '\(id.prefix(40))'")
        }
    }

    /// Already normalised (`VietnameseText.normalized`), 1 to 100 characters, no control characters.
    public static func validateName(_ name: String) throws(ValidationIssue) {
        guard !name.isEmpty, name.count <= TokenLimits.maxNameLength, name.utf8.count <= TokenLimits.maxNameBytes else {
            throw ValidationIssue(field: "name", message: "must be 1 to \(TokenLimits.maxNameLength) characters, got \(name.count)")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationIssue(field: "name", message: "must not contain control characters")
        }
        guard VietnameseText.normalized(name).unicodeScalars.elementsEqual(name.unicodeScalars) else {
            throw ValidationIssue(field: "name", message: "must be NFC-normalised with single spaces and no leading or trailing space")
        }
    }

    /// The record both `self` and `other` (same key) become. Every rule is commutative,
    /// associative and idempotent, so every node converges on the same record whatever
    /// order records arrive in.
    ///
    /// - Legacy records: a revocation wins (the earlier one if both were revoked); if
    ///   the two disagree on anything else the one with the smaller encoding wins. Any
    ///   cluster key holder can make such a clash: that is why identity mode refuses them.
    /// - Signed records: only the issuer can make a record of its key (`TokenKey`), so
    ///   only it can make a clash. The grant of the earlier `createdAtMs` wins (then the
    ///   smaller encoding): the same order the per-issuer bound keeps records in
    ///   (`TokenSet`), so a clash never moves a record out of it. A revocation wins; of
    ///   two, the earlier (then the smaller signature encoding).
    public func merged(with other: TokenRecord) -> TokenRecord {
        precondition(key == other.key, "only records of one token merge: \(key) vs \(other.key)")
        switch (provenance, other.provenance) {
        case (.signed(_, let mine), .signed(_, let theirs)):
            var base = precedesInIssuerOrder(other) ? self : other
            let revocation = Self.earlierRevocation((revokedAtMs, mine), (other.revokedAtMs, theirs))
            base.revokedAtMs = revocation.atMs
            if case .signed(let grant, _) = base.provenance { base.provenance = .signed(grant: grant, revocation: revocation.signature) }
            return base
        default:
            return mergedLegacy(with: other)
        }
    }

    /// Whether this record comes before `other` of the same issuer in the order the
    /// per-issuer bound keeps: older first, then by id, then by the grant's encoding.
    /// Only grant fields count, never the revocation, so revoking a record never moves it
    /// out of its issuer's bound (a dropped revocation could come back alive).
    public func precedesInIssuerOrder(_ other: TokenRecord) -> Bool {
        if createdAtMs != other.createdAtMs { return createdAtMs < other.createdAtMs }
        if id != other.id { return id < other.id }
        return grantBytes.lexicographicallyPrecedes(other.grantBytes)
    }

    private static func earlierRevocation(
        _ mine: (atMs: Int64?, signature: TokenSignature?), _ theirs: (atMs: Int64?, signature: TokenSignature?)
    ) -> (atMs: Int64?, signature: TokenSignature?) {
        switch (mine.atMs, theirs.atMs) {
        case (nil, _): return theirs
        case (_, nil): return mine
        case let (left?, right?):
            if left != right { return left < right ? mine : theirs }
            let leftBytes = mine.signature?.encoded ?? [], rightBytes = theirs.signature?.encoded ?? []
            return rightBytes.lexicographicallyPrecedes(leftBytes) ? theirs : mine
        }
    }

    private func mergedLegacy(with other: TokenRecord) -> TokenRecord {
        var base = identityBytes.lexicographicallyPrecedes(other.identityBytes) ? self : other
        switch (revokedAtMs, other.revokedAtMs) {
        case let (mine?, theirs?): base.revokedAtMs = min(mine, theirs)
        case let (mine?, nil): base.revokedAtMs = mine
        case let (nil, theirs?): base.revokedAtMs = theirs
        case (nil, nil): base.revokedAtMs = nil
        }
        return base
    }

    /// The encoding without the revocation: what two records of one token must agree on.
    private var identityBytes: [UInt8] {
        var copy = self
        copy.revokedAtMs = nil
        return copy.wireBytes
    }
}

/// Who vouches for a token record.
public enum TokenProvenance: Equatable, Sendable {
    /// Made before node identities, or in a cluster without a root key: anyone holding
    /// the cluster key could have made it. Honoured only while the cluster key admits
    /// peers (no root key, or `--accept-legacy-peers`).
    case legacy
    /// A node's own first admin token in a cluster with a root key: honoured at that
    /// node only, never sent to a peer.
    case local
    /// Signed: the grant by its issuer, and a revocation once revoked
    /// (who may sign what: `TokenAuthority`).
    case signed(grant: TokenSignature, revocation: TokenSignature?)

    /// The word the API, the database and casectl use.
    public var name: String {
        switch self {
        case .legacy: return "legacy"
        case .local: return "local"
        case .signed: return "signed"
        }
    }
}

/// What the registry keys a record by: its id and, for a signed record, the key that
/// issued it. A signed record's id is derived from its issuer's key (`boundID`), so no
/// other issuer can make a record of the same key: a clash is the issuer's own doing.
public struct TokenKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let id: String
    /// The issuer's public key; empty for a legacy record.
    public let issuer: [UInt8]

    public init(id: String, issuer: SigningPublicKey?) {
        self.id = id
        self.issuer = issuer?.bytes ?? []
    }

    public static func < (left: TokenKey, right: TokenKey) -> Bool {
        left.id != right.id ? left.id < right.id : left.issuer.lexicographicallyPrecedes(right.issuer)
    }

    public var description: String {
        issuer.isEmpty ? id : "\(id) of \(SigningPublicKey(bytes: issuer)?.fingerprint ?? "?")"
    }
}
