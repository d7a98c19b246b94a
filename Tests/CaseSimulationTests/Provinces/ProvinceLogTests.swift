import CaseCore
import CaseReplication
import XCTest
@testable import CaseSimulation

/// The in-memory log with provinces: what it tags, holds, serves each province, and
/// refuses; and the checkers that catch a log which ignores tags.
final class ProvinceLogTests: XCTestCase {
    /// n1, n2 in province 01; n3, n4 in province 04.
    private func simulation(faults: InMemoryReplicaLog.Faults = []) -> Simulation {
        var options = SimulationOptions.provinces([2, 2])
        options.injectsFaults = false
        options.logFaults = faults
        let simulation = Simulation(seed: 3, options: options)
        simulation.start()
        simulation.run(forMs: 1_000)
        return simulation
    }

    func testAnOriginServesAnotherProvinceOnlyItsEventsTaggedWithItWithTheirPredecessorLinks() throws {
        let simulation = simulation()
        let origin = simulation.node("n1").log
        try simulation.fileDossier(at: "n1", competentCentre: "n2")
        let crossing = try simulation.fileDossier(at: "n1", competentCentre: "n3")
        try simulation.fileDossier(at: "n1", competentCentre: "n1")
        let province04 = ProvinceCode("04")!

        XCTAssertEqual(try origin.versionVector(servingProvince: province04), VersionVector(["n1@04": 2]))
        let served = try origin.events(missingFrom: VersionVector(), servingProvince: province04, maxEvents: 10, maxBytes: 1 << 20)
        XCTAssertEqual(served.map(\.id), [crossing.id])
        XCTAssertEqual(served[0].predecessorLink, try XCTUnwrap(origin.event(EventID(origin: "n1", sequence: 1))).chain)
        XCTAssertEqual(try origin.events(missingFrom: VersionVector(["n1@04": 2]), servingProvince: province04, maxEvents: 10, maxBytes: 1 << 20), [])
        XCTAssertEqual(try origin.versionVector(servingProvince: ProvinceCode("48")!), VersionVector())
    }

    func testAReceiverStoresASparseStreamUnderItsKeyAndNothingUntaggedForIt() throws {
        let simulation = simulation()
        let onlyHere = try simulation.fileDossier(at: "n1", competentCentre: "n2")
        let crossing = try simulation.fileDossier(at: "n1", competentCentre: "n3")
        let receiver = simulation.node("n4").log
        let province04 = ProvinceCode("04")!
        let served = try simulation.node("n1").log.events(
            missingFrom: VersionVector(), servingProvince: province04, maxEvents: 10, maxBytes: 1 << 20)

        XCTAssertEqual(try receiver.apply([onlyHere]), [], "an event not tagged with its province is not for it")
        XCTAssertEqual(try receiver.apply(served).map(\.id), [crossing.id])
        XCTAssertEqual(try receiver.versionVector()["n1@04"], 2)
        XCTAssertEqual(try receiver.event(crossing.id), crossing, "the same event, its chain link computed over its predecessor's")
        XCTAssertEqual(try receiver.apply(served), [], "applying twice changes nothing")
        XCTAssertNotNil(receiver.dossier(code: crossing.dossierCode))
        XCTAssertNil(receiver.dossier(code: onlyHere.dossierCode))
    }

    func testALogThatIgnoresProvinceTagsIsCaughtHoldingAnotherProvincesDossier() throws {
        let simulation = simulation(faults: [.ignoreProvinceTags])
        let onlyHere = try simulation.fileDossier(at: "n1", competentCentre: "n2")
        XCTAssertEqual(try simulation.node("n3").log.apply([onlyHere]).map(\.id), [onlyHere.id])
        simulation.run(forMs: 2_000)
        XCTAssertThrowsError(try simulation.verify()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("n3 holds 1 events not tagged with its province (n1/1)"), message)
            XCTAssertTrue(message.contains("is held wrongly by 1 nodes: n3 (04)"), message)
        }
    }

    func testAnEventSentToANodeOutsideItsDossiersProvincesIsCaughtOnTheWire() throws {
        let simulation = simulation()
        let onlyHere = try simulation.fileDossier(at: "n1", competentCentre: "n2")
        // As a core that leaked would send it: the receiver refuses it, so only the wire shows it.
        let leak = EventBatch(events: [onlyHere], senderVersionVector: VersionVector(), hasMore: false, isPush: true)
        simulation.network.send(.eventBatch(leak), from: "n1", to: "n3", nowMs: simulation.nowMs)
        try simulation.awaitConvergence()
        XCTAssertNil(simulation.node("n3").log.dossier(code: onlyHere.dossierCode), "the receiver does not store it")
        XCTAssertThrowsError(try simulation.verify()) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("1 events were sent to nodes outside their dossier's provinces (first: n1/1 to n3)"), message)
            XCTAssertFalse(message.contains("n3 refused"), "not stored, and not a forgery: it may be a merger n3 has not heard of")
        }
    }
}
