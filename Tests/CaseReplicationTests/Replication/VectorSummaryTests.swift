import CaseReplication
import TestSupport
import XCTest

/// Version vectors digest first (protocol version 6): an idle pull and its answer carry a
/// digest, a busy one the heads that rose, and a summary that cannot be rebuilt exactly is
/// never answered: the answerer asks for the whole vector instead.
final class VectorSummaryTests: XCTestCase {
    private let configuration = ReplicationConfiguration.fast
    /// A province's worth of origins, as in the issue: 170 heads.
    private let province = VersionVector(Dictionary(uniqueKeysWithValues: (1...170).map { ("n\($0)", Int64($0)) }))

    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    private func node(_ id: String, holding vector: VersionVector, knowing other: String) -> ReplicationNode {
        let node = ReplicationNode(self: record(id), configuration: configuration, holding: vector, seed: 7, nowMs: 0)
        _ = node.handle(.received(from: other, .membership(members: [record(other)], isReply: true)), nowMs: 0)
        return node
    }

    private func messages(_ outputs: [ReplicationOutput]) -> [PeerMessage] {
        outputs.compactMap { if case .send(let envelope) = $0 { envelope.message } else { nil } }
    }

    private func pull(_ outputs: [ReplicationOutput]) throws -> VectorPull {
        try XCTUnwrap(messages(outputs).lazy.compactMap { if case .vectorPull(let pull) = $0 { pull } else { nil } }.first, "\(outputs)")
    }

    private func answer(_ outputs: [ReplicationOutput]) throws -> VectorAnswer {
        try XCTUnwrap(messages(outputs).lazy.compactMap { if case .vectorAnswer(let answer) = $0 { answer } else { nil } }.first, "\(outputs)")
    }

    private func reads(_ outputs: [ReplicationOutput]) -> Int {
        outputs.filter { if case .read = $0 { true } else { false } }.count
    }

    /// The periodic pull `round` (one sync interval each).
    /// Pings are answered at once, so the peer stays alive (pulls go to live peers only).
    private func periodicPull(_ node: ReplicationNode, round: Int64) throws -> VectorPull {
        let nowMs = round * configuration.syncIntervalMs
        let outputs = node.handle(.tick, nowMs: nowMs)
        for case .ping(let sequence, _) in messages(outputs) {
            _ = node.handle(.received(from: "b", .ack(sequence: sequence, gossip: [])), nowMs: nowMs)
        }
        return try pull(outputs)
    }

    /// One pull from `a` answered by `b`, the answer taken in by `a`; returns both.
    private func exchange(_ a: ReplicationNode, _ b: ReplicationNode, round: Int64) throws -> (VectorPull, VectorAnswer) {
        let asked = try periodicPull(a, round: round)
        let answered = try answer(b.handle(.received(from: "a", .vectorPull(asked)), nowMs: round * configuration.syncIntervalMs))
        let nowMs = round * configuration.syncIntervalMs
        // The answer is taken in as the empty batch it stands for: applied, then the pull ends.
        for case .apply(let batches) in a.handle(.received(from: "b", .vectorAnswer(answered)), nowMs: nowMs) {
            _ = a.handle(.applied(ApplyOutcome(batches: batches, stored: [])), nowMs: nowMs)
        }
        return (asked, answered)
    }

    func testOnceEchoedAnIdlePullAndItsAnswerCarryTheDigestAlone() throws {
        let a = node("a", holding: province, knowing: "b"), b = node("b", holding: province, knowing: "a")
        let (first, firstAnswer) = try exchange(a, b, round: 1)
        XCTAssertTrue(first.vector.isComplete, "nothing echoed yet: the whole vector")
        XCTAssertEqual(first.known, [], "a holds no vector of b yet")
        XCTAssertEqual(firstAnswer.known, province.digest, "b echoes the vector it took")
        let (second, secondAnswer) = try exchange(a, b, round: 2)
        XCTAssertFalse(second.vector.isComplete)
        XCTAssertEqual(second.vector.changes, VersionVector(), "idle: the digest alone")
        XCTAssertEqual(second.known, province.digest, "a echoes b's vector")
        XCTAssertFalse(secondAnswer.vector.isComplete)
        XCTAssertEqual(secondAnswer.vector.changes, VersionVector())
        XCTAssertEqual(secondAnswer.known, province.digest)
        XCTAssertEqual(a.statistics.vectorsNotRebuilt + b.statistics.vectorsNotRebuilt, 0)
    }

    func testOnceAPeerHeldItsVectorAQuietNodePullsOneItNeverMetWithTheDigestAlone() throws {
        let a = node("a", holding: province, knowing: "b"), b = node("b", holding: province, knowing: "a")
        _ = try exchange(a, b, round: 1)
        let c = node("c", holding: province, knowing: "a")
        _ = a.handle(.received(from: "c", .membership(members: [record("c")], isReply: true)), nowMs: 1_100)
        // A push a cannot use (c's fifth event, the first four missing) makes it pull c now.
        let push = ReceivedBatch(sender: "c", batch: EventBatch(
            events: [TestEvents.filed("C-250701-0005", origin: "c", sequence: 5)], senderVersionVector: VersionVector(), hasMore: false, isPush: true))
        _ = a.handle(.receivedBatches([push]), nowMs: 1_200)
        let asked = try pull(a.handle(.applied(ApplyOutcome(batches: [push], stored: [])), nowMs: 1_200))
        XCTAssertFalse(asked.vector.isComplete)
        XCTAssertEqual(asked.vector.changes, VersionVector(), "b held a's vector: the province is quiet, the digest goes alone")
        XCTAssertEqual(asked.known, [], "a and c never met")
        XCTAssertEqual(try answer(c.handle(.received(from: "a", .vectorPull(asked)), nowMs: 1_200)).known, province.digest,
                       "c rebuilt a's vector over its own")
    }

    func testABusyPullCarriesOnlyTheHeadsThatRose() throws {
        let a = node("a", holding: province, knowing: "b"), b = node("b", holding: province, knowing: "a")
        _ = try exchange(a, b, round: 1)
        _ = a.handle(.localEventsCommitted([], throughSequence: 3), nowMs: 1_500)
        let asked = try periodicPull(a, round: 2)
        XCTAssertEqual(asked.vector.changes, VersionVector(["a": 3]))
        let answered = b.handle(.received(from: "a", .vectorPull(asked)), nowMs: 2_000)
        XCTAssertEqual(try answer(answered).known, a.versionVector.digest, "b rebuilt a's whole vector from one head")
    }

    func testADigestThatDoesNotMatchIsNeverTakenForAMatch() throws {
        let a = node("a", holding: province, knowing: "b"), b = node("b", holding: province, knowing: "a")
        _ = try exchange(a, b, round: 1)
        _ = b.handle(.localEventsCommitted([], throughSequence: 5), nowMs: 1_500)
        // a now claims to hold four of b's five events but sends no change: no vector b holds
        // gives that digest. Answered against one of them, b would read the wrong events for a.
        var claimed = province
        claimed.advance("b", to: 4)
        let forged = VectorPull(vector: VectorSummary(digest: claimed.digest, isComplete: false, changes: VersionVector()),
                                known: province.digest, gossip: [])
        let outputs = b.handle(.received(from: "a", .vectorPull(forged)), nowMs: 2_000)
        XCTAssertEqual(reads(outputs), 0, "no pull is answered against a vector that is not the one digested")
        XCTAssertEqual(try answer(outputs).known, [], "b says it could not rebuild a's vector")
        XCTAssertEqual(b.statistics.vectorsNotRebuilt, 1)
    }

    func testARestartedAnswererAsksForTheWholeVectorAndThePullerSendsItAtOnce() throws {
        var ahead = province
        ahead.advance("n1", to: 500)
        let a = node("a", holding: province, knowing: "b"), b = node("b", holding: province, knowing: "a")
        _ = try exchange(a, b, round: 1)
        let asked = try periodicPull(a, round: 2)
        XCTAssertEqual(asked.vector.changes, VersionVector(), "a believes b holds its vector")
        let restarted = node("b", holding: ahead, knowing: "a")  // its memory is gone, and it holds more
        let nack = restarted.handle(.received(from: "a", .vectorPull(asked)), nowMs: 2_000)
        XCTAssertEqual(reads(nack), 0)
        let again = try pull(a.handle(.received(from: "b", .vectorAnswer(try answer(nack))), nowMs: 2_001))
        XCTAssertTrue(again.vector.isComplete, "the pull again, with the whole vector")
        XCTAssertEqual(again.vector.changes, province)
        XCTAssertEqual(reads(restarted.handle(.received(from: "a", .vectorPull(again)), nowMs: 2_002)), 1,
                       "answered with what a lacks")
    }

    func testASummaryIsWholeOnlyWhenItsBaseHasAKeyTheVectorLacks() {
        var base = province
        base.advance("n9", to: 900)
        let lower = VectorSummary(province, digest: province.digest, against: base)
        XCTAssertEqual(lower.changes, VersionVector(["n9": 9]), "a head lower than the base's is a change like any")
        XCTAssertEqual(lower.resolved(over: [base]), province)
        base.advance("other", to: 1)
        let summary = VectorSummary(province, digest: province.digest, against: base)
        XCTAssertTrue(summary.isComplete, "a key cannot be taken away: the whole vector")
        XCTAssertEqual(summary.resolved(over: []), province)
    }

    func testTheDigestCoversKeysAndHeadsWhateverTheOrder() {
        let forward = VersionVector(Dictionary(uniqueKeysWithValues: (1...50).map { ("n\($0)", Int64($0)) }))
        let backward = VersionVector(Dictionary(uniqueKeysWithValues: (1...50).reversed().map { ("n\($0)", Int64($0)) }))
        XCTAssertEqual(forward.digest, backward.digest)
        XCTAssertEqual(forward.digest.count, VersionVector.digestByteCount)
        XCTAssertNotEqual(VersionVector(["a": 1]).digest, VersionVector(["a": 2]).digest)
        XCTAssertNotEqual(VersionVector(["a": 1]).digest, VersionVector(["a@01": 1]).digest, "a sparse stream is another key")
        XCTAssertNotEqual(VersionVector().digest, VersionVector(["a": 1]).digest)
    }
}
