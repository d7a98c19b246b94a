/// How far a node rebuilt from its peers has come (see `StorageGate`).
public struct RebuildProgress: Sendable, Equatable {
    /// Events this node holds, of every origin.
    public var heldEvents: Int64
    /// Events known to exist: the merge of every peer's version vector and this node's.
    public var knownEvents: Int64
    /// This node's own earlier events it holds again.
    public var ownHeld: Int64
    /// The highest sequence of this node's origin that any peer reports.
    public var ownKnown: Int64
    /// Live peers whose version vector this node has heard.
    public var peersHeard: Int
    /// Live peers this node knows.
    public var peersAlive: Int

    public init(heldEvents: Int64, knownEvents: Int64, ownHeld: Int64, ownKnown: Int64, peersHeard: Int, peersAlive: Int) {
        self.heldEvents = heldEvents
        self.knownEvents = knownEvents
        self.ownHeld = ownHeld
        self.ownKnown = ownKnown
        self.peersHeard = peersHeard
        self.peersAlive = peersAlive
    }

    /// Whether the node may write events of its own again: every live peer has said what
    /// it holds (at least one), and this node holds every event of its own origin they
    /// reported. Earlier, its next sequence number could be one it already used.
    public var isComplete: Bool {
        peersAlive > 0 && peersHeard == peersAlive && ownHeld >= ownKnown
    }

    /// For the refusal and the log: "N of M events".
    public var summary: String {
        "\(heldEvents) of \(knownEvents) events (\(ownHeld) of \(ownKnown) of its own; \(peersHeard) of \(peersAlive) live peers heard)"
    }
}

/// Reports a rebuilding node's progress and ends the rebuild (implemented over the replication runtime).
public protocol RebuildMonitor: Sendable {
    func progress() throws -> RebuildProgress
    /// Makes the store ready for local writes (daily code sequences) and forgets the rebuild mark.
    func finish() throws
}
