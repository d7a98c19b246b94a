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

    /// Tokens (live and revoked) in one cluster's registry.
    /// Why 16,384: as many as the membership table holds members; with a few clerks per
    /// commune centre and revoked tokens kept as tombstones, a province-sized cluster uses
    /// a few thousand. The whole registry then fits in 16 sync messages of 1,024 records.
    public static let maxRegistryRecords = 16_384

    /// Records in one registry sync message.
    /// Why 1,024: a record is at most about 900 bytes on the wire, so a message stays under
    /// 1 MiB, a quarter of the peer frame bound, whatever the names hold.
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
