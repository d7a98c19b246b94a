/// What the replication core hands to its transport: a message and where it goes.
public struct Envelope: Equatable, Sendable {
    public var destination: Destination
    public var message: PeerMessage

    public init(_ destination: Destination, _ message: PeerMessage) {
        self.destination = destination
        self.message = message
    }
}

public enum Destination: Equatable, Sendable {
    /// A known member, at the peer address its record advertises.
    case member(id: String, address: String)
    /// An address whose node is not known yet (a --join seed).
    case address(String)
}

/// An event batch and the member that sent it.
public struct ReceivedBatch: Equatable, Sendable {
    public var sender: String
    public var batch: EventBatch

    public init(sender: String, batch: EventBatch) {
        self.sender = sender
        self.batch = batch
    }
}

/// What drives the replication core. Time is always passed alongside, never read.
public enum ReplicationInput: Sendable {
    /// Time has passed: run whatever timers are due.
    case tick
    /// A message arrived from the member `from` (identified by the transport's handshake).
    case received(from: String, PeerMessage)
    /// Event batches that arrived one after another, applied together: a node whose
    /// queue holds several (a burst of pushes, a streamed sync answer) stores them in
    /// one transaction instead of one each. The same as receiving them one by one,
    /// but for that; one batch the log refuses does not hold back the others.
    case receivedBatches([ReceivedBatch])
    /// This node committed new events of its own (durably): push them out.
    case localEventsCommitted([ChangeEvent])
    /// Contact these peer addresses to join the cluster (retried until a member answers).
    case join(addresses: [String])
    /// An admin retired this member (a commune merger): it is marked retired in
    /// the next admin epoch, the news spreads by gossip, and from then on this
    /// node never probes, syncs with or pushes to it. Ignored for this node
    /// itself, an unknown member, or one already retired.
    case retire(memberID: String)
    /// An admin re-admits a retired member: alive in the next admin epoch,
    /// spread by gossip. Ignored unless the member is known and retired.
    case readmit(memberID: String)
}
