import CaseCore
import TestSupport
import XCTest

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
}
