import CaseCore
import XCTest

@testable import CaseStorage
import CaseSupport
import CaseSQLite

/// What a node indexes out of the events it stores (idempotency keys, successors of retired
/// centres): kept with every stored event, local or replicated, the same on every node
/// whatever order events arrive in, filled by migration 8.
final class IndexedFactsStoreTests: XCTestCase {
    private static let record = try! IdempotencyRecord(key: "retry-key-0123456789", scope: "0123456789abcdef", target: "POST /v1/dossiers", body: ["a": 1])

    private func keyed(_ event: ChangeEvent, _ record: IdempotencyRecord = record) -> ChangeEvent {
        ChangeEvent(
            origin: event.origin, sequence: event.sequence, timestamp: event.timestamp, dossierCode: event.dossierCode,
            kind: event.kind, actor: event.actor, centre: event.centre, payload: record.adding(to: event.payload))
    }

    private func held(_ store: CaseStore, _ record: IdempotencyRecord = record) throws -> HeldIdempotencyKey? {
        try store.read { try $0.idempotencyKey(scope: record.scope, key: record.key) }
    }

    func testALocalEventsKeyIsIndexedWithItsDossierAndEvent() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("n1")
        var events = EventFactory()
        let filing = keyed(events.filed(EventFactory.code(1), at: "n1"))
        try store.writeLocal(filing)
        XCTAssertEqual(
            try held(store), HeldIdempotencyKey(Self.record, of: filing))
        XCTAssertNil(try store.read { try $0.idempotencyKey(scope: "another-token-id", key: Self.record.key) }, "keys are per caller")
    }

    func testAReplicatedEventsKeyIsFoundAtTheReceivingNode() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("n2")
        var events = EventFactory()
        let filing = events.filed(EventFactory.code(1), at: "n1")
        let step = keyed(events.step(.start, on: filing.dossierCode, at: "n1"))
        _ = try log.apply([filing, step], certificates: [])
        XCTAssertEqual(try held(log.store)?.event, step.id)
        XCTAssertEqual(try held(log.store)?.dossierCode, filing.dossierCode)
    }

    /// A retry that reached a second node before the first outcome replicated makes two
    /// events with one key: every node must answer the key with the same (earliest) one.
    func testTheEarliestEventWithAKeyWinsWhateverTheArrivalOrder() throws {
        let fixture = try StoreFixture()
        var events = EventFactory()
        let early = keyed(events.filed(EventFactory.code(1), at: "n1"))
        let late = keyed(events.filed(EventFactory.code(2), at: "n2"))
        for (name, order) in [("early first", [early, late]), ("late first", [late, early])] {
            let log = try fixture.log(name.replacingOccurrences(of: " ", with: "-"))
            for event in order { _ = try log.apply([event], certificates: []) }
            XCTAssertEqual(try held(log.store)?.event, early.id, name)
        }
    }

    func testAReplicatedEventWithAMalformedRecordIsRefusedAndNothingIsStored() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("n2")
        let malformed: [(String, JSONValue)] = [
            ("short key", ["key": "short", "scope": "s", "requestSha256": .string(String(repeating: "a", count: 64))]),
            ("no hash", ["key": "retry-key-0123456789", "scope": "s"]),
            ("bad hash", ["key": "retry-key-0123456789", "scope": "s", "requestSha256": "xyz"]),
            ("not an object", "retry-key-0123456789"),
        ]
        for (name, value) in malformed {
            var events = EventFactory()
            let filing = events.filed(EventFactory.code(1), at: "n1")
            let step = events.step(.start, on: filing.dossierCode, at: "n1", payload: [IdempotencyRecord.payloadField: value])
            XCTAssertThrowsError(try log.apply([filing, step], certificates: []), name) { error in
                guard case .invalidEvent(let id, let problem, _) = error as? ReplicatedBatchRefusal else { return XCTFail("\(name): \(error)") }
                XCTAssertEqual(id, step.id, name)
                XCTAssertTrue(problem.contains("idempotency"), "\(name): \(problem)")
            }
            XCTAssertEqual(try log.store.read { try $0.eventCount() }, 0, "\(name): nothing stored")
        }
    }

    func testPruningForgetsOnlyKeysOlderThanTheCutoff() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("n1")
        var events = EventFactory()
        let old = keyed(events.filed(EventFactory.code(1), at: "n1", atMs: EventFactory.startMs))
        let otherKey = try IdempotencyRecord(key: "another-key-0123456789", scope: Self.record.scope, requestSHA256: Self.record.requestSHA256)
        let new = keyed(events.filed(EventFactory.code(2), at: "n1", atMs: EventFactory.startMs + 10_000), otherKey)
        try store.writeLocal(old)
        try store.writeLocal(new)
        XCTAssertEqual(try store.write { try $0.pruneIdempotencyKeys(olderThanMs: EventFactory.startMs + 5_000) }, 1)
        XCTAssertNil(try held(store))
        XCTAssertEqual(try held(store, otherKey)?.event, new.id)
    }

    func testAReplicatedHandoverNamesTheRetiredCentresSuccessorAndTheLatestWins() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("n2")
        var events = EventFactory()
        let filing = events.filed(EventFactory.code(1), at: "n1")
        let first = events.step(.handover, on: filing.dossierCode, at: "n1", payload: ["to": "n2", "from": "n1"])
        let old = events.step(.handover, on: filing.dossierCode, at: "n1", payload: ["to": "n3"])
        _ = try log.apply([filing, first, old], certificates: [])
        XCTAssertEqual(try log.store.read { try $0.centreSuccessors() }, ["n1": "n2"], "a handover without `from` names nothing")
        try log.store.write { try $0.recordSuccessor("n4", of: "n1", atMs: EventFactory.startMs) }
        XCTAssertEqual(try log.store.read { try $0.centreSuccessors() }, ["n1": "n2"], "an earlier record does not replace a later one")
    }

    /// A node of an older version stores replicated events with keys without indexing them;
    /// upgraded, it must answer their retries (and know the successors handovers named).
    func testMigrationEightIndexesWhatEventsAlreadyHeldCarry() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("old")
        var events = EventFactory()
        let filing = keyed(events.filed(EventFactory.code(1), at: "n1"))
        let unkeyed = events.filed(EventFactory.code(2), at: "n1")
        let handover = events.step(.handover, on: unkeyed.dossierCode, at: "n1", payload: ["to": "n2", "from": "n1"])
        _ = try log.apply([filing, unkeyed, handover], certificates: [])
        log.store.close()
        try rawExecute(log.store, "DROP TABLE idempotency_keys; DROP TABLE centre_successors; PRAGMA user_version = 7;")

        let reopened = try fixture.store("old")
        XCTAssertEqual(try rawRows(reopened, "PRAGMA user_version").first?.integer(0), Int64(CaseSchema.migrator.latestVersion))
        XCTAssertEqual(try held(reopened)?.event, filing.id)
        XCTAssertEqual(try rawRows(reopened, "SELECT count(*) FROM idempotency_keys").first?.integer(0), 1)
        XCTAssertEqual(try reopened.read { try $0.centreSuccessors() }, ["n1": "n2"])
    }
}
