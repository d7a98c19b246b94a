import CaseReplication

/// What happened on the simulated wire, for reports and for tests that the faults really occur.
public struct NetworkStatistics: Equatable, Sendable {
    /// Messages the nodes handed to the network (a duplicate is not counted again).
    public var sent = 0
    /// Bytes of the frames sent (header and payload, as on a real wire), counted
    /// only while `SimulatedNetwork.countsBytes` is on.
    public var sentBytes = 0
    /// `sentBytes` by message kind: which part of the protocol the bytes pay for.
    public var sentBytesByKind: [PeerMessage.Kind: Int] = [:]
    /// Messages sent by kind, counted only while `SimulatedNetwork.countsBytes` is on.
    public var sentByKind: [PeerMessage.Kind: Int] = [:]
    /// Messages handed to a receiving node (a duplicate counts twice).
    public var delivered = 0
    /// Lost at random (`NetworkConditions.dropProbability`).
    public var dropped = 0
    /// Lost on a cut link, when sent or when due.
    public var droppedByPartition = 0
    /// Addressed to a node that was down, or in flight to it when it crashed.
    public var droppedAtDownNode = 0
    /// Lost because too many messages were in flight already.
    public var droppedByOverflow = 0
    /// Messages put on the wire twice.
    public var duplicated = 0
    /// Messages delayed by a detour (and so, likely, reordered).
    public var detoured = 0

    /// All zero.
    public init() {}
}
