import CaseReplication

/// Carries peer-protocol messages between nodes: real TCP on a node, a
/// simulated network in tests. The replication core never touches it directly;
/// the runtime moves envelopes between the two.
public protocol PeerTransport: AnyObject, Sendable {
    /// Starts accepting connections; returns the port actually bound.
    /// Messages that arrive (after a successful handshake) are passed to `deliver`
    /// with the sender's node id, on the transport's own threads.
    func start(deliver: @escaping @Sendable (_ from: String, _ message: PeerMessage) -> Void) throws -> UInt16

    /// Queues a message for sending and returns at once. A message that cannot be
    /// delivered (peer unreachable, its queue full) is dropped: the protocol's
    /// periodic pulls repair any loss. On a session too old for the message's kind
    /// the envelope's fallback is sent instead, if it has one the session carries.
    func send(_ envelope: Envelope)

    /// Closes the listener and every connection; waits (bounded) for their threads.
    func stop()

    /// What the transport has done since it was created (frames, bytes, drops, refusals).
    var counters: PeerTransportCounters { get }
}
