/// One fault of a schedule: what, to whom, when and for how long.
public struct FaultEvent: Equatable, Sendable {
    public var kind: FaultKind
    /// Milliseconds after the workload starts.
    public var startMs: Int
    /// How long the fault lasts before it is healed.
    public var durationMs: Int
    /// The nodes it targets (the isolated or killed node, a partition's
    /// first side, the bridge first for `partitionBridge`, the ring order for
    /// `partitionRing`).
    public var nodes: [String]
    /// A link delay or clock offset in milliseconds; a partition's cut: 0 for
    /// a black hole, 1 for refused connections.
    public var amountMs: Int

    public init(kind: FaultKind, startMs: Int, durationMs: Int, nodes: [String], amountMs: Int = 0) {
        self.kind = kind
        self.startMs = startMs
        self.durationMs = durationMs
        self.nodes = nodes
        self.amountMs = amountMs
    }

    public var description: String {
        let amount = amountMs == 0 ? "" : " amount=\(amountMs)"
        return "\(kind.rawValue) [\(nodes.joined(separator: ","))] at \(startMs) ms for \(durationMs) ms\(amount)"
    }
}
