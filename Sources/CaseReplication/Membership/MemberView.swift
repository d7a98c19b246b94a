/// A member as this node sees it: the gossiped record plus local observations.
public struct MemberView: Equatable, Sendable {
    public var record: MemberRecord
    /// When this node last heard from the member directly (local wall clock, ms), if ever.
    public var lastContactMs: Int64?
    /// When this node first suspected it, while it is suspect.
    public var suspectSinceMs: Int64?
    /// The member's version vector as last seen in a message from it.
    public var versionVector: VersionVector?

    public init(record: MemberRecord) {
        self.record = record
    }
}
