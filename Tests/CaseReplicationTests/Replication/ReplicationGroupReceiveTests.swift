import CaseCore
import CaseReplication
import CaseReplicationDriver
import TestSupport
import XCTest
@testable import CaseSimulation

/// `ReplicationInput.receivedBatches`: several batches stored in one apply, each answered as if alone.
final class ReplicationGroupReceiveTests: XCTestCase {
    private let configuration = ReplicationConfiguration.fast

    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    private func node(_ id: String, log: any ReplicaLog, knowing others: [String]) -> ReplicationDriver {
        let node = ReplicationDriver(self: record(id), configuration: configuration, log: log, seed: 7, nowMs: 0)
        _ = node.handle(.received(from: others[0], .membership(members: others.map(record), isReply: true)), nowMs: 0)
        return node
    }

    private func push(_ events: [ChangeEvent], vector: [String: Int64]) -> EventBatch {
        EventBatch(events: events, senderVersionVector: VersionVector(vector), hasMore: false, isPush: true)
    }

    func testBatchesFromTwoPeersAreStoredInOneApplyAndEachPeerIsAcknowledgedOnce() throws {
        let log = CountingLog(InMemoryReplicaLog(localOrigin: "b"))
        let b = node("b", log: log, knowing: ["a", "c"])
        let fromA = TestEvents.chain(origin: "a", code: "A-250701-0001", count: 3)
        let fromC = TestEvents.chain(origin: "c", code: "C-250701-0001", count: 2)
        let out = b.handle(.receivedBatches([
            ReceivedBatch(sender: "a", batch: push(Array(fromA[0..<2]), vector: ["a": 2])),
            ReceivedBatch(sender: "c", batch: push(fromC, vector: ["c": 2])),
            ReceivedBatch(sender: "a", batch: push([fromA[2]], vector: ["a": 3])),
        ]), nowMs: 1)
        XCTAssertEqual(log.applyCalls, 1, "one apply, one transaction")
        XCTAssertEqual(try log.versionVector(), VersionVector(["a": 3, "c": 2]))
        let acks = out.filter { if case .batchAck = $0.message { return true } else { return false } }.map(\.destination)
        XCTAssertEqual(acks, [.member(id: "a", address: "sim://a"), .member(id: "c", address: "sim://c")])
        XCTAssertEqual(b.statistics.eventsApplied, 5)
        XCTAssertEqual(b.statistics.batchesReceived, 3)
        XCTAssertEqual(b.statistics.batchGroupsReceived, 1, "three batches, one group")
        XCTAssertEqual(b.statistics.eventsReceivedPushed, 5)
        XCTAssertEqual(b.statistics.eventsReceivedPulled, 0)
    }

    func testABatchTheLogRefusesDoesNotHoldBackTheOthers() throws {
        let bad = TestEvents.filed("C-250701-0009", origin: "c", sequence: 1)
        let log = CountingLog(InMemoryReplicaLog(localOrigin: "b"), refusing: bad.id)
        let b = node("b", log: log, knowing: ["a", "c"])
        let good = TestEvents.filed("A-250701-0001", origin: "a", sequence: 1)
        let out = b.handle(.receivedBatches([
            ReceivedBatch(sender: "c", batch: push([bad], vector: ["c": 1])),
            ReceivedBatch(sender: "a", batch: push([good], vector: ["a": 1])),
        ]), nowMs: 1)
        XCTAssertEqual(try log.versionVector(), VersionVector(["a": 1]), "a's batch is stored, c's refused")
        XCTAssertEqual(b.statistics.storageErrors, 1)
        let acked = out.compactMap { envelope -> Destination? in if case .batchAck = envelope.message { return envelope.destination } else { return nil } }
        XCTAssertEqual(acked, [.member(id: "a", address: "sim://a")], "only the stored batch is acknowledged")
    }

    func testAGroupOfOneAnswersExactlyAsTheSingleMessageDoes() throws {
        let event = TestEvents.filed("A-250701-0001", origin: "a", sequence: 1)
        let batch = push([event], vector: ["a": 1])
        let single = node("b", log: InMemoryReplicaLog(localOrigin: "b"), knowing: ["a", "c", "d", "e"])
        let grouped = node("b", log: InMemoryReplicaLog(localOrigin: "b"), knowing: ["a", "c", "d", "e"])
        XCTAssertEqual(single.handle(.received(from: "a", .eventBatch(batch)), nowMs: 1),
                       grouped.handle(.receivedBatches([ReceivedBatch(sender: "a", batch: batch)]), nowMs: 1))
    }
}

/// A log that counts `apply` calls and can refuse any call holding one event.
private final class CountingLog: ReplicaLog, @unchecked Sendable {
    // @unchecked: driven by one test thread only.
    let inner: InMemoryReplicaLog
    let refused: EventID?
    private(set) var applyCalls = 0

    init(_ inner: InMemoryReplicaLog, refusing refused: EventID? = nil) {
        self.inner = inner
        self.refused = refused
    }

    struct Refusal: Error {}

    func versionVector() throws -> VersionVector { try inner.versionVector() }
    func events(missingFrom vector: VersionVector, maxEvents: Int, maxBytes: Int) throws -> [ChangeEvent] {
        try inner.events(missingFrom: vector, maxEvents: maxEvents, maxBytes: maxBytes)
    }
    func certificates(of origins: [String]) throws -> [Certificate] { [] }
    /// Keeps none, as it holds none.
    func keep(certificates: [Certificate]) throws {}
    var liveStreams: LiveStreamScope? { nil }
    func storeDecisions(_ decisions: [MembershipDecision]) throws {}
    func decisions() throws -> [MembershipDecision] { [] }
    /// One province's log: it serves no other.
    func versionVector(servingProvince province: ProvinceCode) throws -> VersionVector { VersionVector() }

    func events(missingFrom vector: VersionVector, servingProvince province: ProvinceCode, maxEvents: Int, maxBytes: Int) throws
        -> [ChangeEvent] { [] }

    func apply(_ events: [ChangeEvent], certificates: [Certificate]) throws -> [ChangeEvent] {
        applyCalls += 1
        if let refused, events.contains(where: { $0.id == refused }) { throw Refusal() }
        return try inner.apply(events)
    }
    func event(_ id: EventID) throws -> ChangeEvent? { try inner.event(id) }
    func digest() throws -> StateDigest { try inner.digest() }
}
