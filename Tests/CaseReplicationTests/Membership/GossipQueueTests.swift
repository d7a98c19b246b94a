@testable import CaseCore
import XCTest
import CaseSupport
@testable import CaseReplication

final class GossipQueueTests: XCTestCase {
    /// For the tests of order and counting: entries that never expire, taken at time 0.
    private static let never = Int64.max
    private func record(_ id: String, incarnation: UInt64 = 1) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: incarnation, state: .alive)
    }

    /// The reference the one-pass selection must agree with: sort everything, take the first.
    private struct Reference {
        var entries: [String: (record: MemberRecord, sendsLeft: Int, order: UInt64)] = [:]
        var nextOrder: UInt64 = 0

        mutating func enqueue(_ record: MemberRecord, sends: Int) {
            nextOrder += 1
            entries[record.id] = (record, max(sends, 1), nextOrder)
        }

        mutating func take(limit: Int) -> [MemberRecord] {
            let chosen = entries.values.sorted { ($0.sendsLeft, $0.order) > ($1.sendsLeft, $1.order) }.prefix(limit)
            for entry in chosen {
                entries[entry.record.id] = entry.sendsLeft <= 1 ? nil : (entry.record, entry.sendsLeft - 1, entry.order)
            }
            return chosen.map(\.record).sorted { $0.id < $1.id }
        }
    }

    func testTakeChoosesLikeAFullSortOverManyRandomSequences() {
        var random = SplitMix64(seed: 42)
        for round in 0..<50 {
            var queue = GossipQueue()
            var reference = Reference()
            for step in 0..<300 {
                if Int.random(in: 0..<3, using: &random) == 0 {
                    let limit = Int.random(in: 0...10, using: &random)
                    XCTAssertEqual(queue.take(limit: limit, nowMs: 0), reference.take(limit: limit), "round \(round), step \(step)")
                } else {
                    let member = record("m\(Int.random(in: 0..<40, using: &random))", incarnation: UInt64(step))
                    let sends = Int.random(in: 0...6, using: &random)
                    queue.enqueue(member, sends: sends, expiresAtMs: Self.never)
                    reference.enqueue(member, sends: sends)
                }
                XCTAssertEqual(queue.count, reference.entries.count)
            }
        }
    }

    func testLeastSentFirstAndDroppedAfterItsSends() {
        var queue = GossipQueue()
        queue.enqueue(record("a"), sends: 1, expiresAtMs: Self.never)
        queue.enqueue(record("b"), sends: 3, expiresAtMs: Self.never)
        queue.enqueue(record("c"), sends: 2, expiresAtMs: Self.never)
        XCTAssertEqual(queue.take(limit: 2, nowMs: 0).map(\.id), ["b", "c"])
        XCTAssertEqual(queue.take(limit: 0, nowMs: 0), [])
        XCTAssertEqual(queue.take(limit: 5, nowMs: 0).map(\.id), ["a", "b", "c"])
        XCTAssertEqual(queue.count, 1)
        XCTAssertEqual(queue.take(limit: 5, nowMs: 0).map(\.id), ["b"])
        XCTAssertEqual(queue.count, 0)
    }

    func testAChangeNotSentWithinItsLifetimeIsDroppedAndDoesNotHoldBackNews() {
        var queue = GossipQueue()
        for index in 0..<100 { queue.enqueue(record("old\(index)"), sends: 16, expiresAtMs: 1_000) }
        queue.enqueue(record("joiner"), sends: 16, expiresAtMs: 3_000)
        XCTAssertEqual(queue.take(limit: 1, nowMs: 900).map(\.id), ["joiner"], "newest first among the unsent")
        XCTAssertEqual(queue.take(limit: 1, nowMs: 900).map(\.id), ["old99"], "sent once, the news waits behind the backlog")
        XCTAssertEqual(queue.take(limit: 3, nowMs: 1_000).map(\.id), ["joiner"], "once the backlog expired, the news goes out again")
        XCTAssertEqual(queue.count, 1, "the expired backlog was dropped on the way")
        XCTAssertEqual(queue.take(limit: 3, nowMs: 3_000), [], "and so is the news at the end of its own lifetime")
        XCTAssertEqual(queue.count, 0)
    }

    func testContainsOtherIgnoresSelf() {
        var table = MembershipTable(selfRecord: record("me"))
        XCTAssertFalse(table.containsOther(in: [.alive]))
        _ = table.merge(record("peer"), nowMs: 0)
        XCTAssertTrue(table.containsOther(in: [.alive]))
        XCTAssertFalse(table.containsOther(in: [.suspect, .dead]))
    }
}
