/// Which directed links a partition cuts: (sender, receiver) pairs.
public struct Partition: Equatable, Sendable {
    public struct Link: Hashable, Sendable, Comparable {
        public var from: String
        public var to: String

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }

        public static func < (left: Link, right: Link) -> Bool {
            (left.from, left.to) < (right.from, right.to)
        }
    }

    public let cut: Set<Link>

    public init(cut: Set<Link>) {
        self.cut = cut
    }

    /// The links a partition event cuts among `nodes` (nil if `kind` is not a partition).
    public init?(_ event: FaultEvent, nodes: [String]) {
        let side = Set(event.nodes)
        var cut = Set<Link>()
        func both(_ a: String, _ b: String) {
            cut.insert(Link(from: a, to: b))
            cut.insert(Link(from: b, to: a))
        }
        switch event.kind {
        case .partitionHalves, .partitionIsolated:
            for a in nodes where side.contains(a) {
                for b in nodes where !side.contains(b) { both(a, b) }
            }
        case .partitionOneWay:
            for a in nodes where side.contains(a) {
                for b in nodes where !side.contains(b) { cut.insert(Link(from: a, to: b)) }
            }
        case .partitionBridge:
            // event.nodes: the bridge first, then the rest split in two sides.
            let others = Array(event.nodes.dropFirst())
            let left = Set(others.prefix(others.count / 2))
            for a in others where left.contains(a) {
                for b in others where !left.contains(b) { both(a, b) }
            }
        case .partitionRing:
            // event.nodes in ring order: each node keeps only its two neighbours.
            let ring = event.nodes
            let count = ring.count
            for (i, a) in ring.enumerated() {
                for (j, b) in ring.enumerated() where i < j {
                    let distance = min(j - i, count - (j - i))
                    if distance > 1 { both(a, b) }
                }
            }
        default:
            return nil
        }
        self.cut = cut
    }

    /// The nodes `node` can still send to.
    public func reachable(from node: String, among nodes: [String]) -> [String] {
        nodes.filter { $0 != node && !cut.contains(Link(from: node, to: $0)) }
    }
}
