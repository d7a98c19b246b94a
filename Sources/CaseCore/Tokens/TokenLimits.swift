/// The bounds on API tokens and their registry, each with the reason for its number.
public enum TokenLimits {
    /// Characters of a token's name (the person or actor it stands for). Equal to
    /// `FilingValidator.maxShortFieldLength`: the name becomes the `actor` of every step
    /// the token takes, and an actor is bounded to that many characters where it enters.
    public static let maxNameLength = 100

    /// Bytes of a name on the wire: 100 characters of Vietnamese text in NFC take at most
    /// 4 bytes per scalar and rarely more than one scalar per character; 800 leaves room
    /// for decomposed marks while bounding what a peer may make this node allocate.
    public static let maxNameBytes = 800

    /// Unsigned (legacy) tokens, live and revoked, in one cluster's registry.
    /// Why 16,384: as many as the membership table holds members; with a few clerks per
    /// commune centre and revoked tokens kept as tombstones, a province-sized cluster uses
    /// a few thousand. Anyone holding the cluster key can fill it, which is one reason a
    /// cluster with a root key takes signed records only.
    public static let maxLegacyRecords = 16_384

    /// Signed tokens, live and revoked, that one issuer (one key) may hold in the registry.
    /// Why 512: a commune centre has 10 to 30 clerks; with every token replaced yearly and
    /// revoked ones kept as tombstones (a dropped revocation could come back alive from a
    /// node that missed it), 512 last a centre 17 years, and a new node key starts a new
    /// bound. An issuer past it keeps its oldest records (`TokenSet`), so a stolen key
    /// can flood only its own share and never another issuer's.
    public static let maxRecordsPerIssuer = 512

    /// Signed tokens in one cluster's registry, all issuers together.
    /// Why 65,536: 128 issuers at their bound, a province's 100 nodes and its admin keys;
    /// only keys the root certified are issuers, so only the root can make it fill. At
    /// about 450 bytes a record, 30 MB at most.
    public static let maxSignedRecords = 65_536

    /// Tokens of every kind a node's database may hold: both registries, and the one
    /// local admin token of identity mode.
    public static let maxRegistryRecords = maxLegacyRecords + maxSignedRecords + 1

    /// Records in one registry sync message.
    /// Why 1,024: a legacy record is at most about 900 bytes and a signed one about 2.3 KB
    /// (two certificates at their bound), so a message stays under 2.5 MiB, within the
    /// 4 MiB peer frame bound whatever the names hold.
    public static let maxRecordsPerMessage = 1_024

    /// Random bytes of a token's secret: 256 bits, beyond any guessing.
    public static let secretByteCount = 32

    /// Random bytes of a token's public id: 64 bits make a collision among 16,384 tokens
    /// about one chance in 10^11, and a short id is easy to read out and revoke.
    public static let idByteCount = 8

    /// Bytes of a token file (`admin.token`) casectl reads: a token is 85 characters,
    /// anything much longer is not a token file.
    public static let maxTokenFileBytes = 4_096
}
