import CaseCore
import CaseWire
import XCTest

@testable import CaseStorage
import CaseSupport
import CaseReplication

/// `SQLiteReplicaLog.apply`: only contiguous prefixes are stored, duplicates change nothing,
/// the version vector moves exactly, and dossier state is refolded from all events.
final class ReplicaApplyTests: XCTestCase {
    func testApplyingTheSameBatchTwiceStoresItOnce() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("idempotent")
        let events = StateDigestMaintenanceTests.clusterHistory()

        let first = try log.apply(events)
        let afterFirst = try ReplicaContents(log.store)
        let second = try log.apply(events)

        XCTAssertEqual(first.count, events.count)
        XCTAssertEqual(second, [])
        XCTAssertEqual(try ReplicaContents(log.store), afterFirst)
        XCTAssertEqual(log.anomalies, ReplicaLogAnomalies(), "identical duplicates are not anomalies")
    }

    func testEventsAfterAGapAreDroppedAndStoredOnceTheGapIsFilled() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("gap")
        var factory = EventFactory()
        let code = EventFactory.code(1)
        let events = [
            factory.filed(code, at: "n1"), factory.step(.start, on: code, at: "n1"),
            factory.step(.note, on: code, at: "n1"), factory.step(.resolve, on: code, at: "n1"),
        ]

        let withGap = try log.apply([events[0], events[2], events[3]])
        XCTAssertEqual(withGap.map(\.id), [events[0].id])
        XCTAssertEqual(try log.versionVector(), VersionVector(["n1": 1]))
        XCTAssertNil(try log.event(events[2].id), "an event after a gap is not stored")
        XCTAssertEqual(try storedDossier(log.store, code)?.status, .received)

        let filled = try log.apply([events[1], events[2], events[3]])
        XCTAssertEqual(filled.map(\.id), events[1...].map(\.id))
        XCTAssertEqual(try log.versionVector(), VersionVector(["n1": 4]))
        XCTAssertEqual(try storedDossier(log.store, code)?.status, .resolved)
    }

    func testEachOriginIsStoredInSequenceOrderAcrossBatches() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("order")
        var factory = EventFactory()
        let events = (1...6).map { factory.filed(EventFactory.code($0), at: "n1") }

        let first = try log.apply(Array(events[0..<3].reversed()))
        let second = try log.apply([events[5], events[3], events[4]])

        XCTAssertEqual(first.map(\.sequence), [1, 2, 3], "returned in sequence order whatever the batch order")
        XCTAssertEqual(second.map(\.sequence), [4, 5, 6])
        XCTAssertEqual(try log.versionVector(), VersionVector(["n1": 6]))
    }

    func testABatchFromSeveralOriginsAdvancesEachOriginExactly() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("origins")
        var factory = EventFactory()
        var events: [ChangeEvent] = []
        for number in 1...9 { events.append(factory.filed(EventFactory.code(number), at: ["n3", "n1", "n2"][number % 3])) }
        // n2's third event is withheld: n2 stops at 2 and n2's fourth is dropped.
        let n2Third = events.filter { $0.origin == "n2" }[2]
        events.append(factory.filed(EventFactory.code(10), at: "n2"))

        var random = SplitMix64(seed: 42)
        let stored = try log.apply(events.filter { $0.id != n2Third.id }.shuffled(using: &random))

        XCTAssertEqual(try log.versionVector(), VersionVector(["n1": 3, "n2": 2, "n3": 3]))
        XCTAssertEqual(stored.map(\.id.description), ["n1/1", "n1/2", "n1/3", "n2/1", "n2/2", "n3/1", "n3/2", "n3/3"])
        XCTAssertEqual(try ReplicaContents(log.store).states.count, 8)
    }

    func testStepsThatArriveBeforeTheirFilingWaitForIt() throws {
        let fixture = try StoreFixture()
        let early = try fixture.log("early")
        let reference = try fixture.log("reference")
        var factory = EventFactory()
        let code = EventFactory.code(1)
        let filing = factory.filed(code, at: "n1")
        let steps = [
            factory.step(.start, on: code, at: "n2"), factory.step(.transfer, on: code, at: "n2", payload: ["to": "n3"]),
        ]
        _ = try reference.apply([filing] + steps)

        XCTAssertEqual(try early.apply(steps).count, 2, "another origin's steps are stored before the filing")
        XCTAssertNil(try storedDossier(early.store, code), "no dossier row without its filing")
        XCTAssertEqual(try early.digest(), .zero)

        XCTAssertEqual(try early.apply([filing]).map(\.id), [filing.id])
        let dossier = try XCTUnwrap(try storedDossier(early.store, code))
        XCTAssertEqual(dossier.status, .processing)
        XCTAssertEqual(dossier.state["handlingCentre"]?.stringValue, "n3")
        XCTAssertEqual(dossier.version, 3)
        XCTAssertEqual(try ReplicaContents(early.store), try ReplicaContents(reference.store))
    }

    func testConcurrentConflictingStepsGiveTheSameStateWhateverTheArrivalOrder() throws {
        var factory = EventFactory()
        let code = EventFactory.code(1)
        let filing = factory.filed(code, at: "n1", channel: .online)
        // Taken at two centres before either heard of the other: accept sorts first (earlier HLC).
        let accept = factory.step(.accept, on: code, at: "n1", atMs: EventFactory.startMs + 60_000)
        let refuse = factory.step(.refuse, on: code, at: "n2", atMs: EventFactory.startMs + 61_000)
        let fixture = try StoreFixture()
        var results: [ReplicaContents] = []

        for (index, order) in Self.permutations(of: [filing, accept, refuse]).enumerated() {
            let log = try fixture.log("order-\(index)")
            for event in order { _ = try log.apply([event]) }
            _ = try log.apply(order)  // the next pull brings whatever a gap dropped
            results.append(try ReplicaContents(log.store))

            let dossier = try XCTUnwrap(try storedDossier(log.store, code), "order \(order.map(\.id))")
            XCTAssertEqual(dossier.status, .received, "accept wins in every order")
            XCTAssertEqual(dossier.state["conflicts"]?.arrayValue?.count, 1)
        }

        XCTAssertEqual(results.count, 6)
        XCTAssertEqual(Set(results.map(\.digest)).count, 1, "\(results)")
        XCTAssertTrue(results.allSatisfy { $0 == results[0] })
    }

    func testABatchWithAnInvalidEventIsRefusedWholeAndStoresNothing() throws {
        var factory = EventFactory()
        let cases: [(name: String, invalid: ChangeEvent)] = [
            ("upper-case origin", factory.filed(EventFactory.code(9), at: "N9")),
            ("empty origin", factory.filed(EventFactory.code(9), at: "")),
            ("origin with a space", factory.step(.note, on: EventFactory.code(1), at: "xã an")),
            ("malformed dossier code", factory.step(.note, on: "H56-2025-1", at: "n9")),
            ("dossier code with SQL", factory.step(.note, on: "x'; DROP TABLE events; --", at: "n9")),
            ("filing without applicant", factory.make(
                origin: "n9", code: EventFactory.code(9), kind: .filed,
                payload: ["procedureCode": "1.001612", "receivingCentre": "n9", "competentCentre": "n9", "originalDueAtMs": 1])),
            ("filing whose payload is not an object", factory.make(
                origin: "n9", code: EventFactory.code(9), kind: .filed, payload: .string("filed"))),
        ]
        for (name, invalid) in cases {
            let fixture = try StoreFixture()
            let log = try fixture.log("invalid")
            let valid = StateDigestMaintenanceTests.clusterHistory()

            XCTAssertThrowsError(try log.apply(valid + [invalid]), name) { error in
                guard case .invalidEvent(let id, _, let count)? = error as? ReplicatedBatchRefusal else {
                    return XCTFail("\(name): \(error)")
                }
                XCTAssertEqual(id, invalid.id, name)
                XCTAssertEqual(count, valid.count + 1, name)
            }
            XCTAssertEqual(try log.versionVector(), VersionVector(), name)
            XCTAssertEqual(try ReplicaContents(log.store).eventCount, 0, name)
            XCTAssertEqual(try ReplicaContents(log.store).states, [:], name)
            XCTAssertEqual(try log.digest(), .zero, name)
        }
    }

    func testAnEventHeldWithDifferentContentIsCountedAndNotOverwritten() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("divergent")
        var factory = EventFactory()
        let original = factory.filed(EventFactory.code(1), at: "n1")
        _ = try log.apply([original])
        let before = try ReplicaContents(log.store)
        let impostor = ChangeEvent(
            origin: original.origin, sequence: original.sequence, timestamp: original.timestamp,
            dossierCode: original.dossierCode, kind: original.kind, actor: "someone else", centre: original.centre,
            payload: original.payload)

        XCTAssertEqual(try log.apply([impostor]), [])

        XCTAssertEqual(try log.event(original.id), original)
        XCTAssertEqual(try ReplicaContents(log.store), before)
        XCTAssertEqual(log.anomalies.divergentDuplicates, 1)
        XCTAssertEqual(log.anomalies.lastDivergentDuplicate, original.id)
    }

    func testACopyDifferingOnlyInUnicodeNormalisationIsNotAnAnomaly() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("normalisation")
        var factory = EventFactory()
        let decomposed = "Nguye\u{302}\u{303}n Va\u{306}n A\u{301}nh"  // "Nguyễn Văn Ánh" in NFD
        let original = factory.filed(EventFactory.code(1), at: "n1", applicant: decomposed)

        _ = try log.apply([original])
        XCTAssertEqual(try log.apply([original]), [])

        XCTAssertEqual(log.anomalies.divergentDuplicates, 0)
        let stored = try XCTUnwrap(try log.event(original.id))
        XCTAssertEqual(stored.payload["applicant"]?["fullName"]?.stringValue?.unicodeScalars.count, 14, "stored in NFC")
    }

    func testStoredEventsReadBackAsApplied() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("readback")
        let events = StateDigestMaintenanceTests.clusterHistory()
        _ = try log.apply(events)

        for event in events { XCTAssertEqual(try log.event(event.id), event) }
        XCTAssertNil(try log.event(EventID(origin: "n1", sequence: 99)))
        XCTAssertNil(try log.event(EventID(origin: "n7", sequence: 1)))
    }

    func testAnEmptyBatchChangesNothing() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("empty")
        _ = try log.apply(StateDigestMaintenanceTests.clusterHistory())
        let before = try ReplicaContents(log.store)

        XCTAssertEqual(try log.apply([]), [])
        XCTAssertEqual(try ReplicaContents(log.store), before)
    }

    func testEventsWrittenLocallyAndReceivedShareOneLog() throws {
        let fixture = try StoreFixture()
        let log = try fixture.log("mixed")
        var factory = EventFactory()
        let code = EventFactory.code(1)
        try log.store.writeLocal(factory.filed(code, at: "n1"))
        let remote = factory.step(.start, on: code, at: "n2")

        XCTAssertEqual(try log.apply([remote]), [remote])
        try log.store.writeLocal(factory.step(.resolve, on: code, at: "n1"))

        XCTAssertEqual(try log.versionVector(), VersionVector(["n1": 2, "n2": 1]))
        XCTAssertEqual(try storedDossier(log.store, code)?.status, .resolved)
        let digests = try log.store.maintainedAndRecomputedDigests()
        XCTAssertEqual(digests.maintained, digests.recomputed)
    }

    static func permutations<T>(of items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[T]] in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(of: rest).map { [first] + $0 }
        }
    }
}
