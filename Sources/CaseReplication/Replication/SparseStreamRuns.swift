import CaseCore

/// How received events of an origin of another province are taken in, stream by stream:
/// the one rule for the node's store and the simulator's log.
public enum SparseStreamRuns {
    /// One sparse stream's share of a delivery: the events tagged `tag`.
    public struct Run: Equatable, Sendable {
        public let tag: ProvinceCode
        public let events: [ChangeEvent]
    }

    /// `received` (one origin's events) split by the tags this node follows
    /// (`StreamScope.heldTags`), in tag order; an event tagged with two of them is in both
    /// runs. Events tagged with none are in no run: not for this node, or for it by a merger
    /// it has not heard of yet (the sender's directory placed it in the province it joined);
    /// the core asks such a sender for its mergers (`ReplicationNode.askForMergersIfStray`).
    public static func split(_ received: [ChangeEvent], scope: StreamScope) -> [Run] {
        scope.heldTags.compactMap { tag -> Run? in
            let tagged = received.filter { event in event.tags.contains { $0.province == tag } }
            return tagged.isEmpty ? nil : Run(tag: tag, events: tagged)
        }
    }
}
