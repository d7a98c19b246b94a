import CaseCore
import TestSupport
import XCTest

final class DossierProvincesTests: XCTestCase {
    /// n1, n2 in Hà Nội (01); q1 in Hồ Chí Minh (79); x? unknown.
    private let directory: [String: ProvinceCode] = ["n1": ProvinceCode("01")!, "n2": ProvinceCode("01")!, "q1": ProvinceCode("79")!]

    private func provinces(_ events: [ChangeEvent]) throws -> (Set<String>, [String]) {
        let dossier = try XCTUnwrap(try DossierReducer.fold(events))
        let result = DossierProvinces.of(dossier) { directory[$0] }
        return (Set(result.provinces.map(\.rawValue)), result.unknownCentres)
    }

    func testProvinceCodesAreTheThirtyFourAndTheUnnamedOne() {
        XCTAssertEqual(ProvinceCode.all.count, 34)
        XCTAssertEqual(ProvinceCode("79")?.name, "Thành phố Hồ Chí Minh")
        XCTAssertNotNil(ProvinceCode("00"))
        for bad in ["", "1", "02", "100", "7a", " 01"] { XCTAssertNil(ProvinceCode(bad), bad) }
    }

    func testAFilingBelongsToItsReceivingAndCompetentCentresProvinces() throws {
        let local = TestEvents.filed("N1-1", origin: "n1", sequence: 1)
        XCTAssertEqual(try provinces([local]).0, ["01"])
        var crossing = try FiledPayload(json: local.payload)
        crossing.competentCentre = "q1"
        let filed = TestEvents.event("N1-2", .filed, origin: "n1", sequence: 2, atMs: 0, payload: crossing.json)
        XCTAssertEqual(try provinces([filed]).0, ["01", "79"])
    }

    func testATransferAddsTheNewProvinceAndNoProvinceIsEverLeft() throws {
        let filed = TestEvents.filed("N1-1", origin: "n1", sequence: 1)
        let transfer = TestEvents.step(.transfer, "N1-1", origin: "n1", sequence: 2, atMs: 1_000, payload: ["to": "q1"])
        XCTAssertEqual(try provinces([filed, transfer]).0, ["01", "79"])
        let back = TestEvents.event("N1-1", .action(.transfer), origin: "q1", sequence: 1, atMs: 2_000, payload: ["to": "n2"])
        XCTAssertEqual(try provinces([filed, transfer, back]).0, ["01", "79"], "q1 handled it once: its province keeps it")
    }

    /// A transfer set aside by a concurrent step that ends the dossier first (a conflict, in
    /// fold order) was still written and sent to its target's province: the events name it.
    func testATransferSetAsideByAConcurrentStepStillNamesItsTargetsProvince() throws {
        let filed = TestEvents.filed("N1-1", origin: "n1", sequence: 1)
        let started = TestEvents.step(.start, "N1-1", origin: "n2", sequence: 1, atMs: 1_000)
        let stopped = TestEvents.step(.stop, "N1-1", origin: "n2", sequence: 2, atMs: 1_001, payload: ["reason": "công dân rút hồ sơ"])
        let transfer = TestEvents.step(.transfer, "N1-1", origin: "n1", sequence: 2, atMs: 1_002, payload: ["to": "q1"])
        let events = [filed, started, stopped, transfer]
        let folded = try XCTUnwrap(try DossierReducer.fold(events))
        XCTAssertEqual(folded.conflicts.map(\.event), [transfer.id], "the transfer came after the stop: set aside")
        XCTAssertEqual(Set(DossierProvinces.of(folded) { directory[$0] }.provinces.map(\.rawValue)), ["01"])
        XCTAssertEqual(Set(try DossierProvinces.of(events: events) { directory[$0] }.map(\.rawValue)), ["01", "79"])
    }

    func testCentresTheDirectoryDoesNotKnowAreNamedNotDropped() throws {
        var payload = try FiledPayload(json: TestEvents.filed("N1-1", origin: "n1", sequence: 1).payload)
        payload.competentCentre = "x9"
        let (found, unknown) = try provinces([TestEvents.event("N1-1", .filed, origin: "n1", sequence: 1, atMs: 0, payload: payload.json)])
        XCTAssertEqual(found, ["01"])
        XCTAssertEqual(unknown, ["x9"])
    }
}
