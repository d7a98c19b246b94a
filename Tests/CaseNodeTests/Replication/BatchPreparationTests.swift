import TestSupport
import XCTest

@testable import CaseCore
@testable import CaseNode

/// A received batch's filings are prepared on every core: the result must be the batch,
/// in its order, each filing prepared as on one thread.
final class BatchPreparationTests: XCTestCase {
    func testABatchPreparedInChunksKeepsItsOrderAndPreparesEveryFiling() {
        let count = ReplicationRuntime.preparationChunk * 3 + 5
        let events = (1...Int64(count)).map { sequence in
            sequence % 4 == 0
                ? TestEvents.step(.note, "N1-250701-0001", origin: "n1", sequence: sequence, atMs: sequence, payload: ["note": "x"])
                : TestEvents.filed(String(format: "N1-250701-%04d", sequence), origin: "n1", sequence: sequence)
        }

        let prepared = ReplicationRuntime.preparedForStorage(events)

        XCTAssertEqual(prepared, events, "the same events in the same order")
        XCTAssertEqual(prepared.map { $0.prepared != nil }, events.map { $0.kind == .filed })
        XCTAssertEqual(prepared.map(\.prepared?.storedState), events.map { $0.preparedForStorage().prepared?.storedState })
        XCTAssertEqual(ReplicationRuntime.preparedForStorage(Array(events.prefix(3))).compactMap(\.prepared).count, 3, "a small batch too")
    }

    /// Shuffled, from two origins, longer than a chunk: each event carries its own filing.
    func testEveryEventOfAShuffledBatchCarriesItsOwnFiling() {
        let events = (1...Int64(ReplicationRuntime.preparationChunk + 20)).flatMap { sequence in
            ["n1", "n2"].map { origin in
                TestEvents.filed(String(format: "%@-250701-%04d", origin.uppercased(), sequence), origin: origin, sequence: sequence)
            }
        }.shuffled()

        for event in ReplicationRuntime.preparedForStorage(events) {
            XCTAssertEqual(event.decodedFiling, event.content.preparedForStorage().decodedFiling, "\(event.id)")
            XCTAssertEqual(event.prepared?.state.code, event.dossierCode, "\(event.id)")
        }
    }

    /// Each origin's links, chained from genesis as the writer chains them.
    private static func links(of events: [ChangeEvent]) -> [EventID: [UInt8]] {
        var links: [EventID: [UInt8]] = [:]
        var last: [String: [UInt8]] = [:]
        for event in events.sorted(by: { $0.id < $1.id }) {
            let link = EventChain.computedLink(after: last[event.origin] ?? EventChain.genesis(origin: event.origin), event)
            links[event.id] = link
            last[event.origin] = link
        }
        return links
    }

    private static func previous(of event: ChangeEvent, in links: [EventID: [UInt8]]) -> [UInt8] {
        links[EventID(origin: event.origin, sequence: event.sequence - 1)] ?? EventChain.genesis(origin: event.origin)
    }

    func testEachOriginsLinksAreWorkedOutFromGenesisThenFromTheLastBatchAndTheWriterTakesThem() {
        let events = TestEvents.chain(origin: "n1", code: "N1-250701-0001", count: 150)
            + TestEvents.chain(origin: "n2", code: "N2-250701-0001", count: 150)
        let expected = Self.links(of: events)
        let preparation = ReceivedBatchPreparation(storedLink: { _ in nil })
        let batches = [Array(events[0..<100]) + Array(events[150..<250]), Array(events[100..<150]) + Array(events[250..<300])]

        for batch in batches {
            for event in preparation.prepare(batch.shuffled()) {
                let previous = Self.previous(of: event, in: expected)
                XCTAssertEqual(event.knownLink(after: previous), expected[event.id], "\(event.id) carries its link")
                XCTAssertNil(event.knownLink(after: [UInt8](repeating: 7, count: 32)), "and takes it only after the same link")
                XCTAssertEqual(EventChain.link(after: [UInt8](repeating: 7, count: 32), event), EventChain.computedLink(after: [UInt8](repeating: 7, count: 32), event))
            }
        }
    }

    func testABatchAfterAGapIsLinkedFromTheStoredLinkOrLeftToTheWriter() {
        let events = TestEvents.chain(origin: "n1", code: "N1-250701-0001", count: 20)
        let expected = Self.links(of: events)
        let stored = ReceivedBatchPreparation(storedLink: { expected[$0] })
        let unknown = ReceivedBatchPreparation(storedLink: { _ in nil })
        let later = Array(events[10..<20])

        for event in stored.prepare(later) {
            XCTAssertEqual(event.knownLink(after: Self.previous(of: event, in: expected)), expected[event.id])
        }
        for event in unknown.prepare(later) {
            XCTAssertNil(event.knownLink(after: Self.previous(of: event, in: expected)), "no link to go on")
            XCTAssertEqual(EventChain.link(after: Self.previous(of: event, in: expected), event), expected[event.id])
        }
        let skipping = stored.prepare([events[12], events[13], events[15]])
        XCTAssertNotNil(skipping[1].knownLink(after: expected[events[12].id]!))
        XCTAssertNil(skipping[2].knownLink(after: expected[events[14].id]!), "not after a gap in the batch")
    }
}
