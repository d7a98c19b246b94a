import CaseCore
import CaseReplication
import TestSupport
import XCTest

/// The root's holiday schedules spread as its membership decisions do: pushed at once when
/// published, by digest anti-entropy to a node that missed them, persisted before anything
/// follows, and taken only when the root signed them.
final class HolidayScheduleReplicationTests: XCTestCase {
    private static let configuration = ReplicationConfiguration.fast

    private func record(_ id: String) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: 1, state: .alive)
    }

    private func node(
        _ id: String, knowing others: [String], trust: TokenTrust? = SignedTokenSamples.trust, restored: [HolidaySchedule] = []
    ) -> ReplicationNode {
        let node = ReplicationNode(
            self: record(id), configuration: Self.configuration, holding: VersionVector(), seed: 7, nowMs: 0,
            holidaySchedules: restored, tokenTrust: trust)
        _ = node.handle(.received(from: others[0], .membership(members: others.map(record), isReply: true)), nowMs: 0)
        return node
    }

    /// Hands every message sent to another of `nodes` to it, until none is left; returns
    /// what each node asked to persist, in order.
    @discardableResult
    private func deliver(_ outputs: [ReplicationOutput], from sender: String, among nodes: [String: ReplicationNode], nowMs: Int64) -> [String: [[HolidaySchedule]]] {
        var persisted: [String: [[HolidaySchedule]]] = [:]
        var pending = outputs.map { (sender, $0) }
        while !pending.isEmpty {
            let (from, output) = pending.removeFirst()
            switch output {
            case .persistHolidaySchedules(let schedules): persisted[from, default: []].append(schedules)
            case .send(let envelope):
                guard case .member(let id, _) = envelope.destination, let target = nodes[id] else { continue }
                pending += target.handle(.received(from: from, envelope.message), nowMs: nowMs).map { (id, $0) }
            default: continue
            }
        }
        return persisted
    }

    func testAPublishedScheduleIsPersistedThenPushedAndEveryPeerHoldsIt() throws {
        let nodes = ["n1": node("n1", knowing: ["n2", "n3"]), "n2": node("n2", knowing: ["n1", "n3"]), "n3": node("n3", knowing: ["n1", "n2"])]
        let schedule = try HolidayScheduleSamples.schedule(2027)
        let outputs = nodes["n1"]!.handle(.publishHolidays(schedule), nowMs: 10)
        guard case .persistHolidaySchedules([schedule]) = outputs.first else { return XCTFail("persisted before anything is sent: \(outputs)") }
        let persisted = deliver(outputs, from: "n1", among: nodes, nowMs: 10)
        for id in ["n1", "n2", "n3"] {
            XCTAssertEqual(nodes[id]?.holidaySchedules, [schedule], id)
            XCTAssertEqual(persisted[id]?.last, [schedule], id)
        }
    }

    func testANodeThatMissedItLearnsItByDigestAndAnOlderOneNeverReplacesIt() throws {
        let n1 = node("n1", knowing: ["n2"])
        let n2 = node("n2", knowing: ["n1"])
        let nodes = ["n1": n1, "n2": n2]
        let first = try HolidayScheduleSamples.schedule(2027)
        let correction = try HolidayScheduleSamples.schedule(2027, extraDaysOff: ["2027-02-12"], atMs: HolidayScheduleSamples.issuedAtMs + 1_000)
        _ = n1.handle(.publishHolidays(first), nowMs: 10)  // the push is lost
        _ = n1.handle(.publishHolidays(correction), nowMs: 20)  // and so is this one
        XCTAssertTrue(n2.holidaySchedules.isEmpty)

        let tick = n1.handle(.tick, nowMs: Self.configuration.tokenDigestIntervalMs + 100)
        XCTAssertTrue(tick.contains { if case .send(let envelope) = $0, case .holidayDigest = envelope.message { true } else { false } })
        deliver(tick, from: "n1", among: nodes, nowMs: Self.configuration.tokenDigestIntervalMs + 100)
        XCTAssertEqual(n2.holidaySchedules, [correction], "the latest of the year, learnt in one round")

        let replayed = deliver(n2.handle(.received(from: "n1", .holidaySchedules([first])), nowMs: 2_000), from: "n2", among: nodes, nowMs: 2_000)
        XCTAssertEqual(n2.holidaySchedules, [correction], "an older schedule is not taken")
        XCTAssertNil(replayed["n2"], "nothing to persist")
    }

    func testAScheduleTheRootDidNotSignIsRefusedAndEndsTheMessage() throws {
        let n1 = node("n1", knowing: ["n2"])
        let forged = try HolidayScheduleSamples.schedule(2027, by: SignedTokenSamples.n1.key)
        let genuine = try HolidayScheduleSamples.schedule(2028)
        let outputs = n1.handle(.received(from: "n2", .holidaySchedules([forged, genuine])), nowMs: 10)
        XCTAssertTrue(n1.holidaySchedules.isEmpty, "a forgery marks the sender: the rest of its message is not taken")
        XCTAssertEqual(n1.statistics.holidaySchedulesRefused, 1)
        XCTAssertTrue(outputs.isEmpty)
        _ = n1.handle(.publishHolidays(forged), nowMs: 20)
        XCTAssertTrue(n1.holidaySchedules.isEmpty)
    }

    func testANodeWithoutARootKeyTakesAndSendsNone() throws {
        let n1 = node("n1", knowing: ["n2"], trust: nil)
        let schedule = try HolidayScheduleSamples.schedule(2027)
        _ = n1.handle(.received(from: "n2", .holidaySchedules([schedule])), nowMs: 10)
        XCTAssertTrue(n1.holidaySchedules.isEmpty)
        XCTAssertEqual(n1.statistics.holidaySchedulesRefused, 1)
        XCTAssertTrue(n1.statistics.lastHolidayScheduleRefusal?.contains("no cluster root key") == true)
        let answer = n1.handle(.received(from: "n2", .holidayDigest(Array(repeating: 1, count: 32), isReply: false)), nowMs: 20)
        XCTAssertTrue(answer.isEmpty)
    }

    func testSchedulesHeldBeforeARestartAreHeldAgainWithNothingToPersist() throws {
        let schedule = try HolidayScheduleSamples.schedule(2027)
        let forged = try HolidayScheduleSamples.schedule(2028, by: SignedTokenSamples.n1.key)
        let restarted = node("n1", knowing: ["n2"], restored: [schedule, forged])
        XCTAssertEqual(restarted.holidaySchedules, [schedule], "one that does not verify is dropped")
        let outputs = restarted.handle(.tick, nowMs: 10)
        XCTAssertFalse(outputs.contains { if case .persistHolidaySchedules = $0 { true } else { false } })
    }
}
