import CaseReplication
import CaseReplicationDriver
import CaseSimulation
import TestSupport
import XCTest

/// Retiring and re-admitting a member, on replication cores driven by hand:
/// every envelope a core sends is looked at, nothing travels unless the test delivers it.
final class RetirementMembershipTests: XCTestCase {
    private static let configuration = ReplicationConfiguration.fast

    private func record(_ id: String, incarnation: UInt64 = 1, state: MemberState = .alive) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: incarnation, state: state)
    }

    /// A core for `id` that already knows `others` (as if it had joined).
    private func core(_ id: String, knowing others: [String], retired: [MemberRecord] = []) -> ReplicationDriver {
        let node = ReplicationDriver(
            self: record(id), configuration: Self.configuration, log: InMemoryReplicaLog(localOrigin: id), seed: 7, nowMs: 0,
            retired: retired)
        _ = node.handle(.received(from: others[0], .membership(members: others.map { record($0) }, isReply: true)), nowMs: 0)
        return node
    }

    private func state(of id: String, at node: ReplicationDriver) -> MemberRecord? {
        node.members.first { $0.record.id == id }?.record
    }

    /// Runs `durationMs` of ticks; returns every envelope sent.
    private func tick(_ node: ReplicationDriver, fromMs: Int64, durationMs: Int64) -> [Envelope] {
        stride(from: fromMs, through: fromMs + durationMs, by: 25).flatMap { node.handle(.tick, nowMs: $0) }
    }

    private func recipients(_ envelopes: [Envelope]) -> Set<String> {
        Set(envelopes.map { envelope in
            switch envelope.destination {
            case .member(let id, _): return id
            case .address(let address): return address
            }
        })
    }

    func testARetiredMemberIsNeverProbedSyncedOrPushedTo() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        XCTAssertTrue(recipients(tick(n1, fromMs: 0, durationMs: 3_000)).contains("n3"), "the setup: n3 is contacted while alive")

        _ = n1.handle(.retire(memberID: "n3"), nowMs: 3_000)
        let retired = try XCTUnwrap(state(of: "n3", at: n1))
        XCTAssertEqual(retired.state, .retired)
        XCTAssertEqual(retired.incarnation, 1 << 32, "the first incarnation of the next admin epoch")

        var sent = tick(n1, fromMs: 3_025, durationMs: 60_000)
        sent += n1.handle(.localEventsCommitted([TestEvents.filed("N1-250701-0001", origin: "n1", sequence: 1)]), nowMs: 63_100)
        sent += n1.handle(.received(from: "n2", .pingRequest(sequence: 9, target: "n3", gossip: [])), nowMs: 63_200)
        XCTAssertFalse(recipients(sent).contains("n3"), "nothing goes to a retired member")
        XCTAssertTrue(recipients(sent).contains("n2"), "n2 is still probed and synced")
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .retired, "the failure detector never overrides it")
    }

    func testAnAliveRecordFromTheRetiredMemberItselfNeverUndoesTheRetirement() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        _ = n1.handle(.retire(memberID: "n3"), nowMs: 100)
        let claims: [(String, MemberRecord)] = [
            ("n2 relays an older alive record", record("n3", incarnation: 1)),
            ("n2 relays n3's refutation", record("n3", incarnation: 1_000)),
            ("n2 relays the last incarnation of the epoch", record("n3", incarnation: (1 << 32) - 1)),
            ("n2 relays alive at the retirement's own incarnation", record("n3", incarnation: 1 << 32)),
            ("n2 relays a dead record", record("n3", incarnation: 5, state: .dead)),
        ]
        for (what, claim) in claims {
            _ = n1.handle(.received(from: "n2", .ping(sequence: 1, gossip: [record("n2"), claim])), nowMs: 200)
            XCTAssertEqual(state(of: "n3", at: n1)?.state, .retired, what)
        }
    }

    func testMessagesFromARetiredMemberAreAnsweredOnlyWithItsRetirement() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        _ = n1.handle(.retire(memberID: "n3"), nowMs: 100)
        let retired = try XCTUnwrap(state(of: "n3", at: n1))
        let expectingAnswers: [PeerMessage] = [
            .ping(sequence: 4, gossip: [record("n3", incarnation: 9)]),
            .syncRequest(SyncRequest(versionVector: VersionVector(), gossip: [])),
            .membership(members: [record("n3", incarnation: 9)], isReply: false),
        ]
        for message in expectingAnswers {
            let answer = n1.handle(.received(from: "n3", message), nowMs: 200)
            XCTAssertEqual(answer, [Envelope(.member(id: "n3", address: "sim://n3"), .membership(members: [retired], isReply: true))], "\(message.kind)")
        }
        let batch = EventBatch(
            events: [TestEvents.filed("N3-250701-0001", origin: "n3", sequence: 1)], senderVersionVector: VersionVector(), hasMore: false, isPush: true)
        XCTAssertEqual(n1.handle(.received(from: "n3", .eventBatch(batch)), nowMs: 300), [])
        XCTAssertEqual(try n1.replicaLog.versionVector()["n3"], 0, "events from a retired member are not taken in")
    }

    func testARunningMemberThatHearsOfItsRetirementStopsTakingPart() throws {
        let n3 = core("n3", knowing: ["n1", "n2"])
        let retirement = record("n3", incarnation: 1 << 32, state: .retired)
        let before = n3.retiredRevision
        _ = n3.handle(.received(from: "n1", .membership(members: [retirement], isReply: true)), nowMs: 100)
        XCTAssertTrue(n3.isRetired)
        XCTAssertEqual(n3.retiredMembers.map(\.id), ["n3"], "reported so the runtime persists it")
        XCTAssertNotEqual(n3.retiredRevision, before)
        XCTAssertEqual(tick(n3, fromMs: 125, durationMs: 10_000), [], "a retired node sends nothing")
    }

    func testRetirementAndReadmissionSpreadByGossipAndAStaleRetirementDoesNotComeBack() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        let n2 = core("n2", knowing: ["n1", "n3"])
        _ = n1.handle(.retire(memberID: "n3"), nowMs: 100)
        let retirement = try XCTUnwrap(state(of: "n3", at: n1))
        _ = n2.handle(.received(from: "n1", .ping(sequence: 1, gossip: [record("n1"), retirement])), nowMs: 200)
        XCTAssertEqual(state(of: "n3", at: n2)?.state, .retired)

        _ = n2.handle(.readmit(memberID: "n3"), nowMs: 300)
        let readmission = try XCTUnwrap(state(of: "n3", at: n2))
        XCTAssertEqual(readmission.state, .alive)
        XCTAssertEqual(readmission.incarnation, 2 << 32)
        XCTAssertEqual(n2.retiredMembers, [])

        _ = n1.handle(.received(from: "n2", .ping(sequence: 2, gossip: [record("n2"), readmission])), nowMs: 400)
        XCTAssertEqual(state(of: "n3", at: n1), readmission, "the readmission wins over the retirement it follows")
        _ = n1.handle(.received(from: "n2", .ping(sequence: 3, gossip: [record("n2"), retirement])), nowMs: 500)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive, "an old retirement still in gossip does not undo it")
    }

    /// The readmitted member restarted on another address (its record here is of a later
    /// admin epoch, so its own cannot replace it yet): the answer to its join goes where it
    /// is now, and carries the record it must outrank; its refutation then moves it here.
    func testAReadmittedMemberOnANewAddressIsAnsweredThereAndItsRefutationCarriesTheAddress() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        _ = n1.handle(.retire(memberID: "n3"), nowMs: 100)
        _ = n1.handle(.readmit(memberID: "n3"), nowMs: 200)
        let moved = MemberRecord(id: "n3", peerAddress: "sim://n3-new", httpAddress: "sim-http://n3", incarnation: 2, state: .alive)
        let answer = n1.handle(.received(from: "n3", .membership(members: [moved], isReply: false)), nowMs: 300)
        XCTAssertEqual(answer.map(\.destination), [.member(id: "n3", address: "sim://n3-new")])
        XCTAssertEqual(state(of: "n3", at: n1)?.peerAddress, "sim://n3", "its own low incarnation does not replace the readmission")

        let n3 = ReplicationDriver(self: moved, configuration: Self.configuration, log: InMemoryReplicaLog(localOrigin: "n3"), seed: 3, nowMs: 0)
        _ = n3.handle(.received(from: "n1", answer[0].message), nowMs: 300)
        XCTAssertEqual(n3.selfRecord.incarnation, (2 << 32) + 1, "it refutes above the readmission")
        _ = n1.handle(.received(from: "n3", .ping(sequence: 1, gossip: [n3.selfRecord])), nowMs: 400)
        XCTAssertEqual(state(of: "n3", at: n1)?.peerAddress, "sim://n3-new")
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .alive)
    }

    func testRetireAndReadmitIgnoreThisNodeUnknownMembersAndRepeats() throws {
        let n1 = core("n1", knowing: ["n2", "n3"])
        _ = n1.handle(.retire(memberID: "n1"), nowMs: 100)
        _ = n1.handle(.retire(memberID: "n9"), nowMs: 100)
        _ = n1.handle(.readmit(memberID: "n2"), nowMs: 100)
        XCTAssertFalse(n1.isRetired)
        XCTAssertNil(state(of: "n9", at: n1))
        XCTAssertEqual(state(of: "n2", at: n1), record("n2"))
        _ = n1.handle(.retire(memberID: "n3"), nowMs: 200)
        let first = state(of: "n3", at: n1)
        let revision = n1.retiredRevision
        _ = n1.handle(.retire(memberID: "n3"), nowMs: 300)
        XCTAssertEqual(state(of: "n3", at: n1), first, "retiring again changes nothing")
        XCTAssertEqual(n1.retiredRevision, revision)
    }

    func testRetirementsLearntBeforeARestartAreKnownAtOnceAndSpreadAgain() throws {
        let retirement = record("n3", incarnation: 1 << 32, state: .retired)
        let n1 = core("n1", knowing: ["n2"], retired: [retirement])
        XCTAssertEqual(state(of: "n3", at: n1), retirement)
        _ = n1.handle(.received(from: "n2", .ping(sequence: 1, gossip: [record("n2"), record("n3", incarnation: 40)])), nowMs: 100)
        XCTAssertEqual(state(of: "n3", at: n1)?.state, .retired)
        let gossip = n1.handle(.received(from: "n2", .ping(sequence: 2, gossip: [record("n2")])), nowMs: 200)
        let carried = gossip.flatMap { envelope -> [MemberRecord] in
            if case .ack(_, let records) = envelope.message { return records }
            return []
        }
        XCTAssertTrue(carried.contains(retirement), "the restored retirement rides on gossip to n2: \(carried)")
        XCTAssertFalse(recipients(tick(n1, fromMs: 225, durationMs: 10_000)).contains("n3"))
    }

    func testAdminEpochsOrderRecordsBeforeIncarnationsAndStates() {
        let cases: [(MemberRecord, MemberRecord, Bool, String)] = [
            (record("m", incarnation: 5), record("m", incarnation: 1 << 32, state: .retired), true, "a retirement beats the alive record it follows"),
            (record("m", incarnation: 1 << 32, state: .retired), record("m", incarnation: 99), false, "alive of an older epoch loses"),
            (record("m", incarnation: 1 << 32, state: .retired), record("m", incarnation: (1 << 32) + 1), false, "alive in the same epoch loses to retired"),
            (record("m", incarnation: 1 << 32, state: .retired), record("m", incarnation: 2 << 32), true, "a readmission wins"),
            (record("m", incarnation: 2 << 32), record("m", incarnation: 1 << 32, state: .retired), false, "an old retirement loses"),
            (record("m", incarnation: 2 << 32), record("m", incarnation: (2 << 32) + 1, state: .suspect), true, "ordinary SWIM within an epoch"),
            (record("m", incarnation: 7, state: .dead), record("m", incarnation: 7, state: .suspect), false, "more severe state wins at equal incarnation"),
        ]
        for (known, heard, expected, why) in cases {
            XCTAssertEqual(known.isSuperseded(by: heard), expected, why)
        }
    }
}
