import CaseReplication
import CaseReplicationDriver
import XCTest
@testable import CaseSimulation

/// A joining node takes in the cluster's member list without gossiping it back:
/// every member knows it already, and queued it crowded real news out.
final class MemberListReplyTests: XCTestCase {
    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    private func node(_ id: String) -> ReplicationDriver {
        ReplicationDriver(self: record(id), configuration: .fast, log: InMemoryReplicaLog(localOrigin: id), seed: 3, nowMs: 0)
    }

    /// Records other than the sender's own carried by the messages `node` sends on its next
    /// ticks; its probes are answered at once, so no member becomes suspect (which is news).
    private func gossipedRecords(by node: ReplicationDriver) -> Set<String> {
        var ids = Set<String>()
        for nowMs in stride(from: Int64(10), through: 1_000, by: 10) {
            for envelope in node.handle(.tick, nowMs: nowMs) {
                let records: [MemberRecord]
                switch envelope.message {
                case .ping(let sequence, let carried):
                    records = carried
                    if case .member(let id, _) = envelope.destination {
                        _ = node.handle(.received(from: id, .ack(sequence: sequence, gossip: [])), nowMs: nowMs)
                    }
                case .syncRequest(let request): records = request.gossip
                default: records = []
                }
                ids.formUnion(records.map(\.id).filter { $0 != node.selfID })
            }
        }
        return ids
    }

    private var clusterList: [MemberRecord] { ["a", "b", "c", "d"].map(record) }

    func testAJoiningNodeDoesNotGossipTheListItWasAnswered() {
        let joiner = node("j")
        _ = joiner.handle(.received(from: "a", .membership(members: clusterList, isReply: true)), nowMs: 1)
        XCTAssertEqual(joiner.knownMemberCount, 5, "it knows the cluster")
        XCTAssertEqual(gossipedRecords(by: joiner), [], "and tells nobody what everybody knows")
    }

    func testAMemberStillGossipsNewsFromAReply() {
        let member = node("m")
        _ = member.handle(.received(from: "a", .membership(members: [record("a")], isReply: true)), nowMs: 1)
        _ = member.handle(.received(from: "a", .membership(members: clusterList, isReply: true)), nowMs: 2)
        XCTAssertEqual(gossipedRecords(by: member), ["b", "c", "d"], "members it learnt of while in the cluster may be news to others")
    }
}
