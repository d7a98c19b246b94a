import XCTest

@testable import CaseStorage

/// A settle replicated like any event: in whatever order the origins' batches reach a
/// node's database (the settle before the conflict it names, before the filing…), the
/// stored dossier, its conflicts' `settledBy` and the digest come out the same.
final class SettleReplicationTests: XCTestCase {
    func testEveryBatchOrderStoresTheSameSettledDossier() throws {
        var factory = EventFactory()
        let code = EventFactory.code(1)
        let start = EventFactory.startMs
        let n1 = [
            factory.filed(code, at: "n1", atMs: start),
            factory.step(.start, on: code, at: "n1", atMs: start + 10),
            factory.step(.resolve, on: code, at: "n1", atMs: start + 30),
        ]
        let withdrawal = factory.step(.requestWithdrawal, on: code, at: "n3", atMs: start + 40)
        let settle = factory.step(
            .settle, on: code, at: "n2", payload: ["events": [.string(withdrawal.id.description)], "note": "giữ kết quả"],
            atMs: start + 50)
        let batches = [n1, [withdrawal], [settle]]
        let fixture = try StoreFixture()
        var reference: ReplicaContents?
        var firstStore: CaseStore?
        for (number, order) in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]].enumerated() {
            let log = try fixture.log("order\(number)")
            for index in order { _ = try log.apply(batches[index]) }
            if firstStore == nil { firstStore = log.store }
            let contents = try ReplicaContents(log.store)
            if let reference { XCTAssertEqual(contents, reference, "\(order)") } else { reference = contents }
            let (maintained, recomputed) = try log.store.maintainedAndRecomputedDigests()
            XCTAssertEqual(maintained, recomputed, "\(order)")
        }
        let stored = try XCTUnwrap(try storedDossier(try XCTUnwrap(firstStore), code))
        XCTAssertEqual(stored.status, .resolved)
        XCTAssertEqual(stored.state["conflicts"]?[0]?["event"], .string(withdrawal.id.description))
        XCTAssertEqual(stored.state["conflicts"]?[0]?["settledBy"], .string(settle.id.description))
    }
}
