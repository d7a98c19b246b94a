import CaseCore
import CaseReplication
import CaseSupport
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

    /// Events read to be shipped carry their stored payload bytes unparsed: those bytes are
    /// canonical JSON (what a receiver insists on), parse to the stored value, and the event
    /// equals the one read with its payload parsed.
    func testShippedEventsCarryTheStoredCanonicalPayload() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("shipping")
        var factory = EventFactory()
        let decomposed = "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh"  // stored in NFC, so rewritten
        let events = [factory.filed(EventFactory.code(1), at: "n1", applicant: decomposed), factory.filed(EventFactory.code(2), at: "n1")]
        _ = try log.apply(events)

        let shipped = try log.events(missingFrom: VersionVector(), maxEvents: 10, maxBytes: 1 << 20)

        XCTAssertEqual(shipped.map(\.id), events.map(\.id))
        for event in shipped {
            let parsed = try JSONParser().parse(event.payloadJSON)
            XCTAssertEqual(JSONWriter.serialize(parsed), event.payloadJSON, "\(event.id): stored payloads are canonical JSON")
            XCTAssertEqual(event.payload, parsed)
            XCTAssertEqual(try log.event(event.id), event)
        }
        XCTAssertEqual(shipped[0].payload["applicant"]?["fullName"]?.stringValue?.unicodeScalars.count, 14, "NFC")
        XCTAssertNotEqual(shipped[0].content, events[0], "the NFD original's bytes differ from the stored NFC ones")
        XCTAssertEqual(shipped[1].content, events[1])
    }
}
