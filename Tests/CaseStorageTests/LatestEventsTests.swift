import CaseCore
import XCTest

@testable import CaseStorage

/// `CaseStoreReader.latestEvents`: the newest events, newest first, filtered by origin and dossier,
/// the same as sorting the whole log would give.
final class LatestEventsTests: XCTestCase {
    /// Three origins writing interleaved steps on four dossiers, one origin quiet after its first event.
    static func interleavedHistory() -> [ChangeEvent] {
        var factory = EventFactory()
        var events: [ChangeEvent] = []
        let codes = (1...4).map(EventFactory.code)
        events.append(factory.filed(codes[0], at: "n1"))
        events.append(factory.filed(codes[1], at: "n2"))
        events.append(factory.filed(codes[2], at: "n3"))
        events.append(factory.filed(codes[3], at: "n1"))
        for round in 0..<6 {
            let origin = round % 2 == 0 ? "n1" : "n2"
            events.append(factory.step(.note, on: codes[round % 4], at: origin, payload: ["note": .string("bước \(round)")]))
        }
        // Two events with the same clock reading: origin then sequence decide, descending.
        let sameMs = factory.nowMs + 1_000
        events.append(factory.step(.note, on: codes[0], at: "n2", atMs: sameMs))
        events.append(factory.step(.note, on: codes[1], at: "n1", atMs: sameMs))
        return events
    }

    /// What `latestEvents` must return, computed the slow way: sort everything, filter, cut.
    static func expected(_ events: [ChangeEvent], origin: String?, dossier: String?, limit: Int) -> [EventID] {
        events.filter { (origin == nil || $0.origin == origin) && (dossier == nil || $0.dossierCode == dossier) }
            .sorted { ChangeEvent.foldOrder($1, $0) }.prefix(limit).map(\.id)
    }

    func testEveryFilterAndLimitGivesTheNewestEventsNewestFirst() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("latest")
        let events = Self.interleavedHistory()
        XCTAssertEqual(try log.apply(events).count, events.count)
        let cases: [(origin: String?, dossier: String?, limit: Int)] = [
            (nil, nil, 1), (nil, nil, 3), (nil, nil, 12), (nil, nil, 1_000),
            ("n1", nil, 2), ("n2", nil, 50), ("n3", nil, 5), ("n9", nil, 5),
            (nil, EventFactory.code(1), 50), (nil, EventFactory.code(2), 1), ("n2", EventFactory.code(1), 50),
            (nil, "000.00.12.H56-250701-9999", 50),
        ]
        for (origin, dossier, limit) in cases {
            let found = try log.store.read { try $0.latestEvents(origin: origin, dossier: dossier, limit: limit) }
            XCTAssertEqual(
                found.map(\.id), Self.expected(events, origin: origin, dossier: dossier, limit: limit),
                "origin \(origin ?? "-"), dossier \(dossier ?? "-"), limit \(limit)")
        }
    }

    func testTheNewestEventComesBackWhole() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("whole")
        let events = Self.interleavedHistory()
        _ = try log.apply(events)
        let newest = try XCTUnwrap(try log.store.read { try $0.latestEvents(origin: nil, dossier: nil, limit: 1) }.first)
        let original = try XCTUnwrap(events.first { $0.id == newest.id })
        XCTAssertEqual(newest.content, original)
        XCTAssertEqual(newest.id, EventID(origin: "n2", sequence: 5), "same clock reading: the greater origin is newer")
    }

    func testAnEmptyLogHasNoLatestEvents() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("empty")
        XCTAssertEqual(try store.read { try $0.latestEvents(origin: nil, dossier: nil, limit: 50) }, [])
    }
}
