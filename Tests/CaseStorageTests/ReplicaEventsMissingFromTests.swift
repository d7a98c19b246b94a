import CaseCore
import CaseSupport
import CaseWire
import XCTest

@testable import CaseStorage
import CaseReplication
import CaseSQLite

/// `SQLiteReplicaLog.events(missingFrom:maxEvents:maxBytes:)`: what a peer lacks, origin by
/// origin in sequence order, within a count and a size bound, never nothing when something lacks.
final class ReplicaEventsMissingFromTests: XCTestCase {
    private var fixture: StoreFixture!
    private var log: SQLiteReplicaLog!
    private var events: [ChangeEvent] = []

    /// n1, n2 and n3 with four events each (filings only, so all are about the same size).
    override func setUpWithError() throws {
        fixture = try StoreFixture()
        log = try fixture.log("source")
        var factory = EventFactory()
        events = (1...12).map { factory.filed(EventFactory.code($0), at: ["n3", "n1", "n2"][$0 % 3]) }
        XCTAssertEqual(try log.apply(events).count, 12)
    }

    override func tearDown() {
        log = nil
        fixture = nil
    }

    func testEverythingLackingComesOriginByOriginInSequenceOrder() throws {
        let missing = try log.events(missingFrom: VersionVector(["n2": 1]), maxEvents: 500, maxBytes: 1 << 20)

        XCTAssertEqual(missing.map(\.id.description), [
            "n1/1", "n1/2", "n1/3", "n1/4", "n2/2", "n2/3", "n2/4", "n3/1", "n3/2", "n3/3", "n3/4",
        ])
        XCTAssertEqual(missing, missing.map { event in events.first { $0.id == event.id }! }, "returned as applied")
    }

    func testNothingWhenThePeerHoldsEverything() throws {
        let held = try log.versionVector()
        let ahead = VersionVector(["n1": 9, "n2": 4, "n3": 4, "n7": 3])

        XCTAssertEqual(try log.events(missingFrom: held, maxEvents: 500, maxBytes: 1 << 20), [])
        XCTAssertEqual(try log.events(missingFrom: ahead, maxEvents: 500, maxBytes: 1 << 20), [])
    }

    func testTheCountBoundCutsAcrossOrigins() throws {
        let table: [(maxEvents: Int, expected: [String])] = [
            (1, ["n1/1"]),
            (4, ["n1/1", "n1/2", "n1/3", "n1/4"]),
            (6, ["n1/1", "n1/2", "n1/3", "n1/4", "n2/1", "n2/2"]),
        ]
        for (maxEvents, expected) in table {
            let missing = try log.events(missingFrom: VersionVector(), maxEvents: maxEvents, maxBytes: 1 << 20)
            XCTAssertEqual(missing.map(\.id.description), expected, "maxEvents \(maxEvents)")
        }
    }

    func testTheByteBoundStopsBeforeItWouldBePassed() throws {
        let eventBytes = events[0].estimatedEncodedBytes
        XCTAssertTrue(events.allSatisfy { $0.estimatedEncodedBytes == eventBytes }, "the table below assumes equal sizes")
        let table: [(maxBytes: Int, expectedCount: Int)] = [
            (3 * eventBytes, 3), (3 * eventBytes + eventBytes - 1, 3), (4 * eventBytes, 4), (5 * eventBytes, 5),
        ]
        for (maxBytes, expectedCount) in table {
            let missing = try log.events(missingFrom: VersionVector(), maxEvents: 500, maxBytes: maxBytes)
            XCTAssertEqual(missing.count, expectedCount, "maxBytes \(maxBytes), \(eventBytes) per event")
        }
    }

    func testOneEventComesEvenWhenItAloneExceedsTheByteBound() throws {
        let missing = try log.events(missingFrom: VersionVector(["n1": 4]), maxEvents: 500, maxBytes: 1)

        XCTAssertEqual(missing.map(\.id.description), ["n2/1"])
    }

    func testTheRangeScanUsesThePrimaryKey() throws {
        let plan = try log.store.read { reader in
            try reader.connection.query(
                "EXPLAIN QUERY PLAN " + CaseStoreReader.eventsAfterSequenceSQL,
                [.text("n1"), .integer(0), .integer(4), .integer(500)])
        }.compactMap { $0["detail"]?.stringValue }

        XCTAssertEqual(plan.count, 1, "\(plan)")
        // The (origin, seq) key's index (a rowid table keeps it as sqlite_autoindex_events_1): a range scan, no sort.
        XCTAssertTrue(plan[0].contains("USING INDEX sqlite_autoindex_events_1 (origin=? AND seq>? AND seq<?)"), "\(plan)")
    }
}
