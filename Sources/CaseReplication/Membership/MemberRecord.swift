import CaseCore
/// What the cluster knows about one member, as spread by gossip.
///
/// Conflicting records about the same member are resolved the SWIM way: a
/// higher incarnation wins; at equal incarnation the more severe state wins
/// (alive < suspect < dead); `retired` is final unless an admin re-admits the node.
///
/// Admin decisions (retire, readmit) open a new *admin epoch*: the high 32
/// bits of the incarnation. A record of a later epoch always wins. Within an
/// epoch the member's own refutations (+1 each) and restarts move the low
/// bits, which can never reach the next epoch (2³² refutations), so nothing
/// a retired node says about itself can undo an admin's decision, and a
/// readmission spreads by ordinary gossip over the retirement it replaces.
public struct MemberRecord: Equatable, Sendable {
    public var id: String
    /// Where peers reach its peer protocol (host:port), as the member advertises it.
    public var peerAddress: String
    /// Where its HTTP API is (host:port), for admins and clients.
    public var httpAddress: String
    /// Raised by the member itself to refute suspicion and on every restart.
    public var incarnation: UInt64
    public var state: MemberState

    public init(id: String, peerAddress: String, httpAddress: String, incarnation: UInt64, state: MemberState) {
        self.id = id
        self.peerAddress = peerAddress
        self.httpAddress = httpAddress
        self.incarnation = incarnation
        self.state = state
    }

    /// How many low bits of the incarnation belong to the member itself; the bits above count admin epochs.
    public static let adminEpochShift: UInt64 = 32

    /// The admin epoch of this record: how many admin decisions (retire, readmit) it follows.
    public var adminEpoch: UInt64 { incarnation >> Self.adminEpochShift }

    /// The incarnation an admin's next decision about this member gives it: the first of the next epoch.
    public var nextAdminEpochIncarnation: UInt64 {
        precondition(adminEpoch < (UInt64.max >> Self.adminEpochShift), "admin epochs exhausted")
        return (adminEpoch + 1) << Self.adminEpochShift
    }

    /// Whether `other` (about the same member) should replace this record.
    public func isSuperseded(by other: MemberRecord) -> Bool {
        precondition(other.id == id, "records of different members do not compare")
        if other.adminEpoch != adminEpoch { return other.adminEpoch > adminEpoch }
        if state == .retired { return other.state == .retired && other.incarnation > incarnation }
        if other.state == .retired { return true }
        if other.incarnation != incarnation { return other.incarnation > incarnation }
        return other.state.severity > state.severity
    }
}

/// A member's state in the failure detector.
public enum MemberState: String, Sendable, CaseIterable {
    case alive
    /// Missed its probes; others wait for it to refute before declaring it dead.
    case suspect
    /// Declared failed; it comes back by rejoining with a higher incarnation.
    case dead
    /// Retired by an admin (a commune merger): never rejoins unless re-admitted.
    case retired

    var severity: Int {
        switch self {
        case .alive: return 0
        case .suspect: return 1
        case .dead: return 2
        case .retired: return 3
        }
    }
}
