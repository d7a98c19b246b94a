import CaseCore
import XCTest
@testable import CaseNode
import CaseReplication

/// The replication inbox: bounded, one drain per burst, consecutive event batches grouped.
final class PeerInboxTests: XCTestCase {
    private func batch(_ count: Int, push: Bool = true) -> PeerMessage {
        let events = (1...max(count, 1)).map { sequence in
            ChangeEvent(origin: "a", sequence: Int64(sequence), timestamp: HLCTimestamp(rawValue: UInt64(sequence) << 16),
                        dossierCode: "A-250701-0001", kind: .filed, actor: "clerk", centre: "a", payload: .object([:]))
        }
        return .eventBatch(EventBatch(events: count == 0 ? [] : events, senderVersionVector: VersionVector(), hasMore: false, isPush: push))
    }

    private func shape(_ inputs: [ReplicationInput]) -> [String] {
        inputs.map { input in
            switch input {
            case .receivedBatches(let batches): "batches \(batches.map { "\($0.sender):\($0.batch.events.count)" }.joined(separator: ","))"
            case .received(let sender, let message): "\(message.kind) from \(sender)"
            default: "other"
            }
        }
    }

    func testOnlyTheFirstMessageOfABurstSchedulesADrain() {
        var inbox = PeerInbox(maxMessages: 8)
        XCTAssertEqual(inbox.add(batch(1), from: "a"), .scheduleDrain)
        XCTAssertEqual(inbox.add(batch(1), from: "b"), .queued)
        XCTAssertEqual(inbox.takeAll().count, 1)
        XCTAssertEqual(inbox.add(batch(1), from: "a"), .scheduleDrain, "after a take, the next message needs a drain of its own")
    }

    func testAFullInboxDropsAndSaysSo() {
        var inbox = PeerInbox(maxMessages: 2)
        _ = inbox.add(batch(1), from: "a")
        _ = inbox.add(batch(1), from: "a")
        XCTAssertEqual(inbox.add(batch(1), from: "a"), .dropped)
        XCTAssertEqual(inbox.count, 2)
    }

    func testPullsAreTakenPastTheBoundUpToTwiceIt() {
        var inbox = PeerInbox(maxMessages: 2)
        _ = inbox.add(batch(1), from: "a")
        _ = inbox.add(batch(1), from: "a")
        XCTAssertEqual(inbox.add(batch(1, push: true), from: "a"), .dropped, "a push past the bound")
        XCTAssertEqual(inbox.add(batch(1, push: false), from: "a"), .queued, "an answer to a pull past the bound")
        XCTAssertEqual(inbox.add(batch(1, push: false), from: "b"), .queued)
        XCTAssertEqual(inbox.add(batch(1, push: false), from: "c"), .dropped, "not past twice the bound")
        XCTAssertEqual(inbox.count, 4)
        var another = PeerInbox(maxMessages: 1)
        _ = another.add(batch(1), from: "a")
        XCTAssertEqual(another.add(.syncRequest(SyncRequest(versionVector: VersionVector(), gossip: [])), from: "b"), .queued,
                       "a peer's pull past the bound: its answer repairs what was dropped")
        XCTAssertEqual(another.add(.ping(sequence: 1, gossip: []), from: "b"), .dropped)
        var acknowledged = PeerInbox(maxMessages: 1)
        _ = acknowledged.add(batch(1), from: "a")
        XCTAssertEqual(acknowledged.add(.batchAck(versionVector: VersionVector(["a": 1])), from: "b"), .queued,
                       "an ack past the bound: an answer streamed from here goes on only as acks come")
        // Digest first (version 6), a pull and its empty answer are summarized: taken all the same.
        var summarized = PeerInbox(maxMessages: 1)
        _ = summarized.add(batch(1), from: "a")
        let summary = VectorSummary(VersionVector(), digest: VersionVector().digest, against: nil)
        XCTAssertEqual(summarized.add(.vectorPull(VectorPull(vector: summary, known: [], gossip: [])), from: "b"), .queued)
        var answered = PeerInbox(maxMessages: 1)
        _ = answered.add(batch(1), from: "a")
        XCTAssertEqual(answered.add(.vectorAnswer(VectorAnswer(vector: summary, known: [])), from: "b"), .queued)
    }

    func testConsecutiveBatchesAreGroupedAndOtherMessagesKeepTheirPlace() {
        let ping = PeerMessage.ping(sequence: 1, gossip: [])
        let inputs = PeerInbox.inputs(from: [
            ("a", batch(2)), ("b", batch(3)), ("c", ping), ("a", batch(1)), ("b", batch(0, push: false)),
        ], maxEventsPerGroup: 100)
        XCTAssertEqual(shape(inputs), ["batches a:2,b:3", "ping from c", "batches a:1,b:0"])
    }

    func testAGroupStopsBeforeItsEventBoundButABiggerBatchStillGoesAlone() {
        let inputs = PeerInbox.inputs(from: [("a", batch(4)), ("a", batch(4)), ("a", batch(4)), ("b", batch(20)), ("b", batch(1))], maxEventsPerGroup: 10)
        XCTAssertEqual(shape(inputs), ["batches a:4,a:4", "batches a:4", "batches b:20", "batches b:1"])
    }
}
