import CaseCore
import CaseStorage
import XCTest
@testable import CaseNode
import CaseSQLite

final class DossierServiceTests: XCTestCase {
    func testFilingAllocatesDailyCodesAndComputesTheDueDateInWorkingTime() throws {
        let fixture = try ServiceFixture(now: "2025-07-04T16:00:00+07:00")  // a Friday, one working hour left
        let first = try fixture.service.file(ServiceFixture.filing())
        let second = try fixture.service.file(ServiceFixture.filing(procedure: "2.000635"))
        XCTAssertEqual(first.code, "000.00.12.H56-250704-0001")
        XCTAssertEqual(second.code, "000.00.12.H56-250704-0002")
        XCTAssertEqual(first.receivingCentre, "n1")
        XCTAssertEqual(first.competentCentre, "n1")
        // One working day (8 h) from Friday 16:00: 1 h on Friday, then 7 h of Monday → Monday 16:00.
        XCTAssertEqual(VietnamTime.iso8601(first.dueAt), "2025-07-07T16:00:00.000+07:00")
        XCTAssertEqual(second.feesVND, 2_000)

        fixture.clock.set("2025-07-05T08:00:00+07:00")
        XCTAssertEqual(try fixture.service.file(ServiceFixture.filing()).code, "000.00.12.H56-250705-0001", "a new day starts at 0001")
    }

    func testTheTenThousandthFilingOfADayIsRefusedClearly() throws {
        let fixture = try ServiceFixture()
        let day = try XCTUnwrap(CivilDate(iso: "2025-07-01"))
        try fixture.store.write { writer in
            for _ in 1...DossierCode.maxDailySequence - 1 { _ = try writer.reserveDailySequence(agency: "000.00.12.H56", day: day) }
        }
        XCTAssertEqual(try fixture.service.file(ServiceFixture.filing()).code, "000.00.12.H56-250701-9999")
        XCTAssertThrowsError(try fixture.service.file(ServiceFixture.filing())) { error in
            let serviceError = error as? ServiceError
            XCTAssertEqual(serviceError?.code, "daily_codes_exhausted")
            XCTAssertTrue(serviceError?.message.contains("9999") ?? false, "\(error)")
        }
        XCTAssertEqual(try fixture.service.search(DossierQuery()).total, 1, "the refused filing left nothing behind")
    }

    func testSupplementWaitDoesNotCountTowardsTheDueDate() throws {
        let fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        let dossier = try fixture.service.file(ServiceFixture.filing(procedure: "2.000635"))
        XCTAssertEqual(VietnamTime.iso8601(dossier.dueAt), "2025-07-03T09:00:00.000+07:00")
        _ = try fixture.service.act(on: dossier.code, ActionRequest(action: .start), by: fixture.clerk)
        fixture.clock.set("2025-07-01T10:00:00+07:00")  // 1 working hour used, 15 left
        _ = try fixture.service.act(on: dossier.code, ActionRequest(action: .requestSupplement, reason: "thiếu giấy tờ"), by: fixture.clerk)
        fixture.clock.set("2025-07-08T13:30:00+07:00")  // a week later the papers arrive
        let resumed = try fixture.service.act(on: dossier.code, ActionRequest(action: .supplement), by: fixture.clerk)
        // 15 working hours from Tuesday 13:30: 3.5 h Tue, 8 h Wed, 3.5 h Thu → Thursday 10:30.
        XCTAssertEqual(VietnamTime.iso8601(resumed.dueAt), "2025-07-10T10:30:00.000+07:00")
        XCTAssertEqual(resumed.originalDueAt, dossier.originalDueAt)
    }

    func testIllegalStepIsRefusedWithTheAllowedOnesAndChangesNothing() throws {
        let fixture = try ServiceFixture()
        let dossier = try fixture.service.file(ServiceFixture.filing())
        XCTAssertThrowsError(try fixture.service.act(on: dossier.code, ActionRequest(action: .resolve), by: fixture.clerk)) { error in
            let serviceError = error as? ServiceError
            XCTAssertEqual(serviceError?.httpStatus, 409)
            XCTAssertEqual(
                serviceError?.message,
                "cannot resolve: the dossier is received; allowed from received: transfer, start, request-withdrawal, apologize, note")
        }
        XCTAssertEqual(try fixture.service.dossier(code: dossier.code).version, 1)
        XCTAssertEqual(try fixture.store.read { try $0.versionVector() }, ["n1": 1])
    }

    func testApologyNeedsALaterDueDate() throws {
        let fixture = try ServiceFixture()
        let dossier = try fixture.service.file(ServiceFixture.filing())
        let tooEarly = ActionRequest(action: .apologize, newDueAt: dossier.dueAt, reason: "quá tải")
        XCTAssertThrowsError(try fixture.service.act(on: dossier.code, tooEarly, by: fixture.clerk)) { error in
            XCTAssertEqual((error as? ServiceError)?.httpStatus, 422)
        }
        let later = Instant(millisecondsSinceEpoch: dossier.dueAt.millisecondsSinceEpoch + 86_400_000)
        let apologised = try fixture.service.act(on: dossier.code, ActionRequest(action: .apologize, newDueAt: later, reason: "quá tải"), by: fixture.clerk)
        XCTAssertEqual(apologised.dueAt, later)
        XCTAssertEqual(apologised.originalDueAt, dossier.originalDueAt)
        XCTAssertEqual(apologised.apologyCount, 1)
    }

    func testTransferToTheCurrentHandlerIsRefusedAndToAnotherChangesOnlyTheHandler() throws {
        let fixture = try ServiceFixture()
        let dossier = try fixture.service.file(ServiceFixture.filing())
        XCTAssertThrowsError(try fixture.service.act(on: dossier.code, ActionRequest(action: .transfer, toCentre: "n1"), by: fixture.clerk))
        let moved = try fixture.service.act(on: dossier.code, ActionRequest(action: .transfer, toCentre: "n2"), by: fixture.clerk)
        XCTAssertEqual(moved.handlingCentre, "n2")
        XCTAssertEqual(moved.competentCentre, "n1")
        XCTAssertEqual(moved.status, .received)
    }

    func testEveryChangeIsAnEventWithADensePerOriginSequence() throws {
        let fixture = try ServiceFixture()
        let dossier = try fixture.service.file(ServiceFixture.filing())
        _ = try fixture.service.act(on: dossier.code, ActionRequest(action: .start), by: fixture.clerk)
        _ = try fixture.service.act(on: dossier.code, ActionRequest(action: .note, note: "gọi công dân"), by: fixture.clerk)
        let events = try fixture.store.read { try $0.events(forDossier: dossier.code) }
        XCTAssertEqual(events.map(\.sequence), [1, 2, 3])
        XCTAssertEqual(events.map(\.kind.rawValue), ["filed", "start", "note"])
        XCTAssertEqual(events.map(\.origin), ["n1", "n1", "n1"])
        XCTAssertEqual(try DossierReducer.fold(events).map(\.status), .processing)
        XCTAssertEqual(try fixture.store.read { try $0.versionVector() }, ["n1": 3])
    }

    func testTheClockNeverGoesBackAcrossARestart() throws {
        let fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00")
        let dossier = try fixture.service.file(ServiceFixture.filing())
        let restartedClock = ManualClock("2025-07-01T08:00:00+07:00")  // the wall clock was set back
        let restarted = try DossierService(
            nodeID: "n1", agency: "000.00.12.H56", store: fixture.store, catalogue: ServiceFixture.catalogue,
            calendar: try WorkingCalendar(holidays: []), clock: restartedClock)
        let stepped = try restarted.act(on: dossier.code, ActionRequest(action: .start), by: fixture.clerk)
        XCTAssertGreaterThan(stepped.lastEventTimestamp, dossier.lastEventTimestamp)
    }

    func testDiskFullRefusesFilingsHonestlyAndKeepsWhatWasAcknowledged() throws {
        var configuration = SQLiteConfiguration()
        configuration.maxFileBytes = 40 * 16_384
        let fixture = try ServiceFixture(configuration: configuration)
        var acknowledged: [String] = []
        var refusal: ServiceError?
        for _ in 0..<2_000 {
            do {
                acknowledged.append(try fixture.service.file(ServiceFixture.filing()).code)
            } catch {
                refusal = error
                break
            }
        }
        XCTAssertEqual(refusal?.httpStatus, 507, "\(String(describing: refusal))")
        XCTAssertEqual(refusal?.code, "storage_full")
        XCTAssertFalse(acknowledged.isEmpty)
        for code in acknowledged {
            XCTAssertEqual(try fixture.service.dossier(code: code).code, code)
        }
        XCTAssertEqual(try fixture.service.search(DossierQuery(limit: 1)).total, acknowledged.count, "nothing half-written")
        XCTAssertEqual(try fixture.store.integrityCheck(), ["ok"])
    }
}
