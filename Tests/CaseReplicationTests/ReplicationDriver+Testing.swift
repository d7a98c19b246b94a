import CaseCore
import CaseReplication
import CaseReplicationDriver
@testable import CaseSimulation

extension ReplicationDriver {
    /// A node started over `log` (its version vector read from it), driven as the simulator drives one.
    convenience init(
        self record: MemberRecord, configuration: ReplicationConfiguration, log: any ReplicaLog, seed: UInt64, nowMs: Int64,
        retired: [MemberRecord] = [], decisions: [MembershipDecision] = [], tokenTrust: TokenTrust? = nil
    ) {
        let node = ReplicationNode(
            self: record, configuration: configuration, holding: (try? log.versionVector()) ?? VersionVector(), seed: seed,
            nowMs: nowMs, retired: retired, decisions: decisions, tokenTrust: tokenTrust)
        self.init(node: node, log: log)
    }
}

/// The node's own views, read through its driver as the tests read a node.
extension ReplicationDriver {
    var members: [MemberView] { node.members }
    var selfRecord: MemberRecord { node.selfRecord }
    var selfID: String { node.selfID }
    var knownMemberCount: Int { node.knownMemberCount }
    var memberListDigest: MemberListDigest { node.memberListDigest }
    var statistics: ReplicationStatistics { node.statistics }
    var retiredMembers: [MemberRecord] { node.retiredMembers }
    var retiredRevision: UInt64 { node.retiredRevision }
    var isRetired: Bool { node.isRetired }
    var replicaLog: any ReplicaLog { log }
    func replicaCount(of id: EventID) -> Int { node.replicaCount(of: id) }
}
