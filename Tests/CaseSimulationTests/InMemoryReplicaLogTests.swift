import CaseCore
import CaseWire
import TestSupport
import XCTest
@testable import CaseSimulation
import CaseSupport
import CaseReplication

/// The `ReplicaLog.apply` contract (contiguous prefix only, duplicates
/// ignored, gaps dropped, all-or-nothing, dossiers refolded) and the rest of
/// the port, on the simulator's in-memory log.
final class InMemoryReplicaLogTests: XCTestCase {
    private let code = "N2-250701-0001"

    func testStoresEventsThatExtendThePrefixAdvancesTheVectorAndFoldsTheDossier() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        let events = [
            TestEvents.filed(code, origin: "n2", sequence: 1),
            TestEvents.step(.start, code, origin: "n2", sequence: 2, atMs: 10),
        ]

        let stored = try log.apply(events)

        XCTAssertEqual(stored, events)
        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 2]))
        XCTAssertEqual(log.eventCount, 2)
        XCTAssertEqual(log.dossier(code: code)?.status, .processing)
        XCTAssertEqual(log.dossier(code: code)?.history.map(\.event), events.map(\.id))
        XCTAssertEqual(try log.digest(), try log.recomputedDigest())
        XCTAssertNotEqual(try log.digest(), .zero)
    }

    func testApplyingTheSameEventsAgainChangesNothing() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        let events = TestEvents.chain(origin: "n2", code: code, count: 3)
        _ = try log.apply(events)
        let digest = try log.digest()

        XCTAssertEqual(try log.apply(events), [])
        XCTAssertEqual(try log.apply(Array(events.prefix(2))), [])

        XCTAssertEqual(log.eventCount, 3)
        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 3]))
        XCTAssertEqual(try log.digest(), digest)
        XCTAssertEqual(log.dossier(code: code)?.version, 3)
    }

    /// Each case: the sequences held before, the sequences of one call (in
    /// that order; each origin's are taken in sequence order, as the SQLite log
    /// does), what the call stores, and the head afterwards.
    func testOnlyEventsThatExtendTheContiguousPrefixAreStored() throws {
        let cases: [(held: [Int64], batch: [Int64], stored: [Int64], head: Int64)] = [
            ([], [1, 2, 3], [1, 2, 3], 3),
            ([], [1, 3], [1], 1),
            ([], [2], [], 0),
            ([1], [3, 2], [2, 3], 3),
            ([1, 2], [2, 3, 3, 4], [3, 4], 4),
            ([1, 2, 3], [1, 2], [], 3),
            ([1], [2, 4, 3], [2, 3, 4], 4),
            ([1], [4, 2], [2], 2),
        ]
        let chain = TestEvents.chain(origin: "n2", code: code, count: 4)
        for (held, batch, expected, head) in cases {
            let log = InMemoryReplicaLog(localOrigin: "n1")
            _ = try log.apply(held.map { chain[Int($0) - 1] })

            let stored = try log.apply(batch.map { chain[Int($0) - 1] })

            let label = "held \(held), applying \(batch)"
            XCTAssertEqual(stored.map(\.sequence), expected, label)
            XCTAssertEqual(try log.versionVector()["n2"], head, label)
            XCTAssertEqual(log.heldVersionVector["n2"], head, label)
            XCTAssertEqual(log.dossier(code: code)?.version ?? 0, Int(head), label)
        }
    }

    func testAMalformedEventLeavesTheWholeCallUnapplied() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        _ = try log.apply([TestEvents.filed(code, origin: "n2", sequence: 1)])
        let digest = try log.digest()
        let batch = [
            TestEvents.step(.start, code, origin: "n2", sequence: 2, atMs: 5),
            TestEvents.malformedFiling("N3-250701-0001", origin: "n3", sequence: 1),
        ]

        XCTAssertThrowsError(try log.apply(batch)) { error in
            guard case InMemoryReplicaLogError.malformedEvent(let problem) = error else {
                return XCTFail("expected a malformed event, got \(error)")
            }
            XCTAssertEqual(problem.event, EventID(origin: "n3", sequence: 1))
        }

        XCTAssertEqual(log.eventCount, 1)
        XCTAssertEqual(try log.versionVector(), VersionVector(["n2": 1]))
        XCTAssertNil(try log.event(EventID(origin: "n2", sequence: 2)))
        XCTAssertEqual(log.dossier(code: code)?.status, .received)
        XCTAssertEqual(log.dossierCodes, [code])
        XCTAssertEqual(try log.digest(), digest)
    }

    func testACallWithTooManyEventsIsRefusedWhole() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        let tooMany = (1...Int64(InMemoryReplicaLog.maxEventsPerApply + 1)).map {
            TestEvents.step(.note, code, origin: "n2", sequence: $0, atMs: $0)
        }

        XCTAssertThrowsError(try log.apply(tooMany)) { error in
            XCTAssertTrue("\(error)".contains("at most \(InMemoryReplicaLog.maxEventsPerApply)"), "\(error)")
        }
        XCTAssertEqual(log.eventCount, 0)
    }

    func testStepsThatArriveBeforeTheirFilingAreFoldedWhenItArrives() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        _ = try log.apply([TestEvents.step(.start, code, origin: "n3", sequence: 1, atMs: 10)])

        XCTAssertNil(log.dossier(code: code))
        XCTAssertEqual(try log.digest(), .zero)
        XCTAssertEqual(try log.versionVector(), VersionVector(["n3": 1]))

        _ = try log.apply([TestEvents.filed(code, origin: "n2", sequence: 1)])

        XCTAssertEqual(log.dossier(code: code)?.status, .processing)
        XCTAssertEqual(log.dossier(code: code)?.history.count, 2)
        XCTAssertEqual(try log.digest(), try log.recomputedDigest())
    }

    /// Concurrent and conflicting steps from three origins, delivered in
    /// random batches in random orders (so some are dropped as gaps and
    /// arrive again later): every log ends with the fold of all the events.
    func testAnyArrivalOrderEndsWithTheFoldOfAllEvents() throws {
        let other = "N3-250701-0001"
        let events = [
            TestEvents.filed(code, origin: "n2", sequence: 1, atMs: 0),
            TestEvents.step(.start, code, origin: "n2", sequence: 2, atMs: 20),
            TestEvents.step(.resolve, code, origin: "n2", sequence: 3, atMs: 40),
            TestEvents.filed(other, origin: "n3", sequence: 1, atMs: 5),
            TestEvents.step(.start, code, origin: "n3", sequence: 2, atMs: 25),  // conflicts with n2's start
            TestEvents.step(.requestWithdrawal, other, origin: "n3", sequence: 3, atMs: 30),
            TestEvents.step(.requestSupplement, code, origin: "n1", sequence: 1, atMs: 35, payload: ["remainingWorkingMs": 1_000]),
            TestEvents.step(.stop, other, origin: "n1", sequence: 2, atMs: 45, payload: ["reason": "rút hồ sơ"]),
            TestEvents.step(.note, code, origin: "n1", sequence: 3, atMs: 1, payload: ["note": "sớm"]),
        ]
        let expected = try [code, other].map { code in try DossierReducer.fold(events.filter { $0.dossierCode == code }) }
        XCTAssertFalse(expected[0]!.conflicts.isEmpty, "the scenario must contain a conflict")
        var random = SplitMix64(seed: 7)
        for trial in 0..<40 {
            let log = InMemoryReplicaLog(localOrigin: "n9")
            var rounds = 0
            while log.eventCount < events.count {
                rounds += 1
                XCTAssertLessThan(rounds, 1_000, "trial \(trial) never stored everything")
                let batch = Array(events.shuffled(using: &random).prefix(Int.random(in: 1...events.count, using: &random)))
                _ = try log.apply(batch)
            }
            XCTAssertEqual(log.dossier(code: code), expected[0], "trial \(trial)")
            XCTAssertEqual(log.dossier(code: other), expected[1], "trial \(trial)")
            XCTAssertEqual(try log.digest(), try log.recomputedDigest(), "trial \(trial)")
            XCTAssertEqual(try log.versionVector(), VersionVector(["n1": 3, "n2": 3, "n3": 3]))
        }
    }

    func testTheDigestIsTheSumOfTheDossiersCanonicalHashes() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        _ = try log.apply(TestEvents.chain(origin: "n2", code: code, count: 2))
        _ = try log.apply(TestEvents.chain(origin: "n3", code: "N3-250701-0001", count: 1))

        let terms = log.dossierCodes.map { StateDigest.term(forStoredState: JSONWriter.serialize(log.dossier(code: $0)!.storedJSON)) }

        XCTAssertEqual(terms.count, 2)
        XCTAssertEqual(try log.digest(), terms[0].adding(terms[1]))
    }

    func testMissingEventsComeOriginByOriginInSequenceOrder() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        _ = try log.apply(TestEvents.chain(origin: "n3", code: "N3-250701-0001", count: 1))
        _ = try log.apply(TestEvents.chain(origin: "n2", code: code, count: 2))
        _ = try log.apply(TestEvents.chain(origin: "n1", code: "N1-250701-0001", count: 3))

        let missing = try log.events(missingFrom: VersionVector(["n1": 1, "n3": 1, "n7": 4]), maxEvents: 100, maxBytes: 1 << 20)

        XCTAssertEqual(missing.map(\.id.description), ["n1/2", "n1/3", "n2/1", "n2/2"])
        XCTAssertEqual(try log.events(missingFrom: log.heldVersionVector, maxEvents: 100, maxBytes: 1 << 20), [])
    }

    /// Each case: the bounds, and how many of the four missing events come back.
    func testBatchesStopBeforeABoundWouldBeExceededButHoldAtLeastOneEvent() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        let chain = TestEvents.chain(origin: "n2", code: code, count: 4)
        _ = try log.apply(chain)
        let sizes = chain.map(\.estimatedEncodedBytes)
        let cases: [(maxEvents: Int, maxBytes: Int, count: Int)] = [
            (100, 1 << 20, 4),
            (2, 1 << 20, 2),
            (1, 1 << 20, 1),
            (100, 1, 1),
            (100, sizes[0] + sizes[1], 2),
            (100, sizes[0] + sizes[1] - 1, 1),
            (3, sizes.reduce(0, +), 3),
        ]
        for (maxEvents, maxBytes, count) in cases {
            let batch = try log.events(missingFrom: VersionVector(), maxEvents: maxEvents, maxBytes: maxBytes)
            XCTAssertEqual(batch, Array(chain.prefix(count)), "maxEvents \(maxEvents), maxBytes \(maxBytes)")
        }
    }

    func testEventsAreFoundByIdentity() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        let chain = TestEvents.chain(origin: "n2", code: code, count: 2)
        _ = try log.apply(chain)

        XCTAssertEqual(try log.event(EventID(origin: "n2", sequence: 2)), chain[1])
        XCTAssertNil(try log.event(EventID(origin: "n2", sequence: 3)))
        XCTAssertNil(try log.event(EventID(origin: "n2", sequence: 0)))
        XCTAssertNil(try log.event(EventID(origin: "n5", sequence: 1)))
    }

    func testLocalEventsAreNumberedAfterTheHead() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        XCTAssertEqual(log.nextLocalSequence, 1)

        try log.appendLocal(TestEvents.filed("N1-250701-0001", origin: "n1", sequence: 1))
        try log.appendLocal(TestEvents.step(.start, "N1-250701-0001", origin: "n1", sequence: 2, atMs: 3))

        XCTAssertEqual(log.nextLocalSequence, 3)
        XCTAssertEqual(try log.versionVector(), VersionVector(["n1": 2]))
        XCTAssertEqual(log.dossier(code: "N1-250701-0001")?.status, .processing)
        XCTAssertEqual(log.maxTimestamp, HLCTimestamp(physicalMs: TestEvents.baseMs + 3, logical: 0))
    }

    /// The shared test events (TestSupport cannot see the simulator) are timed from its epoch.
    func testTestEventsAreTimedFromTheSimulatorsEpoch() {
        XCTAssertEqual(TestEvents.baseMs, SimulatedNode.epochMs)
    }

    func testTheSkipVersionVectorFaultStoresEventsButReportsThemMissing() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        log.faults = [.skipVersionVectorUpdate]

        _ = try log.apply(TestEvents.chain(origin: "n2", code: code, count: 2))
        try log.appendLocal(TestEvents.filed("N1-250701-0001", origin: "n1", sequence: 1))

        XCTAssertEqual(log.heldVersionVector, VersionVector(["n1": 1, "n2": 2]))
        XCTAssertEqual(try log.versionVector(), VersionVector(["n1": 1]), "only local appends advance it")
        XCTAssertEqual(try log.digest(), try log.recomputedDigest())
    }

    func testTheSkipRefoldFaultLeavesTheDigestStale() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        log.faults = [.skipRefold]

        _ = try log.apply(TestEvents.chain(origin: "n2", code: code, count: 2))

        XCTAssertEqual(log.eventCount, 2)
        XCTAssertNil(log.dossier(code: code))
        XCTAssertNotEqual(try log.digest(), try log.recomputedDigest())
    }
}
