import CaseReplication
import CaseReplicationDriver
import TestSupport
import XCTest
@testable import CaseSimulation

/// Pulls: one in flight at a time, answers streamed in several batches, the next
/// pull asked for only when an answer ends, and a large lack pulled, not pushed back.
final class ReplicationPullTests: XCTestCase {
    private let configuration = ReplicationConfiguration.fast

    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    private func node(_ id: String, log: InMemoryReplicaLog? = nil, knowing others: [String]) -> ReplicationDriver {
        let node = ReplicationDriver(
            self: record(id), configuration: configuration, log: log ?? InMemoryReplicaLog(localOrigin: id), seed: 7, nowMs: 0)
        _ = node.handle(.received(from: others[0], .membership(members: others.map(record), isReply: true)), nowMs: 0)
        return node
    }

    private func syncRequests(in envelopes: [Envelope], to id: String) -> Int {
        envelopes.filter { envelope in
            if case .syncRequest = envelope.wholeVectorMessage { return envelope.destination == .member(id: id, address: "sim://\(id)") }
            return false
        }.count
    }

    private func batches(in envelopes: [Envelope]) -> [EventBatch] {
        envelopes.compactMap { envelope in
            if case .eventBatch(let batch) = envelope.wholeVectorMessage { return batch } else { return nil }
        }
    }

    /// A push after a gap (event 5 while 1–4 are missing).
    private func gappedPush(sequence: Int64) -> PeerMessage {
        let event = TestEvents.filed("A-250701-\(String(format: "%04d", sequence))", origin: "a", sequence: sequence)
        return .eventBatch(EventBatch(events: [event], senderVersionVector: VersionVector(["a": sequence]), hasMore: false, isPush: true))
    }

    func testANodeThatJoinsPullsAtItsNextTickNotAtItsNextSync() {
        let b = ReplicationDriver(
            self: record("b"), configuration: ReplicationConfiguration(), log: InMemoryReplicaLog(localOrigin: "b"), seed: 7, nowMs: 0)
        XCTAssertEqual(syncRequests(in: b.handle(.tick, nowMs: 1), to: "a"), 0, "alone, it has no one to pull from")
        _ = b.handle(.received(from: "a", .membership(members: [record("a")], isReply: true)), nowMs: 2)
        XCTAssertEqual(syncRequests(in: b.handle(.tick, nowMs: 3), to: "a"), 1, "joined, it pulls what it missed")
    }

    func testPushesANodeCannotUseAskForOnePullUntilItIsAnsweredOrTimesOut() {
        let b = node("b", knowing: ["a"])
        var asked = 0
        for sequence in Int64(5)...20 {
            asked += syncRequests(in: b.handle(.received(from: "a", gappedPush(sequence: sequence)), nowMs: sequence), to: "a")
        }
        XCTAssertEqual(asked, 1, "sixteen unusable pushes, one pull: the others would fetch the same events again")
        let later = b.handle(.received(from: "a", gappedPush(sequence: 21)), nowMs: 21 + configuration.pullTimeoutMs)
        XCTAssertEqual(syncRequests(in: later, to: "a"), 1, "an unanswered pull is asked again after pullTimeoutMs")
    }

    /// Under load the sender always holds more than it pushed (what committed since); a push
    /// that extends this node's log is used, and pulling the rest would fetch it twice.
    func testAUsablePushFromASenderHoldingMoreAsksForNoPull() {
        let b = node("b", knowing: ["a"])
        for sequence in Int64(1)...5 {
            let event = TestEvents.filed("A-250701-\(String(format: "%04d", sequence))", origin: "a", sequence: sequence)
            let ahead = VersionVector(["a": sequence + 3, "c": 9])
            let push = PeerMessage.eventBatch(EventBatch(events: [event], senderVersionVector: ahead, hasMore: false, isPush: true))
            XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", push), nowMs: sequence), to: "a"), 0, "push \(sequence) was usable")
        }
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", gappedPush(sequence: 9)), nowMs: 9), to: "a"), 1, "a push after a gap still asks")
    }

    func testTheEndOfAnAnswerFreesThePeerForTheNextPull() {
        let b = node("b", knowing: ["a"])
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", gappedPush(sequence: 5)), nowMs: 1), to: "a"), 1)
        let emptyAnswer = EventBatch(events: [], senderVersionVector: VersionVector(["a": 5]), hasMore: false, isPush: false)
        _ = b.handle(.received(from: "a", .eventBatch(emptyAnswer)), nowMs: 2)
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", gappedPush(sequence: 6)), nowMs: 3), to: "a"), 1)
    }

    /// Ticks `node` once, answering its probes at once (so its peers stay alive); returns its sync requests.
    private func tickAnsweringProbes(_ node: ReplicationDriver, nowMs: Int64) -> Int {
        var requests = 0
        for envelope in node.handle(.tick, nowMs: nowMs) {
            switch (envelope.wholeVectorMessage, envelope.destination) {
            case (.ping(let sequence, _), .member(let id, _)):
                _ = node.handle(.received(from: id, .ack(sequence: sequence, gossip: [])), nowMs: nowMs)
            case (.syncRequest, _):
                requests += 1
            default:
                break
            }
        }
        return requests
    }

    func testThePeriodicPullWaitsWhileAnotherPullIsInFlight() {
        let b = node("b", knowing: ["a", "c"])
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", gappedPush(sequence: 5)), nowMs: 1), to: "a"), 1)
        var nowMs: Int64 = 1
        var periodic = 0
        while nowMs < configuration.pullTimeoutMs - configuration.syncIntervalMs {
            nowMs += 10
            periodic += tickAnsweringProbes(b, nowMs: nowMs)
        }
        XCTAssertEqual(periodic, 0, "c holds the same events: pulling them from it too would fetch them twice")
        let emptyAnswer = EventBatch(events: [], senderVersionVector: VersionVector(["a": 5]), hasMore: false, isPush: false)
        _ = b.handle(.received(from: "a", .eventBatch(emptyAnswer)), nowMs: nowMs)
        var afterAnswer = 0
        for _ in 0..<Int(configuration.syncIntervalMs / 10 + 1) {
            nowMs += 10
            afterAnswer += tickAnsweringProbes(b, nowMs: nowMs)
        }
        XCTAssertEqual(afterAnswer, 1, "once answered, the periodic pull runs again")
    }

    func testAnAnswerStillStreamingKeepsItsPullAlivePastTheTimeout() throws {
        let b = node("b", knowing: ["a"])
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", gappedPush(sequence: 900)), nowMs: 1), to: "a"), 1)
        let chain = TestEvents.chain(origin: "a", code: "A-250701-0001", count: 3)
        var nowMs: Int64 = 1
        for event in chain {
            nowMs += configuration.pullTimeoutMs - 1
            let part = EventBatch(events: [event], senderVersionVector: VersionVector(["a": 900]), hasMore: false, isPush: false, continues: true)
            _ = b.handle(.received(from: "a", .eventBatch(part)), nowMs: nowMs)
        }
        XCTAssertGreaterThan(nowMs, 2 * configuration.pullTimeoutMs)
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", gappedPush(sequence: 901)), nowMs: nowMs + 1), to: "a"), 0,
                       "batches kept coming: the pull is not given up")
    }

    func testAContinuingBatchIsAppliedWithoutAskingAgainAndTheLastAsksForMore() throws {
        let b = node("b", knowing: ["a"])
        let chain = TestEvents.chain(origin: "a", code: "A-250701-0001", count: 6)
        let vector = VersionVector(["a": 6])
        let first = EventBatch(events: Array(chain[0..<2]), senderVersionVector: vector, hasMore: false, isPush: false, continues: true)
        let last = EventBatch(events: Array(chain[2..<4]), senderVersionVector: vector, hasMore: true, isPush: false)
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", .eventBatch(first)), nowMs: 1), to: "a"), 0, "the rest of the answer is coming")
        XCTAssertEqual(try b.replicaLog.versionVector()["a"], 2, "applied all the same")
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", .eventBatch(last)), nowMs: 2), to: "a"), 1, "the answer ended with more to fetch")
        XCTAssertEqual(try b.replicaLog.versionVector()["a"], 4)
    }

    func testAnAnswerStreamsItsWindowThenGoesOnAsTheAskerAcknowledges() throws {
        let log = InMemoryReplicaLog(localOrigin: "a")
        let batch = configuration.maxBatchEvents, window = configuration.answerWindowBatches
        for event in TestEvents.chain(origin: "a", code: "A-250701-0001", count: batch * (window + 1)) { try log.appendLocal(event) }
        let a = node("a", log: log, knowing: ["b"])
        let request = SyncRequest(versionVector: VersionVector(), gossip: [record("b")])
        let answer = batches(in: a.handle(.received(from: "b", .syncRequest(request)), nowMs: 1))
        XCTAssertEqual(answer.count, window)
        XCTAssertEqual(answer.map(\.continues), Array(repeating: true, count: window), "the answer waits for b to store some")
        XCTAssertEqual(answer.flatMap(\.events).map(\.sequence), Array(1...Int64(batch * window)), "consecutive batches, no event twice")

        let stored = VersionVector(["a": Int64(batch)])
        let rest = batches(in: a.handle(.received(from: "b", .batchAck(versionVector: stored)), nowMs: 2))
        XCTAssertEqual(rest.map(\.continues), [false], "one batch stored at b: the last one goes")
        XCTAssertEqual(rest.map(\.hasMore), [false])
        XCTAssertEqual(rest.flatMap(\.events).map(\.sequence), Array(Int64(batch * window + 1)...Int64(batch * (window + 1))))
    }

    func testAPeerLackingNothingGetsOneEmptyFinalBatch() throws {
        let a = node("a", knowing: ["b"])
        let answer = batches(in: a.handle(.received(from: "b", .syncRequest(SyncRequest(versionVector: VersionVector(), gossip: []))), nowMs: 1))
        XCTAssertEqual(answer.count, 1)
        XCTAssertEqual(answer.first?.events.count, 0)
        XCTAssertEqual(answer.first?.continues, false)
        XCTAssertEqual(answer.first?.hasMore, false)
    }

    func testAPushFromAnotherPeerAsksNoSecondPullWhileOneIsInFlight() {
        let b = node("b", knowing: ["a", "c"])
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", gappedPush(sequence: 5)), nowMs: 1), to: "a"), 1)
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "c", gappedPush(sequence: 6)), nowMs: 2), to: "c"), 0,
                       "c holds what a is sending: a second pull would fetch it twice")
    }

    /// A node `a` holding `count` events of its own, knowing `b`.
    private func nodeHolding(_ count: Int) throws -> ReplicationDriver {
        let log = InMemoryReplicaLog(localOrigin: "a")
        for event in TestEvents.chain(origin: "a", code: "A-250701-0001", count: count) { try log.appendLocal(event) }
        return node("a", log: log, knowing: ["b"])
    }

    func testAnAskerHoldingMoreThanABatchThisNodeLacksIsPulledFrom() {
        let b = node("b", knowing: ["a"])
        let many = SyncRequest(versionVector: VersionVector(["a": Int64(configuration.maxBatchEvents + 1)]), gossip: [])
        XCTAssertEqual(syncRequests(in: b.handle(.received(from: "a", .syncRequest(many)), nowMs: 1), to: "a"), 1)
        let c = node("c", knowing: ["a"])
        let few = SyncRequest(versionVector: VersionVector(["a": 3]), gossip: [])
        XCTAssertEqual(syncRequests(in: c.handle(.received(from: "a", .syncRequest(few)), nowMs: 1), to: "a"), 0,
                       "a sends these few back with its answer (see the next test)")
    }

    func testAnAnswerLackingAFewEventsGetsThemBackInOneBatchAndLackingMoreGetsNone() throws {
        let emptyAnswer = EventBatch(events: [], senderVersionVector: VersionVector(), hasMore: false, isPush: false)
        let few = try nodeHolding(3)
        XCTAssertEqual(batches(in: few.handle(.received(from: "b", .eventBatch(emptyAnswer)), nowMs: 1)).map(\.events.count), [3])
        let many = try nodeHolding(configuration.maxBatchEvents + 1)
        XCTAssertEqual(batches(in: many.handle(.received(from: "b", .eventBatch(emptyAnswer)), nowMs: 1)).count, 0,
                       "b pulls them itself: streamed from here as well, they would reach it twice")
    }
}
