import CaseReplication
import CaseReplicationDriver
import XCTest
@testable import CaseSimulation

/// The periodic member-list exchange, digest first: members that agree send one digest;
/// members that differ send only the records of the buckets that differ, both ways, and
/// end with the same list; a member believed dead is still sent the digest.
final class MemberListExchangeTests: XCTestCase {
    private static let memberListKinds: Set<PeerMessage.Kind> = [.memberDigest, .memberBucketDigests, .memberBucketRecords, .membership]

    private func record(_ id: String, incarnation: UInt64 = 1, state: MemberState = .alive) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: incarnation, state: state)
    }

    /// A node that knows `others` (as a member list answering its own).
    private func node(_ id: String, knowing others: [MemberRecord]) -> ReplicationDriver {
        let driver = ReplicationDriver(self: record(id), configuration: .fast, log: InMemoryReplicaLog(localOrigin: id), seed: 7, nowMs: 0)
        _ = driver.handle(.received(from: others[0].id, .membership(members: others, isReply: true)), nowMs: 0)
        return driver
    }

    /// The member-list messages `node` sends when its exchange timer fires.
    private func exchange(by node: ReplicationDriver) -> [Envelope] {
        let dueMs = ReplicationConfiguration.fast.membershipExchangeIntervalMs
        return node.handle(.tick, nowMs: dueMs).filter { Self.memberListKinds.contains($0.message.kind) }
    }

    /// Delivers member-list messages between two nodes, each to the other whoever it is
    /// addressed to (the exchange picks a random live peer), until none is left; returns
    /// every one delivered.
    private func pump(_ first: [Envelope], from sender: ReplicationDriver, to receiver: ReplicationDriver) -> [PeerMessage] {
        var pending = first.map { (from: sender, to: receiver, message: $0.message) }
        var delivered: [PeerMessage] = []
        while !pending.isEmpty {
            let (from, to, message) = pending.removeFirst()
            delivered.append(message)
            let answers = to.handle(.received(from: from.selfID, message), nowMs: 1)
            pending += answers.filter { Self.memberListKinds.contains($0.message.kind) }.map { (from: to, to: from, message: $0.message) }
        }
        return delivered
    }

    private var cluster: [MemberRecord] { (1...40).map { record("m\($0)") } }

    func testMembersThatAgreeSendOneDigestAndTheWholeListOnlyAsTheFallback() throws {
        let a = node("a", knowing: [record("b")] + cluster)
        let b = node("b", knowing: [record("a")] + cluster)
        XCTAssertEqual(a.memberListDigest, b.memberListDigest, "the same list, whoever holds it")

        let sent = exchange(by: a)
        let envelope = try XCTUnwrap(sent.first)
        XCTAssertEqual(sent.count, 1, "one live peer, nobody dead")
        XCTAssertEqual(envelope.message, .memberDigest(a.memberListDigest.root, sender: a.selfRecord))
        XCTAssertEqual(envelope.fallback, .membership(members: a.members.map(\.record), isReply: false),
                       "a session of an older build gets the whole list instead")
        let delivered = pump(sent, from: a, to: b)
        XCTAssertEqual(delivered.count, 1, "nothing answers a digest that agrees: \(delivered.map(\.kind))")
    }

    func testListsThatDifferConvergeBothWaysOnTheDifferingBucketsOnly() throws {
        // a heard that m7 died; b heard of a new member, m99. Neither knows the other's news.
        let a = node("a", knowing: [record("b")] + cluster.map { $0.id == "m7" ? record("m7", state: .dead) : $0 })
        let b = node("b", knowing: [record("a")] + cluster + [record("m99")])
        XCTAssertNotEqual(a.memberListDigest.root, b.memberListDigest.root)

        // The first envelope goes to a random live peer, the second to m7, which a believes dead.
        let delivered = pump(Array(exchange(by: a).prefix(1)), from: a, to: b)
        XCTAssertEqual(delivered.map(\.kind), [.memberDigest, .memberBucketDigests, .memberBucketRecords, .memberBucketRecords])

        XCTAssertEqual(a.memberListDigest, b.memberListDigest, "both hold the same list now")
        XCTAssertEqual(a.members.first { $0.record.id == "m99" }?.record.state, .alive, "a learnt b's news")
        XCTAssertEqual(b.members.first { $0.record.id == "m7" }?.record.state, .dead, "b learnt a's")
        let differing = Set(["m7", "m99"].map(MemberListDigest.bucket(of:)))
        for message in delivered {
            guard case .memberBucketRecords(let buckets, let records, _) = message else { continue }
            XCTAssertEqual(Set(buckets.map(Int.init)), differing, "only the buckets that differ")
            XCTAssertLessThan(records.count, a.knownMemberCount / 4, "a few records, not the list")
        }
    }

    func testAMemberBelievedDeadIsSentTheDigestAndBothSidesHealAfterAPartition() {
        // Each side of a healed partition declared the other dead.
        let a = node("a", knowing: [record("b", state: .dead)] + cluster)
        let b = node("b", knowing: [record("a", state: .dead)] + cluster)

        let sent = exchange(by: a)
        XCTAssertTrue(sent.contains { $0.destination == .member(id: "b", address: "sim://b") && $0.message.kind == .memberDigest },
                      "the dead are sent the digest: \(sent)")
        _ = pump(sent.filter { $0.destination == .member(id: "b", address: "sim://b") }, from: a, to: b)

        XCTAssertGreaterThan(b.selfRecord.incarnation, 1, "b heard it was dead and refuted")
        XCTAssertGreaterThan(a.selfRecord.incarnation, 1, "and so did a, from b's answer")
        XCTAssertEqual(a.members.first { $0.record.id == "b" }?.record.state, .alive, "a heard b's refutation")
        // a's refutation reaches b on a's next message to it, now that a sees b alive: every message carries its sender's record.
        _ = b.handle(.received(from: "a", .ping(sequence: 1, gossip: [a.selfRecord])), nowMs: 2)
        XCTAssertEqual(b.members.first { $0.record.id == "a" }?.record.state, .alive)
    }

    /// Seed 67 of the sweep: b restarted during a partition and knows only the members of
    /// its side, not a. a's digest carries a's record, so b can answer, and learns the rest.
    func testANodeThatNeverHeardOfTheSenderStillAnswersAndLearnsTheList() {
        let a = node("a", knowing: [record("b", state: .dead)] + cluster)
        let b = node("b", knowing: [record("m1")])
        XCTAssertNil(b.members.first { $0.record.id == "a" }, "the setup needs b not to know a")

        _ = pump(exchange(by: a).filter { $0.destination == .member(id: "b", address: "sim://b") }, from: a, to: b)
        XCTAssertEqual(b.knownMemberCount, a.knownMemberCount, "b learnt every member a knows")
        XCTAssertEqual(a.members.first { $0.record.id == "b" }?.record.state, .alive, "and a heard b refute its death")
    }

    func testBucketsAreStableAndSpreadMembersOut() {
        XCTAssertEqual(MemberListDigest.bucket(of: "a"), 44, "FNV-1a of \"a\" is 0xe40c292c: part of the protocol")
        let counts = Dictionary(grouping: (1...3_321).map { MemberListDigest.bucket(of: "n\($0)") }, by: { $0 }).mapValues(\.count)
        XCTAssertEqual(counts.count, MemberListDigest.bucketCount, "every bucket used")
        XCTAssertLessThan(counts.values.max() ?? 0, 2 * 3_321 / MemberListDigest.bucketCount, "none holds twice its share")
    }
}
