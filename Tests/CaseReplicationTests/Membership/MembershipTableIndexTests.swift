@testable import CaseCore
import XCTest
import CaseSupport
@testable import CaseReplication

/// The table's indexes (per-state sorted ids, suspicion heap) must always say
/// what a scan and sort of the whole table would say.
final class MembershipTableIndexTests: XCTestCase {
    private func record(_ id: String, incarnation: UInt64, state: MemberState) -> MemberRecord {
        MemberRecord(id: id, peerAddress: "sim://\(id)", httpAddress: "sim-http://\(id)", incarnation: incarnation, state: state)
    }

    func testIndexesAgreeWithAScanOverManyRandomChanges() {
        var random = SplitMix64(seed: 7)
        for round in 0..<30 {
            var table = MembershipTable(selfRecord: record("m5", incarnation: 1, state: .alive))
            for step in 0..<200 {
                let nowMs = Int64(step * 10)
                let state = MemberState.allCases.randomElement(using: &random)!
                let changed = record("m\(Int.random(in: 0..<25, using: &random))", incarnation: UInt64(step), state: state)
                if Bool.random(using: &random) { _ = table.merge(changed, nowMs: nowMs) } else { table.setRecord(changed, nowMs: nowMs) }

                let others = table.views.values.filter { $0.record.id != table.selfID }
                for state in MemberState.allCases {
                    let expected = others.filter { $0.record.state == state }.map(\.record.id).sorted()
                    XCTAssertEqual(table.otherIDs(in: state), expected, "round \(round), step \(step), \(state)")
                }
                XCTAssertEqual(table.allSorted.map(\.record.id), table.views.keys.sorted())
                XCTAssertEqual(table.otherIDs(in: [.alive, .suspect]), others.filter { [.alive, .suspect].contains($0.record.state) }.map(\.record.id).sorted())
                let participants = table.views.values.filter { $0.record.state == .alive || $0.record.state == .suspect }.count
                XCTAssertEqual(table.participantCount, participants)
                XCTAssertEqual(table.earliestSuspicionMs(), others.compactMap(\.suspectSinceMs).min(), "round \(round), step \(step)")
            }
        }
    }

    func testSortedIDsInsertRemoveAndMerge() {
        var ids = SortedMemberIDs()
        for id in ["n3", "n1", "n2", "n1"] { ids.insert(id) }
        XCTAssertEqual(ids.ids, ["n1", "n2", "n3"])
        ids.remove("n2")
        ids.remove("absent")
        XCTAssertEqual(ids.ids, ["n1", "n3"])
        XCTAssertEqual(ids.index(of: "n3"), 1)
        XCTAssertNil(ids.index(of: "n2"))
        XCTAssertEqual(SortedMemberIDs.merged([["a", "d"], ["b", "c", "e"], []]), ["a", "b", "c", "d", "e"])
    }
}
