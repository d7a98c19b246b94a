/// One component of a dossier (thành phần hồ sơ): a paper with its count of
/// originals and copies, or a file identified by content hash and size.
public struct DocumentItem: Hashable, Sendable {
    public var name: String
    public var originals: Int
    public var copies: Int
    /// Lower-case hex SHA-256 of an attached file's content.
    public var sha256: String?
    public var sizeBytes: Int64?
    /// Pages of the original, for fees counted per page; nil: not stated (1 when counted).
    public var pages: Int?
    /// Copies the citizen asks the centre to certify or issue, for fees counted per page or
    /// per copy; nil: not stated (1 when counted).
    public var copiesRequested: Int?

    public init(
        name: String, originals: Int = 1, copies: Int = 0, sha256: String? = nil, sizeBytes: Int64? = nil,
        pages: Int? = nil, copiesRequested: Int? = nil
    ) {
        self.name = name
        self.originals = originals
        self.copies = copies
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.pages = pages
        self.copiesRequested = copiesRequested
    }

    /// Whether the filing stated a count that fees are counted by.
    public var statesFeeCounts: Bool { pages != nil || copiesRequested != nil }
}
