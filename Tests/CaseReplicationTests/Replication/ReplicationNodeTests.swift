import CaseReplication
import CaseReplicationDriver
import TestSupport
import XCTest
@testable import CaseSimulation

/// The replication core driven by hand, one message at a time.
final class ReplicationNodeTests: XCTestCase {
    private let configuration = ReplicationConfiguration.fast

    private func record(_ id: String, incarnation: UInt64 = 1, state: MemberState = .alive) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: incarnation, state: state)
    }

    private func node(_ id: String, log: InMemoryReplicaLog? = nil, knowing others: [String] = []) -> ReplicationDriver {
        let node = ReplicationDriver(
            self: record(id), configuration: configuration, log: log ?? InMemoryReplicaLog(localOrigin: id), seed: 7, nowMs: 0)
        if !others.isEmpty {
            _ = node.handle(.received(from: others[0], .membership(members: others.map { record($0) }, isReply: true)), nowMs: 0)
        }
        return node
    }

    private func state(of id: String, at node: ReplicationDriver) -> MemberState? {
        node.members.first { $0.record.id == id }?.record.state
    }

    func testAMemberThatNeverAnswersIsSuspectedThenDeclaredDead() {
        let a = node("a", knowing: ["b"])
        var pinged = false
        var nowMs: Int64 = 0
        while nowMs < 60_000, state(of: "b", at: a) != .dead {
            nowMs += 10
            for envelope in a.handle(.tick, nowMs: nowMs) {
                if case .ping = envelope.message { pinged = true }
            }
            if state(of: "b", at: a) == .suspect { XCTAssertTrue(pinged, "suspicion only after a probe") }
        }
        XCTAssertEqual(state(of: "b", at: a), .dead)
        XCTAssertGreaterThanOrEqual(nowMs, configuration.suspicionTimeoutMs(memberCount: 2))
    }

    func testASuspectedNodeRefutesWithAHigherIncarnation() {
        let b = node("b", knowing: ["a"])
        let replies = b.handle(.received(from: "a", .ping(sequence: 9, gossip: [record("a"), record("b", incarnation: 1, state: .suspect)])), nowMs: 5)
        XCTAssertEqual(b.selfRecord.incarnation, 2)
        XCTAssertEqual(b.selfRecord.state, .alive)
        guard case .ack(let sequence, let gossip)? = replies.first?.message else { return XCTFail("a ping is acknowledged: \(replies)") }
        XCTAssertEqual(sequence, 9)
        XCTAssertTrue(gossip.contains(record("b", incarnation: 2)), "the refutation rides on the answer")
    }

    func testASyncRequestIsAnsweredWithWhatThePeerLacksInBoundedBatches() throws {
        let log = InMemoryReplicaLog(localOrigin: "a")
        for event in TestEvents.chain(origin: "a", code: "A-250701-0001", count: configuration.maxBatchEvents + 10) {
            try log.appendLocal(event)
        }
        let a = node("a", log: log, knowing: ["b"])
        let replies = a.handle(.received(from: "b", .syncRequest(SyncRequest(versionVector: VersionVector(), gossip: [record("b")]))), nowMs: 1)
        let batches = replies.compactMap { envelope -> EventBatch? in
            if case .eventBatch(let batch) = envelope.message { return batch } else { return nil }
        }
        XCTAssertEqual(batches.map(\.events.count), [configuration.maxBatchEvents, 10], "one answer, two bounded batches")
        XCTAssertEqual(batches.flatMap(\.events).map(\.sequence), Array(1...Int64(configuration.maxBatchEvents + 10)))
        XCTAssertEqual(batches.map(\.continues), [true, false], "the first says the rest follows")
        XCTAssertEqual(batches.map(\.hasMore), [false, false], "nothing is left to ask for")
        XCTAssertFalse(batches.contains(where: \.isPush))
        XCTAssertEqual(batches.first?.senderVersionVector["a"], Int64(configuration.maxBatchEvents + 10))
    }

    func testAPushIsAppliedForwardedOnceAndAcknowledged() throws {
        // More live peers than the push fan-out: the origin cannot have reached them all.
        let b = node("b", knowing: ["a", "c", "d", "e"])
        let event = TestEvents.filed("A-250701-0001", origin: "a", sequence: 1)
        let batch = EventBatch(events: [event], senderVersionVector: VersionVector(["a": 1]), hasMore: false, isPush: true)
        let first = b.handle(.received(from: "a", .eventBatch(batch)), nowMs: 1)
        XCTAssertTrue(first.contains { if case .batchAck = $0.message { return $0.destination == .member(id: "a", address: "sim://a") } else { return false } })
        let forwardedTo = first.compactMap { envelope -> Destination? in
            if case .eventBatch(let forwarded) = envelope.message, forwarded.isPush { return envelope.destination } else { return nil }
        }
        XCTAssertEqual(forwardedTo.count, configuration.pushFanout, "forwarded to a fan-out of the others")
        XCTAssertFalse(forwardedTo.contains(.member(id: "a", address: "sim://a")), "never back to the sender")
        XCTAssertEqual(b.replicaCount(of: event.id), 1, "a holds it")
        let again = b.handle(.received(from: "c", .eventBatch(batch)), nowMs: 2)
        XCTAssertFalse(again.contains { if case .eventBatch = $0.message { return true } else { return false } }, "a duplicate is not forwarded again")
    }

    func testAnOriginsPushIsNotForwardedInAClusterItReachedWhole() throws {
        let b = node("b", knowing: ["a", "c"])
        let own = TestEvents.filed("A-250701-0001", origin: "a", sequence: 1)
        let fromOrigin = b.handle(.received(from: "a", .eventBatch(EventBatch(
            events: [own], senderVersionVector: VersionVector(["a": 1]), hasMore: false, isPush: true))), nowMs: 1)
        XCTAssertFalse(fromOrigin.contains { if case .eventBatch = $0.message { return true } else { return false } },
                       "a pushed to c as well: forwarding would only send it again")
        let relayed = TestEvents.filed("C-250701-0001", origin: "c", sequence: 1)
        let fromRelay = b.handle(.received(from: "a", .eventBatch(EventBatch(
            events: [relayed], senderVersionVector: VersionVector(["a": 1, "c": 1]), hasMore: false, isPush: true))), nowMs: 2)
        XCTAssertTrue(fromRelay.contains { if case .eventBatch(let forwarded) = $0.message { return forwarded.isPush } else { return false } },
                      "events a only relays are forwarded: b cannot know whom c reached")
    }

    func testPushedEventsAreSplitByEstimatedSizeAsWellAsCount() throws {
        var small = ReplicationConfiguration.fast
        small.maxBatchBytes = 4_000
        let node = ReplicationDriver(self: record("a"), configuration: small, log: InMemoryReplicaLog(localOrigin: "a"), seed: 7, nowMs: 0)
        _ = node.handle(.received(from: "b", .membership(members: [record("b")], isReply: true)), nowMs: 0)
        let note = String(repeating: "ghi chú dài ", count: 150)
        let events = (1...3).map { TestEvents.step(.note, "A-250701-0001", origin: "a", sequence: Int64($0), atMs: Int64($0), payload: ["note": .string(note)]) }
        let batches = node.handle(.localEventsCommitted(events), nowMs: 1).compactMap { envelope -> EventBatch? in
            if case .eventBatch(let batch) = envelope.message { return batch } else { return nil }
        }
        XCTAssertGreaterThan(batches.count, 1, "three ~1.8 KB events do not fit one 4 KB batch")
        XCTAssertEqual(batches.flatMap(\.events).map(\.sequence), [1, 2, 3], "nothing lost or reordered")
        for batch in batches where batch.events.count > 1 {
            XCTAssertLessThanOrEqual(batch.events.reduce(0) { $0 + $1.estimatedEncodedBytes }, small.maxBatchBytes)
        }
    }
}
