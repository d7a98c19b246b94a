import CaseCore
import CaseCrypto

/// The cluster root's membership decisions a node holds: the latest per member
/// (`MembershipDecision`), and the rule that makes membership gossip obey them.
///
/// In a cluster with a root key, an admin epoch of a member's record (retired,
/// re-admitted: `MemberRecord.adminEpoch`) exists only as a root-signed decision.
/// Gossip claiming an epoch no decision vouches for is not taken in, so a member
/// that holds only its own key cannot retire another, nor bring a retired one back;
/// gossip older than a decision is brought up to it.
struct MembershipDecisions {
    /// The root and cluster decisions must be signed for; nil in a cluster without a
    /// root key, where admin epochs travel by gossip alone, as before certificates.
    let trust: TokenTrust?
    private(set) var latest: [String: MembershipDecision] = [:]
    /// Changes whenever `latest` does: the core hands out `persistDecisions` then.
    private(set) var revision: UInt64 = 0

    init(trust: TokenTrust?) {
        self.trust = trust
    }

    var isEmpty: Bool { latest.isEmpty }
    var count: Int { latest.count }
    subscript(member: String) -> MembershipDecision? { latest[member] }

    /// Sorted by member, as persisted and exchanged.
    var sorted: [MembershipDecision] { latest.values.sorted { $0.member < $1.member } }

    /// SHA-256 over every decision in member order: equal digests, equal decisions.
    var digest: [UInt8] {
        var sha = SHA256()
        for decision in sorted { sha.update(decision.encoded) }
        return sha.finalize()
    }

    /// Holds `decision` if it is newer than the one held about its member; returns
    /// whether it was. The caller has verified it.
    mutating func hold(_ decision: MembershipDecision) -> Bool {
        if let held = latest[decision.member], !decision.supersedes(held) { return false }
        guard latest[decision.member] != nil || latest.count < MembershipTable.maxMembers else { return false }
        latest[decision.member] = decision
        revision += 1
        return true
    }

    /// Throws unless the cluster root signed `decision` for this cluster.
    func verify(_ decision: MembershipDecision, signatures: SignatureChecker) throws(ValidationIssue) {
        guard let trust else {
            throw ValidationIssue(field: "decision", message: "this node has no cluster root key to check a decision about \(decision.member) with")
        }
        try decision.verify(root: trust.root, clusterID: trust.clusterID, signatures: signatures)
    }

    /// The record to take in for gossip `record`, or nil to ignore it. Without a root
    /// key every record is taken as it is. With one, a record in an admin epoch must be
    /// in the epoch of the decision held about its member, in the state it decides; a
    /// record older than that decision comes back brought up to it (its addresses are
    /// still news). Admin epochs opened before certificates count only while the
    /// cluster accepts legacy peers (the upgrade window).
    func admit(_ record: MemberRecord) -> MemberRecord? {
        guard let trust else { return record }
        guard let decision = latest[record.id] else {
            return record.adminEpoch == 0 || trust.acceptsLegacyRecords ? record : nil
        }
        if record.adminEpoch > decision.adminEpoch { return nil }
        if record.adminEpoch == decision.adminEpoch { return Self.isFollowed(decision, by: record) ? record : nil }
        return Self.applying(decision, to: record)
    }

    /// Whether `record`, in `decision`'s own epoch, is in the state it decides (retired or not).
    static func isFollowed(_ decision: MembershipDecision, by record: MemberRecord) -> Bool {
        record.adminEpoch == decision.adminEpoch && (record.state == .retired) == (decision.verdict == .retired)
    }

    /// `record` as `decision` makes it: retired or alive, in the decision's epoch.
    static func applying(_ decision: MembershipDecision, to record: MemberRecord) -> MemberRecord {
        var decided = record
        decided.state = decision.verdict == .retired ? .retired : .alive
        decided.incarnation = decision.incarnation
        return decided
    }
}
