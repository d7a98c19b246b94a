import CaseCore
import CaseStorage
import XCTest
@testable import CaseNode

/// What the printed forms read from the node: the dossier folded from its events, and the register.
final class FormServiceTests: XCTestCase {
    private var fixture: ServiceFixture!

    override func setUpWithError() throws {
        fixture = try ServiceFixture()
    }

    override func tearDown() {
        fixture?.store.close()
    }

    private var july: ReportPeriod {
        ReportPeriod(first: CivilDate(year: 2025, month: 7, day: 1)!, last: CivilDate(year: 2025, month: 7, day: 31)!, now: fixture.service.now)
    }

    func testTheFoldedDossierIsTheStoredOneWithItsHistory() throws {
        let filed = try fixture.service.file(ServiceFixture.filing())
        _ = try fixture.service.act(on: filed.code, ActionRequest(action: .start, note: "đủ"), by: fixture.clerk)
        let folded = try fixture.service.dossierWithHistory(code: filed.code)
        XCTAssertEqual(folded.history.map(\.action), ["filed", "start"])
        XCTAssertEqual(folded.storedJSON, try fixture.service.dossier(code: filed.code).state)
        XCTAssertThrowsError(try fixture.service.dossierWithHistory(code: "000.00.12.H56-250701-0099")) { error in
            XCTAssertEqual((error as? ServiceError)?.httpStatus, 404)
        }
        XCTAssertThrowsError(try fixture.service.dossierWithHistory(code: filed.code, maxEvents: 1)) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "history_too_long")
        }
    }

    func testTheRegisterListsWhatTheCentreReceivedInOrderAndRefusesTooManyLines() throws {
        let first = try fixture.service.file(ServiceFixture.filing(name: "Trần Văn Bình"))
        fixture.clock.set("2025-07-02T10:00:00+07:00")
        let second = try fixture.service.file(ServiceFixture.filing(name: "Lê Thị Cúc"))
        let entries = try fixture.service.register(centre: "n1", period: july)
        XCTAssertEqual(entries.map(\.code), [first.code, second.code])
        XCTAssertEqual(entries.map(\.applicantName), ["Trần Văn Bình", "Lê Thị Cúc"])
        XCTAssertEqual(try fixture.service.register(centre: "n2", period: july), [])
        let august = ReportPeriod(first: CivilDate(year: 2025, month: 8, day: 1)!, last: CivilDate(year: 2025, month: 8, day: 31)!, now: fixture.service.now)
        XCTAssertEqual(try fixture.service.register(centre: "n1", period: august), [])
        XCTAssertThrowsError(try fixture.service.register(centre: "n1", period: july, maxEntries: 1)) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "register_too_large")
        }
    }
}
