import XCTest
@testable import CaseCore
@testable import CaseReplication

final class MemberRecordTests: XCTestCase {
    private func record(_ incarnation: UInt64, _ state: MemberState) -> MemberRecord {
        MemberRecord(id: "n2", peerAddress: "127.0.0.1:7421", httpAddress: "127.0.0.1:7420", incarnation: incarnation, state: state)
    }

    func testSupersedeRules() {
        let cases: [(MemberRecord, MemberRecord, Bool, String)] = [
            (record(1, .alive), record(2, .alive), true, "a higher incarnation wins"),
            (record(2, .alive), record(1, .dead), false, "an older claim loses"),
            (record(1, .alive), record(1, .suspect), true, "at equal incarnation suspect beats alive"),
            (record(1, .suspect), record(1, .dead), true, "and dead beats suspect"),
            (record(1, .dead), record(1, .alive), false, "the dead do not come back at the same incarnation"),
            (record(1, .dead), record(2, .alive), true, "a refutation with a higher incarnation brings it back"),
            (record(1, .suspect), record(2, .alive), true, "a suspect refutes"),
            (record(5, .alive), record(1, .retired), true, "retirement wins whatever the incarnation"),
            (record(1, .retired), record(9, .alive), false, "a retired member is never revived by gossip"),
            (record(1, .retired), record(2, .retired), true, "a newer retirement record replaces an older one"),
        ]
        for (known, heard, expected, why) in cases {
            XCTAssertEqual(known.isSuperseded(by: heard), expected, why)
        }
    }
}
