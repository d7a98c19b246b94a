import CaseCore
import XCTest

@testable import CaseStorage
import CaseSupport
import CaseSQLite

/// The state digest kept in `node_meta` by every save must always equal the digest computed
/// afresh from the dossier rows, and two replicas with the same events must agree on it.
final class StateDigestMaintenanceTests: XCTestCase {
    func testAFreshStoreHasTheZeroDigest() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("fresh")

        let digests = try store.maintainedAndRecomputedDigests()

        XCTAssertEqual(digests.maintained, .zero)
        XCTAssertEqual(digests.recomputed, .zero)
    }

    func testLocalFilingsAndStepsKeepTheMaintainedDigestEqualToTheRecomputedOne() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("local")
        var factory = EventFactory()
        let codes = (1...3).map(EventFactory.code)
        var local: [ChangeEvent] = codes.map { factory.filed($0, at: "n1") }
        local.append(factory.step(.start, on: codes[0], at: "n1"))
        local.append(factory.step(.note, on: codes[1], at: "n1", payload: ["note": "Bổ sung giấy khai sinh"]))
        local.append(factory.step(.resolve, on: codes[0], at: "n1"))
        local.append(factory.step(.start, on: codes[2], at: "n1"))

        var seen: Set<StateDigest> = [.zero]
        for event in local {
            try store.writeLocal(event)
            let digests = try store.maintainedAndRecomputedDigests()
            XCTAssertEqual(digests.maintained, digests.recomputed, "after \(event.id) \(event.kind)")
            XCTAssertFalse(seen.contains(digests.maintained), "every change moves the digest; \(event.id) did not")
            seen.insert(digests.maintained)
        }
    }

    /// The SQLite layer stores all text in NFC; a state saved with NFD text must be digested as stored.
    func testADossierSavedWithDecomposedTextIsDigestedAsStored() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("nfd")
        var factory = EventFactory()
        var dossier = try XCTUnwrap(DossierReducer.fold([factory.filed(EventFactory.code(1), at: "n1")]))
        dossier.applicant.fullName = "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh"
        try store.write { try $0.save(dossier) }
        let digests = try store.maintainedAndRecomputedDigests()
        XCTAssertEqual(digests.maintained, digests.recomputed)
    }

    func testTheDigestIsTheSumOfTheHashesOfTheStoredStates() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("sum")
        var factory = EventFactory()
        try store.writeLocal(factory.filed(EventFactory.code(1), at: "n1", applicant: "Trần Thị Ngọc Hà"))
        try store.writeLocal(factory.filed(EventFactory.code(2), at: "n1"))

        let states = try ReplicaContents(store).states.values
        let expected = states.reduce(StateDigest.zero) {
            $0.adding(StateDigest.term(forStoredState: Array($1.utf8)))
        }

        XCTAssertEqual(states.count, 2)
        XCTAssertEqual(try store.read { try $0.stateDigest() }, expected)
    }

    func testTwoStoresGivenTheSameEventsInDifferentBatchOrdersHaveEqualDigests() throws {
        let fixture = try StoreFixture()
        let events = Self.clusterHistory()
        let oneBatch = try fixture.log("one-batch")
        let piecemeal = try fixture.log("piecemeal")

        _ = try oneBatch.apply(events)
        // Reversed, in small batches, repeated like successive pulls until nothing is missing:
        // most events first arrive after a gap and are dropped, then come back in order.
        var random = SplitMix64(seed: 7)
        for _ in 0..<events.count {
            for batch in Self.batches(of: events.shuffled(using: &random), size: 5) { _ = try piecemeal.apply(batch) }
            if try piecemeal.versionVector() == oneBatch.versionVector() { break }
        }

        let expected = try ReplicaContents(oneBatch.store)
        XCTAssertEqual(try ReplicaContents(piecemeal.store), expected)
        XCTAssertEqual(expected.eventCount, Int64(events.count))
        XCTAssertNotEqual(expected.digest, .zero)
        XCTAssertEqual(try piecemeal.store.maintainedAndRecomputedDigests().recomputed, expected.digest)
    }

    /// Filings prepared by the receiving thread (`ChangeEvent.preparedForStorage`) are
    /// stored exactly as the writer's own fold stores them, whatever the batches.
    func testPreparedFilingsAreStoredAsTheWritersOwnFoldStoresThem() throws {
        let fixture = try StoreFixture()
        let events = Self.clusterHistory()
        let plain = try fixture.log("plain")
        let prepared = try fixture.log("prepared")
        _ = try plain.apply(events)

        var random = SplitMix64(seed: 11)
        for _ in 0..<events.count {
            for batch in Self.batches(of: events.shuffled(using: &random), size: 3) { _ = try prepared.apply(batch.map { $0.preparedForStorage() }) }
            if try prepared.versionVector() == plain.versionVector() { break }
        }

        XCTAssertTrue(events.contains { $0.preparedForStorage().prepared != nil }, "the history has filings to prepare")
        XCTAssertEqual(try ReplicaContents(prepared.store), try ReplicaContents(plain.store))
        let digests = try prepared.store.maintainedAndRecomputedDigests()
        XCTAssertEqual(digests.maintained, digests.recomputed)
    }

    func testAlteringAStateRowDirectlyMakesTheRecomputedDigestDiffer() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("altered")
        _ = try log.apply(Self.clusterHistory())
        let before = try log.store.maintainedAndRecomputedDigests()
        XCTAssertEqual(before.maintained, before.recomputed)

        try rawExecute(
            log.store, "UPDATE dossiers SET state = replace(state, 'Ánh', 'Anh') WHERE code = ?",
            [.text(EventFactory.code(2))])

        let after = try log.store.maintainedAndRecomputedDigests()
        XCTAssertEqual(after.maintained, before.maintained, "the maintained digest only moves through save")
        XCTAssertNotEqual(after.recomputed, after.maintained)
    }

    func testMigrationTwoSeedsTheDigestOfDossiersStoredBeforeIt() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("old")
        _ = try log.apply(Self.clusterHistory())
        let expected = try log.digest()
        log.store.close()
        // Make the file look as a schema-1 build left it: no digest kept.
        let connection = try SQLiteConnection(path: log.store.path)
        try connection.execute("DELETE FROM node_meta WHERE key = 'state_digest'")
        try connection.execute("DROP TABLE api_tokens")  // added by migration 3
        try connection.setUserVersion(1)
        try connection.close()

        let reopened = try fixture.store("old")

        XCTAssertEqual(try reopened.maintainedAndRecomputedDigests().maintained, expected)
        XCTAssertNotEqual(expected, .zero)
    }

    func testAStoredDigestThatIsNotHexIsReportedAsDamage() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store("damaged")
        try rawExecute(store, "UPDATE node_meta SET value = 'not a digest' WHERE key = 'state_digest'")

        XCTAssertThrowsError(try store.read { try $0.stateDigest() }) { error in
            XCTAssertTrue(error is StoreCorruption, "\(error)")
        }
    }

    /// Three centres filing and acting on six dossiers, some steps on another centre's dossier.
    static func clusterHistory() -> [ChangeEvent] {
        var factory = EventFactory()
        var events: [ChangeEvent] = []
        for number in 1...6 {
            events.append(factory.filed(EventFactory.code(number), at: ["n1", "n2", "n3"][number % 3]))
        }
        events.append(factory.step(.start, on: EventFactory.code(1), at: "n2"))
        events.append(factory.step(.start, on: EventFactory.code(2), at: "n3"))
        events.append(factory.step(.transfer, on: EventFactory.code(2), at: "n1", payload: ["to": "n2"]))
        events.append(factory.step(.resolve, on: EventFactory.code(1), at: "n1"))
        events.append(factory.step(.note, on: EventFactory.code(3), at: "n3", payload: ["note": "Đã gọi điện"]))
        events.append(factory.step(.returnResult, on: EventFactory.code(1), at: "n3"))
        return events
    }

    static func batches(of events: [ChangeEvent], size: Int) -> [[ChangeEvent]] {
        stride(from: 0, to: events.count, by: size).map { Array(events[$0..<min($0 + size, events.count)]) }
    }
}
