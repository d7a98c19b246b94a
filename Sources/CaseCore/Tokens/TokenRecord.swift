import CaseCrypto

/// One API token as the cluster's registry holds it: who it stands for, what it may
/// do, and the SHA-256 of its secret — never the secret itself.
///
/// Records replicate between nodes and merge by id (see `merged(with:)`): the registry
/// is a grow-only set whose revocations are tombstones that win.
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

    public init(
        id: String, name: String, role: TokenRole, centre: String?, createdAtMs: Int64, revokedAtMs: Int64? = nil,
        secretHash: [UInt8]
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.centre = centre
        self.createdAtMs = createdAtMs
        self.revokedAtMs = revokedAtMs
        self.secretHash = secretHash
    }

    public var isRevoked: Bool { revokedAtMs != nil }

    /// Throws the first field that breaks the record's rules. Records from peers and from
    /// the database are checked with it, so a bad one is refused rather than half-used.
    public func validate() throws(ValidationIssue) {
        try Self.validateID(id)
        try Self.validateName(name)
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
        guard createdAtMs >= 0 else { throw ValidationIssue(field: "createdAt", message: "must not be before 1970, got \(createdAtMs) ms") }
        if let revokedAtMs, revokedAtMs < 0 {
            throw ValidationIssue(field: "revokedAt", message: "must not be before 1970, got \(revokedAtMs) ms")
        }
        guard secretHash.count == SHA256.digestByteCount else {
            throw ValidationIssue(field: "secretHash", message: "must be \(SHA256.digestByteCount) bytes, got \(secretHash.count)")
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

    /// The record both `self` and `other` (same id) become: a revocation wins (the earlier
    /// one if both were revoked), and if the two disagree on anything else (only a bug or
    /// a forged record can make them) the one with the smaller encoding wins. Both rules
    /// are commutative, associative and idempotent, so every node converges on the same
    /// record whatever order records arrive in.
    public func merged(with other: TokenRecord) -> TokenRecord {
        precondition(id == other.id, "only records of one token merge: \(id) vs \(other.id)")
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
