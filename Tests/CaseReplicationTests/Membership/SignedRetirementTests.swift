import CaseCore
import CaseReplication
import CaseReplicationDriver
@testable import CaseSimulation
import TestSupport
import XCTest

/// Retirement is revocation in a cluster with a root key: only a decision the root signed
/// retires or re-admits a member, and membership gossip obeys the decisions a node holds.
final class SignedRetirementTests: XCTestCase {
    private static let configuration = ReplicationConfiguration.fast
    /// 2026-01-01T00:00Z: a decision's admin epoch counts seconds from 2025.
    private static let decidedAtMs: Int64 = 1_767_225_600_000

    private func record(_ id: String, incarnation: UInt64 = 1, state: MemberState = .alive) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: incarnation, state: state)
    }

    private func core(_ id: String, knowing others: [String], decisions: [MembershipDecision] = [], log: InMemoryReplicaLog? = nil) -> ReplicationDriver {
        let node = ReplicationDriver(
            self: record(id), configuration: Self.configuration, log: log ?? InMemoryReplicaLog(localOrigin: id), seed: 7, nowMs: 0,
            decisions: decisions, tokenTrust: SimulatedIdentities.trust)
        _ = node.handle(.received(from: others[0], .membership(members: others.map { record($0) }, isReply: true)), nowMs: 0)
        return node
    }

    private func decision(
        _ verdict: MembershipDecision.Verdict, _ member: String, atMs: Int64 = decidedAtMs, lastSequence: UInt64 = 0,
        by key: SigningKey = SimulatedIdentities.rootKey
    ) throws -> MembershipDecision {
        try MembershipDecision.sign(verdict, member: member, clusterID: SimulatedIdentities.clusterID, issuedAtMs: atMs, lastSequence: lastSequence, by: key)
    }

    private func state(of id: String, at node: ReplicationDriver) -> MemberRecord? {
        node.members.first { $0.record.id == id }?.record
    }

    func testOnlyTheRootsDecisionRetiresAMember() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        _ = n1.handle(.retire(memberID: "n3"), nowMs: 100)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive, "an unsigned retirement is ignored where a root key is configured")

        let retirement = try decision(.retired, "n3", lastSequence: 12)
        let sent = n1.handle(.decide(retirement), nowMs: 200)
        let retired = try XCTUnwrap(state(of: "n3", at: n1))
        XCTAssertEqual(retired.state, .retired)
        XCTAssertEqual(retired.incarnation, retirement.incarnation, "the decision's own admin epoch")
        XCTAssertEqual(n1.node.membershipDecisions, [retirement])
        XCTAssertEqual(try n1.replicaLog.decisions(), [retirement], "persisted through the log, which then refuses n3's later events")
        let pushed = sent.filter { if case .membershipDecisions([retirement]) = $0.message { return true } else { return false } }
        XCTAssertEqual(Set(pushed.map { envelope -> String in
            if case .member(let id, _) = envelope.destination { return id }
            return "?"
        }), ["n2"], "pushed at once to the live members, not to the retired one")
    }

    func testADecisionTheRootDidNotSignIsRefusedAndChangesNothing() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        let forged = try decision(.retired, "n3", by: SimulatedIdentities.node("n2").key)
        _ = n1.handle(.received(from: "n2", .membershipDecisions([forged])), nowMs: 100)
        _ = n1.handle(.decide(forged), nowMs: 150)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive)
        XCTAssertTrue(n1.node.membershipDecisions.isEmpty)
        XCTAssertEqual(n1.statistics.membershipDecisionsRefused, 2)
        XCTAssertTrue(try n1.replicaLog.decisions().isEmpty)
    }

    func testGossipClaimingAnAdminEpochNoDecisionVouchesForIsIgnored() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        let claims: [(String, MemberRecord)] = [
            ("a retirement in a legacy epoch", record("n3", incarnation: 1 << 32, state: .retired)),
            ("a retirement in a signed-looking epoch", record("n3", incarnation: UInt64(40_000_000) << 32, state: .retired)),
        ]
        for (what, claim) in claims {
            _ = n1.handle(.received(from: "n2", .ping(sequence: 1, gossip: [record("n2"), claim])), nowMs: 100)
            XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive, what)
        }
        // Nor can gossip retire the node itself.
        _ = n1.handle(.received(from: "n2", .ping(sequence: 2, gossip: [record("n2"), record("n1", incarnation: 1 << 32, state: .retired)])), nowMs: 200)
        XCTAssertFalse(n1.isRetired)
    }

    func testGossipObeysTheDecisionHeld() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        let retirement = try decision(.retired, "n3")
        _ = n1.handle(.decide(retirement), nowMs: 100)
        let claims: [(String, MemberRecord)] = [
            ("n3's refutation in an earlier epoch", record("n3", incarnation: 1_000)),
            ("alive in the retirement's own epoch", record("n3", incarnation: retirement.incarnation + 1)),
            ("alive in a later epoch nobody signed", record("n3", incarnation: retirement.incarnation + (1 << 32))),
        ]
        for (what, claim) in claims {
            _ = n1.handle(.received(from: "n2", .ping(sequence: 1, gossip: [record("n2"), claim])), nowMs: 200)
            XCTAssertEqual(state(of: "n3", at: n1)?.state, .retired, what)
        }

        let readmission = try decision(.readmitted, "n3", atMs: Self.decidedAtMs + 60_000)
        _ = n1.handle(.decide(readmission), nowMs: 300)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive)
        XCTAssertEqual(state(of: "n3", at: n1)?.incarnation, readmission.incarnation)
        _ = n1.handle(.received(from: "n2", .ping(sequence: 3, gossip: [record("n2"), record("n3", incarnation: retirement.incarnation, state: .retired)])), nowMs: 400)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive, "the older retirement does not come back by gossip")
        _ = n1.handle(.received(from: "n2", .membershipDecisions([retirement])), nowMs: 500)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive, "nor as a replayed decision")
        XCTAssertEqual(n1.node.membershipDecisions, [readmission])
    }

    func testDecisionsSpreadByDigestToAPeerThatMissedThePush() throws {
        let n1 = core("n1", knowing: ["n2"])
        let n2 = core("n2", knowing: ["n1", "n3"])
        let retirement = try decision(.retired, "n3")
        _ = n1.handle(.decide(retirement), nowMs: 100)  // the push is lost
        let digest = try XCTUnwrap(tick(n1, fromMs: 125, durationMs: Self.configuration.tokenDigestIntervalMs + 100).first { envelope in
            if case .decisionDigest(_, isReply: false) = envelope.message { return true } else { return false }
        })
        let answers = n2.handle(.received(from: "n1", digest.message), nowMs: 200)
        XCTAssertEqual(answers.map(\.message.kind), [.decisionDigest], "n2 holds none: it answers with its digest only")
        let decisions = n1.handle(.received(from: "n2", answers[0].message), nowMs: 300)
        XCTAssertEqual(decisions.map(\.message), [.membershipDecisions([retirement])], "an answer is not answered with a digest")
        _ = n2.handle(.received(from: "n1", decisions[0].message), nowMs: 400)
        XCTAssertEqual(state(of: "n3", at: n2)?.state, .retired)
        XCTAssertEqual(n2.node.membershipDecisions, [retirement])
    }

    func testANodeTheRootRetiredStopsAndARestartKeepsTheDecision() throws {
        let log = InMemoryReplicaLog(localOrigin: "n3")
        let n3 = core("n3", knowing: ["n1"], log: log)
        let retirement = try decision(.retired, "n3")
        _ = n3.handle(.received(from: "n1", .membershipDecisions([retirement])), nowMs: 100)
        XCTAssertTrue(n3.isRetired)
        XCTAssertTrue(n3.handle(.tick, nowMs: 5_000).isEmpty, "a retired node takes no further part")

        let n1 = core("n1", knowing: ["n2", "n3"], decisions: [retirement])
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .retired, "held again at start")
        _ = n1.handle(.received(from: "n2", .ping(sequence: 1, gossip: [record("n2"), record("n3", incarnation: 77)])), nowMs: 100)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .retired)
    }

    func testARetirementOfAMemberNeverMetIsKnownAtOnce() throws {
        let n1 = core("n1", knowing: ["n2"])
        _ = n1.handle(.decide(try decision(.retired, "n9")), nowMs: 100)
        XCTAssertEqual(state(of: "n9", at: n1)?.state, .retired)
        XCTAssertEqual(n1.retiredMembers.map(\.id), ["n9"], "persisted as retired, so the transport refuses its hello")
        _ = n1.handle(.received(from: "n2", .ping(sequence: 1, gossip: [record("n2"), record("n9", incarnation: 3)])), nowMs: 200)
        XCTAssertEqual(state(of: "n9", at: n1)?.state, .retired, "its alive gossip arriving later is brought up to the decision")
    }

    func testANodeReadmittedWhileDownLearnsItAndOutranksTheDeathTheOthersSaw() throws {
        let readmission = try decision(.readmitted, "n3", atMs: Self.decidedAtMs + 60_000)
        let n1 = core("n1", knowing: ["n2", "n3"], decisions: [readmission])
        _ = n1.handle(.received(from: "n2", .ping(sequence: 1, gossip: [record("n2"), record("n3", incarnation: readmission.incarnation, state: .dead)])), nowMs: 50)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .dead, "the setup: n3 was down after its readmission")

        // n3 restarts with --readmit: it holds no decision, and its own record is in epoch 0.
        let n3 = core("n3", knowing: ["n1"])
        let digest = try XCTUnwrap(tick(n3, fromMs: 100, durationMs: Self.configuration.tokenDigestIntervalMs + 100).first { envelope in
            if case .decisionDigest(_, isReply: false) = envelope.message { return true } else { return false }
        }, "a node holding no decision still asks")
        let answers = n1.handle(.received(from: "n3", digest.message), nowMs: 200)
        for answer in answers { _ = n3.handle(.received(from: "n1", answer.message), nowMs: 300) }
        XCTAssertEqual(n3.selfRecord.incarnation, readmission.incarnation + 1, "its own count (1, first start) on top of the decision's")
        _ = n1.handle(.received(from: "n3", .ping(sequence: 2, gossip: [n3.selfRecord])), nowMs: 400)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive)
    }

    func testEachRestartOfAReadmittedNodeOutranksTheLast() throws {
        let readmission = try decision(.readmitted, "n3")
        func started(count: UInt64) -> ReplicationDriver {
            let node = ReplicationDriver(
                self: record("n3", incarnation: count), configuration: Self.configuration, log: InMemoryReplicaLog(localOrigin: "n3"), seed: 7,
                nowMs: 0, decisions: [readmission], tokenTrust: SimulatedIdentities.trust)
            return node
        }
        XCTAssertEqual(started(count: 7).selfRecord.incarnation, readmission.incarnation + 7)
        XCTAssertEqual(started(count: 8).selfRecord.incarnation, readmission.incarnation + 8)
        XCTAssertEqual(started(count: 8).selfRecord.state, .alive)
    }

    private func tick(_ node: ReplicationDriver, fromMs: Int64, durationMs: Int64) -> [Envelope] {
        stride(from: fromMs, through: fromMs + durationMs, by: 25).flatMap { node.handle(.tick, nowMs: $0) }
    }
}
