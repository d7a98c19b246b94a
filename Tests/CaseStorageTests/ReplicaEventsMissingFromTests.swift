import XCTest

@testable import CaseStorage

/// `SQLiteReplicaLog.events(missingFrom:maxEvents:maxBytes:)` beyond the `ReplicaLog` contract
/// (which `SQLiteReplicaLogContractTests` holds it to): how it reads the log.
final class ReplicaEventsMissingFromTests: XCTestCase {
    func testTheRangeScanUsesThePrimaryKey() throws {
        let fixture = try StoreFixture()
        let plan = try fixture.store("source").read { reader in
            try reader.connection.query(
                "EXPLAIN QUERY PLAN " + CaseStoreReader.eventsAfterSequenceSQL,
                [.text("n1"), .integer(0), .integer(4), .integer(500)])
        }.compactMap { $0["detail"]?.stringValue }

        XCTAssertEqual(plan.count, 1, "\(plan)")
        // The (origin, seq) key's index (a rowid table keeps it as sqlite_autoindex_events_1): a range scan, no sort.
        XCTAssertTrue(plan[0].contains("USING INDEX sqlite_autoindex_events_1 (origin=? AND seq>? AND seq<?)"), "\(plan)")
    }
}
