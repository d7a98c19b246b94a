import CaseCore
import TestSupport
import XCTest
@testable import CaseSimulation
import CaseReplication

/// What the simulator's in-memory log does beyond the `ReplicaLog` contract (which
/// `InMemoryReplicaLogContractTests` holds it to): its errors and limits, local authoring,
/// and the faults that prove the checkers catch a broken log.
final class InMemoryReplicaLogTests: XCTestCase {
    private let code = "N2-250701-0001"

    /// That the call is refused whole is the contract's (`InMemoryReplicaLogContractTests`).
    func testARefusalNamesTheMalformedEvent() throws {
        let log = InMemoryReplicaLog(localOrigin: "n1")
        let batch = [
            TestEvents.filed(code, origin: "n2", sequence: 1),
            TestEvents.malformedFiling("N3-250701-0001", origin: "n3", sequence: 1),
        ]

        XCTAssertThrowsError(try log.apply(batch)) { error in
            guard case InMemoryReplicaLogError.malformedEvent(let problem) = error else {
                return XCTFail("expected a malformed event, got \(error)")
            }
            XCTAssertEqual(problem.event, EventID(origin: "n3", sequence: 1))
        }
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
