import CaseReplication

/// One message on the simulated wire, from one node to another.
public struct InFlightMessage: Sendable {
    /// The sending node's id (what a real transport learns from the handshake).
    public let from: String
    /// The receiving node's id.
    public let to: String
    /// What the receiver's core is handed.
    public let message: PeerMessage
    /// Virtual time at which it was sent.
    public let sentAtMs: Int64
    /// Virtual time at which it arrives (unless its link is cut by then or the receiver is down).
    public let deliverAtMs: Int64
    /// The order in which messages were put on the wire: breaks ties between
    /// equal delivery times, so delivery order never depends on anything else.
    public let sequence: UInt64

    /// Delivery order: by time, then by the order of sending.
    static func deliversBefore(_ lhs: InFlightMessage, _ rhs: InFlightMessage) -> Bool {
        (lhs.deliverAtMs, lhs.sequence) < (rhs.deliverAtMs, rhs.sequence)
    }
}
