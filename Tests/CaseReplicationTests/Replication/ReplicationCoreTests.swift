import CaseCore
import XCTest
@testable import CaseReplication

/// The replication core driven by inputs alone, with no store and no simulator: what it
/// asks to store, read and send, in which order, and what it does with the outcomes.
final class ReplicationCoreTests: XCTestCase {
    private var configuration: ReplicationConfiguration {
        var configuration = ReplicationConfiguration.fast
        configuration.maxBatchEvents = 2
        configuration.answerWindowBatches = 3
        configuration.maxBatchesPerSyncAnswer = 3
        return configuration
    }

    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    private func destination(_ id: String) -> Destination { .member(id: id, address: "sim://\(id)") }

    /// Node `a`, holding `vector`, that knows `others` as alive.
    private func node(
        holding vector: VersionVector = VersionVector(), knowing others: [String] = ["b"], configuration: ReplicationConfiguration? = nil
    ) -> ReplicationNode {
        let node = ReplicationNode(self: record("a"), configuration: configuration ?? self.configuration, holding: vector, seed: 7, nowMs: 0)
        let outputs = node.handle(.received(from: others[0], .membership(members: others.map(record), isReply: true)), nowMs: 0)
        XCTAssertTrue(outputs.allSatisfy { if case .send = $0 { true } else { false } }, "membership needs no storage")
        return node
    }

    private func event(_ origin: String, _ sequence: Int64) -> ChangeEvent {
        ChangeEvent(
            origin: origin, sequence: sequence, timestamp: HLCTimestamp(physicalMs: 1_000 + sequence, logical: 0),
            dossierCode: "\(origin.uppercased())-250701-0001", kind: .filed, actor: "clerk", centre: origin, payload: [:])
    }

    private func sends(_ outputs: [ReplicationOutput]) -> [Envelope] {
        outputs.compactMap { if case .send(let envelope) = $0 { envelope } else { nil } }
    }

    private func batches(_ outputs: [ReplicationOutput]) -> [EventBatch] {
        sends(outputs).compactMap { if case .eventBatch(let batch) = $0.wholeVectorMessage { batch } else { nil } }
    }

    func testAPushIsStoredBeforeItIsAcknowledgedOrForwarded() {
        let a = node(knowing: ["b", "c"])
        // Relayed by b: its origin c may not have reached everyone, so a forwards it.
        let push = ReceivedBatch(
            sender: "b", batch: EventBatch(events: [event("c", 1)], senderVersionVector: VersionVector(["c": 1]), hasMore: false, isPush: true))

        let received = a.handle(.received(from: "b", .eventBatch(push.batch)), nowMs: 1)
        XCTAssertEqual(received, [.apply([push])], "nothing is said about a batch before it is stored")
        XCTAssertEqual(a.versionVector, VersionVector(), "not held until the log says so")

        let applied = a.handle(
            .applied(ApplyOutcome(batches: [push], stored: [event("c", 1)], versionVector: VersionVector(["c": 1]))), nowMs: 2)
        XCTAssertEqual(a.versionVector, VersionVector(["c": 1]))
        XCTAssertEqual(sends(applied).first, Envelope(destination("b"), .batchAck(versionVector: VersionVector(["c": 1]))))
        XCTAssertEqual(batches(applied).map(\.isPush), [true], "the new event is forwarded, but not back to its sender")
        XCTAssertEqual(sends(applied).last?.destination, destination("c"))
        XCTAssertEqual(a.statistics.eventsApplied, 1)
    }

    func testARefusedBatchIsNeitherAcknowledgedNorForwardedAndItsErrorIsCounted() {
        let a = node(knowing: ["b", "c"])
        let push = ReceivedBatch(
            sender: "b", batch: EventBatch(events: [event("b", 1)], senderVersionVector: VersionVector(["b": 1]), hasMore: false, isPush: true))
        _ = a.handle(.receivedBatches([push]), nowMs: 1)
        let applied = a.handle(
            .applied(ApplyOutcome(batches: [push], stored: [], refused: [0], errors: ["disk I/O error"], versionVector: VersionVector())),
            nowMs: 2)
        XCTAssertEqual(sends(applied), [])
        XCTAssertEqual(a.statistics.storageErrors, 1)
        XCTAssertEqual(a.statistics.lastStorageError, "disk I/O error")
    }

    func testAPullIsAnsweredBatchByBatchAsTheLogIsRead() throws {
        let a = node(holding: VersionVector(["a": 5]))
        let theirs = VersionVector(["a": 1])
        let asked = a.handle(.received(from: "b", .syncRequest(SyncRequest(versionVector: theirs, gossip: []))), nowMs: 1)
        guard case .read(let first) = try XCTUnwrap(asked.first) else { return XCTFail("a pull is answered from the log: \(asked)") }
        XCTAssertEqual(first.after, theirs)
        XCTAssertEqual(first.maxEvents, 2)

        let one = a.handle(.read(first, .events([event("a", 2), event("a", 3)])), nowMs: 1)
        XCTAssertEqual(batches(one).map(\.continues), [true])
        guard case .read(let second) = try XCTUnwrap(one.last) else { return XCTFail("the answer goes on: \(one)") }
        XCTAssertEqual(second.after, VersionVector(["a": 3]))

        let two = a.handle(.read(second, .events([event("a", 4), event("a", 5)])), nowMs: 1)
        XCTAssertEqual(two.count, 1, "covered: the answer ends without another read")
        XCTAssertEqual(batches(two).map(\.continues), [false])
        XCTAssertEqual(batches(two).map(\.hasMore), [false])
        XCTAssertEqual(batches(two).first?.senderVersionVector, VersionVector(["a": 5]))
    }

    func testAnAnswerThatReachesItsBatchLimitSaysItHasMore() throws {
        let a = node(holding: VersionVector(["a": 10]))
        var outputs = a.handle(.received(from: "b", .syncRequest(SyncRequest(versionVector: VersionVector(), gossip: []))), nowMs: 1)
        var sent: [EventBatch] = []
        var next: Int64 = 1
        while case .read(let request) = outputs.last ?? outputs.first {
            outputs = a.handle(.read(request, .events([event("a", next), event("a", next + 1)])), nowMs: 1)
            sent += batches(outputs)
            next += 2
        }
        XCTAssertEqual(sent.map(\.continues), [true, true, false], "maxBatchesPerSyncAnswer bounds one answer")
        XCTAssertEqual(sent.last?.hasMore, true)
    }

    /// Node `a` holding 10 events of its own, answering with 2 batches of 2 events on their way at most, of 10 in all.
    private func pacedAnswerer() -> ReplicationNode {
        var paced = configuration
        paced.answerWindowBatches = 2
        paced.maxBatchesPerSyncAnswer = 10
        return node(holding: VersionVector(["a": 10]), configuration: paced)
    }

    /// Feeds `a` the read `request` asks for (events of origin a after what it names), as its driver would.
    private func performRead(_ request: LogRead, at a: ReplicationNode, nowMs: Int64 = 1) -> [ReplicationOutput] {
        let first = request.after["a"] + 1
        return a.handle(.read(request, .events([event("a", first), event("a", first + 1)])), nowMs: nowMs)
    }

    private func reads(_ outputs: [ReplicationOutput]) -> [LogRead] {
        outputs.compactMap { if case .read(let request) = $0 { request } else { nil } }
    }

    /// Starts b's pull at `a` and performs reads until the answer waits: returns the batches sent.
    private func pullUntilTheWindowIsFull(at a: ReplicationNode) throws -> [EventBatch] {
        var pending = reads(a.handle(.received(from: "b", .syncRequest(SyncRequest(versionVector: VersionVector(), gossip: []))), nowMs: 1))
        var sent: [EventBatch] = []
        while let request = pending.first {
            let outputs = performRead(request, at: a)
            sent += batches(outputs)
            pending = reads(outputs)
        }
        return sent
    }

    func testAPacedAnswerSendsItsWindowThenOneBatchPerBatchAcknowledged() throws {
        let a = pacedAnswerer()
        let sent = try pullUntilTheWindowIsFull(at: a)
        XCTAssertEqual(sent.map(\.continues), [true, true], "two batches on their way, and the answer goes on")
        XCTAssertEqual(sent.flatMap(\.events).map(\.sequence), [1, 2, 3, 4])

        let one = a.handle(.received(from: "b", .batchAck(versionVector: VersionVector(["a": 2]))), nowMs: 2)
        let third = try XCTUnwrap(reads(one).first, "the first batch is stored at b: room for one more")
        XCTAssertEqual(reads(one).count, 1)
        XCTAssertEqual(third.after, VersionVector(["a": 4]), "on from the last batch sent, not from what b acknowledged")
        XCTAssertEqual(reads(performRead(third, at: a)), [], "the second batch and the third are on their way")

        let two = a.handle(.received(from: "b", .batchAck(versionVector: VersionVector(["a": 6]))), nowMs: 3)
        let fourth = try XCTUnwrap(reads(two).first, "the read waiting goes")
        let afterFourth = performRead(fourth, at: a)
        XCTAssertEqual(batches(afterFourth).map(\.continues), [true])
        XCTAssertEqual(reads(afterFourth).map(\.after), [VersionVector(["a": 8])], "two batches acknowledged made room for two")
    }

    func testAnAcknowledgementThatMakesNoRoomEndsTheAnswerSoItCannotStall() throws {
        let a = pacedAnswerer()
        _ = try pullUntilTheWindowIsFull(at: a)
        // b stored a push, or refused event 2 (a bad signature) and what follows it: nothing of the answer is covered.
        let stuck = a.handle(.received(from: "b", .batchAck(versionVector: VersionVector(["a": 1]))), nowMs: 2)
        let last = try XCTUnwrap(reads(stuck).first, "the waiting read goes all the same")
        let sent = batches(performRead(last, at: a))
        XCTAssertEqual(sent.map(\.continues), [false], "as the answer's last batch")
        XCTAssertEqual(sent.map(\.hasMore), [true], "so b pulls again, from what it holds")
        let later = a.handle(.received(from: "b", .batchAck(versionVector: VersionVector(["a": 6]))), nowMs: 3)
        XCTAssertEqual(reads(later), [], "the answer is over")
    }

    func testAPullReplacesTheAnswerWaitingForThePeer() throws {
        let a = pacedAnswerer()
        _ = try pullUntilTheWindowIsFull(at: a)
        let again = a.handle(.received(from: "b", .syncRequest(SyncRequest(versionVector: VersionVector(["a": 2]), gossip: []))), nowMs: 2)
        XCTAssertEqual(reads(again).map(\.after), [VersionVector(["a": 2])], "a new answer, from what b holds now")
        let acknowledged = a.handle(.received(from: "b", .batchAck(versionVector: VersionVector(["a": 4]))), nowMs: 3)
        XCTAssertEqual(reads(acknowledged), [], "the old answer's waiting read is gone: it would send its events twice")
    }

    func testAnAnswerNotAcknowledgedWithinThePullTimeoutIsDropped() throws {
        let a = pacedAnswerer()
        _ = try pullUntilTheWindowIsFull(at: a)
        _ = a.handle(.tick, nowMs: 1 + a.configuration.pullTimeoutMs)
        let late = a.handle(.received(from: "b", .batchAck(versionVector: VersionVector(["a": 4]))), nowMs: 2 + a.configuration.pullTimeoutMs)
        XCTAssertEqual(reads(late), [], "b has pulled again by now, or is gone")
    }

    func testAFailedReadStillEndsTheAnswerSoTheAskerDoesNotWaitItsTimeout() throws {
        let a = node(holding: VersionVector(["a": 4]))
        let asked = a.handle(.received(from: "b", .syncRequest(SyncRequest(versionVector: VersionVector(), gossip: []))), nowMs: 1)
        guard case .read(let request) = try XCTUnwrap(asked.first) else { return XCTFail("\(asked)") }
        let failed = a.handle(.read(request, .failed("database is locked")), nowMs: 1)
        XCTAssertEqual(batches(failed).map(\.events.count), [0])
        XCTAssertEqual(batches(failed).first?.hasMore, false, "not asked again at once: a damaged log would be asked in a loop")
        XCTAssertEqual(a.statistics.storageErrors, 1)
    }

    func testLocalCommitsAdvanceTheVectorAndArePushedWithIt() {
        let a = node(holding: VersionVector(["a": 2]))
        let outputs = a.handle(.localEventsCommitted([event("a", 3)], throughSequence: 4), nowMs: 1)
        XCTAssertEqual(a.versionVector, VersionVector(["a": 4]), "the newest commit counts, pushed or not")
        XCTAssertEqual(batches(outputs).map(\.events), [[event("a", 3)]])
        XCTAssertEqual(batches(outputs).first?.senderVersionVector, VersionVector(["a": 4]))
        XCTAssertEqual(outputs.count, sends(outputs).count, "a push needs no read")
    }

    func testAPushAfterAGapAsksForAPullOnceStored() {
        let a = node()
        let push = ReceivedBatch(
            sender: "b", batch: EventBatch(events: [event("b", 3)], senderVersionVector: VersionVector(["b": 3]), hasMore: false, isPush: true))
        _ = a.handle(.receivedBatches([push]), nowMs: 1)
        let applied = a.handle(.applied(ApplyOutcome(batches: [push], stored: [], versionVector: VersionVector())), nowMs: 2)
        let pulls = sends(applied).filter { if case .syncRequest = $0.wholeVectorMessage { true } else { false } }
        XCTAssertEqual(pulls.map(\.destination), [destination("b")])
    }

    func testARetirementIsPersistedBeforeAnythingIsSent() throws {
        let a = node(knowing: ["b", "c"])
        let outputs = a.handle(.retire(memberID: "b"), nowMs: 1) + a.handle(.tick, nowMs: 2_000)
        guard case .persistRetired(let records) = try XCTUnwrap(outputs.first) else { return XCTFail("\(outputs)") }
        XCTAssertEqual(records.map(\.id), ["b"])
        XCTAssertEqual(records.map(\.state), [.retired])
        XCTAssertEqual(outputs.filter { if case .persistRetired = $0 { true } else { false } }.count, 1, "persisted once, on change")
    }
}
