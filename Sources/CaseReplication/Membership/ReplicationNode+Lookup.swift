import CaseCore
/// Looking up one member without copying and sorting the whole table (as
/// `members` does): the scale benchmark asks every one of thousands of
/// simulated nodes about one member, every round.
extension ReplicationNode {
    /// How this node sees the member `id`, if it knows it.
    public func member(_ id: String) -> MemberView? { table[id] }

    /// How many members this node knows, itself included, in any state.
    public var knownMemberCount: Int { table.views.count }
}
