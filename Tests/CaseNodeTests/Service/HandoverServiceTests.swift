import CaseCore
import CaseStorage
import Synchronization
import XCTest
@testable import CaseNode
import CaseSupport

/// `DossierService.handOver`: a commune merger's handover, batch by batch, on a real database.
final class HandoverServiceTests: XCTestCase {
    private var fixture: ServiceFixture!

    override func setUpWithError() throws {
        fixture = try ServiceFixture(now: "2025-07-01T09:00:00+07:00", nodeID: "n1")
    }

    override func tearDown() {
        fixture?.store.close()
    }

    private var service: DossierService { fixture.service }

    private func file(competent: String, name: String = "Nguyễn Văn Ánh") throws -> String {
        var filing = ServiceFixture.filing(name: name)
        filing.competentCentre = competent
        return try service.file(filing).code
    }

    /// Steps on dossiers other centres handle: an admin's, so the setup is not held to n1's lane.
    private func act(_ code: String, _ actions: [WorkflowAction]) throws {
        for action in actions { _ = try service.act(on: code, ActionRequest(action: action), by: .admin) }
    }

    private func stored(_ code: String) throws -> JSONValue {
        try service.dossier(code: code).state
    }

    /// Unfinished and resolved-but-not-returned dossiers move (the successor returns the result);
    /// the competent centre moves with them where it was the retired one.
    func testEveryDossierOwedToTheCitizenHandledByTheRetiredCentreMovesAndNothingElseChanges() throws {
        let received = try file(competent: "n3")
        let processing = try file(competent: "n3")
        try act(processing, [.start])
        let resolved = try file(competent: "n3")
        try act(resolved, [.start, .resolve])
        let returned = try file(competent: "n3")
        try act(returned, [.start, .resolve, .returnResult])
        let elsewhere = try file(competent: "n2")
        let transferredAway = try file(competent: "n3")
        _ = try service.act(on: transferredAway, ActionRequest(action: .transfer, toCentre: "n4"), by: .admin)
        let transferredIn = try file(competent: "n4")
        _ = try service.act(on: transferredIn, ActionRequest(action: .transfer, toCentre: "n3"), by: .admin)
        let untouched = [returned, elsewhere, transferredAway]
        let before = try Dictionary(uniqueKeysWithValues: (untouched + [received, processing, resolved, transferredIn]).map { ($0, try stored($0)) })
        fixture.clock.set("2025-07-01T10:30:00+07:00")

        let batch = try service.handOver(from: "n3", to: "n2", limit: 500, note: "sáp nhập xã")
        XCTAssertEqual(batch.moved.map(\.code), [received, processing, resolved, transferredIn].sorted())
        XCTAssertEqual(batch.remaining, 0)
        XCTAssertEqual(batch.countsByStatus, [.received: 2, .processing: 1, .resolved: 1])
        for item in batch.moved {
            XCTAssertEqual(item.from, "n3")
            XCTAssertEqual(item.to, "n2")
            let earlier = try XCTUnwrap(before[item.code])
            let now = try stored(item.code)
            XCTAssertEqual(now["handlingCentre"], "n2", item.code)
            XCTAssertEqual(now["originalCentre"], "n3", item.code)
            for unchanged in ["code", "status", "dueAt", "originalDueAt", "receivedAt", "receivingCentre"] {
                XCTAssertEqual(now[unchanged], earlier[unchanged], "\(item.code) \(unchanged)")
            }
            // n3 no longer exists to resolve anything; a dossier transferred in keeps its competent n4.
            let competentWasRetired = earlier["competentCentre"] == "n3"
            XCTAssertEqual(now["competentCentre"], competentWasRetired ? "n2" : earlier["competentCentre"], item.code)
            XCTAssertEqual(VietnamTime.iso8601(item.dueAt), earlier["dueAt"]?.stringValue)
            let step = try XCTUnwrap(now["history"]?.arrayValue?.last)
            XCTAssertEqual(step["action"], "handover")
            XCTAssertEqual(step["actor"], "admin")
            XCTAssertEqual(step["centre"], "n1", "recorded at the node the admin used")
            XCTAssertEqual(step["note"], "sáp nhập xã")
            XCTAssertEqual(step["details"], competentWasRetired ? ["from": "n3", "to": "n2", "competent": "n2"] : ["from": "n3", "to": "n2"])
            XCTAssertEqual(step["event"]?.stringValue, item.event.description)
        }
        for code in untouched {
            XCTAssertEqual(try stored(code), before[code], "\(code) is not moved")
        }
        XCTAssertEqual(try fixture.store.read { try $0.centreSuccessors() }, ["n3": "n2"], "the steps name n3's successor")
    }

    /// After a merger the node refuses the retired centre, naming the successor its handover
    /// steps recorded, or the one its retire request recorded when nothing was handed over.
    func testTheRetiredCentreIsRefusedNamingItsSuccessor() throws {
        let code = try file(competent: "n3")
        service.learnCentres { ["n1": false, "n2": false, "n3": true, "n4": true] }
        _ = try service.handOver(from: "n3", to: "n2", limit: 10, note: "sáp nhập")
        try service.recordSuccessor("n1", of: "n4")
        let cases: [(centre: String, says: String)] = [
            ("n3", "its successor is n2"), ("n4", "its successor is n1"), ("n9", "no centre n9 is known"),
        ]
        for (centre, says) in cases {
            var filing = ServiceFixture.filing()
            filing.competentCentre = centre
            XCTAssertThrowsError(try service.file(filing), centre) { error in
                XCTAssertEqual((error as? ServiceError)?.httpStatus, 422, centre)
                XCTAssertTrue((error as? ServiceError)?.message.contains(says) == true, "\(centre): \(error)")
            }
            XCTAssertThrowsError(try service.act(on: code, ActionRequest(action: .transfer, toCentre: centre), by: .admin), centre)
        }
        XCTAssertEqual(try service.dossier(code: code).version, 2, "the filing and the handover only")
        service.learnCentres { nil }
        var filing = ServiceFixture.filing()
        filing.competentCentre = "n9"
        XCTAssertNoThrow(try service.file(filing), "while the members are unknown (starting), nothing is checked")
    }

    func testBatchesMoveInCodeOrderUntilNoneIsLeftAndEachStepIsDurableAndPushed() throws {
        let codes = try (0..<5).map { _ in try file(competent: "n3") }.sorted()
        let pushed = Mutex<[ChangeEvent]>([])
        service.onCommit { events in pushed.withLock { $0 += events } }

        var batches: [HandoverBatch] = []
        repeat {
            batches.append(try service.handOver(from: "n3", to: "n2", limit: 2, note: "batch"))
        } while batches.last!.remaining > 0 && batches.count < 10
        XCTAssertEqual(batches.map(\.moved.count), [2, 2, 1])
        XCTAssertEqual(batches.map(\.remaining), [3, 1, 0])
        XCTAssertEqual(batches.flatMap(\.moved).map(\.code), codes)
        XCTAssertEqual(pushed.withLock { $0 }.map(\.dossierCode), codes, "replication hears of every step once")
        XCTAssertEqual(pushed.withLock { $0 }.map(\.id), batches.flatMap(\.moved).map(\.event))
        XCTAssertEqual(try service.awaitingHandoverCount(handledBy: "n3"), 0)
        XCTAssertEqual(try service.awaitingHandoverCount(handledBy: "n2"), 5)

        let reopened = try CaseStore(path: fixture.path)
        defer { reopened.close() }
        for code in codes {
            let events = try reopened.read { try $0.events(forDossier: code) }
            XCTAssertEqual(events.map(\.kind), [.filed, .action(.handover)], "\(code): durable in the database")
        }
    }

    func testRunningItAgainMovesNothingAndRepeatsNoStep() throws {
        let codes = try (0..<3).map { _ in try file(competent: "n3") }
        _ = try service.handOver(from: "n3", to: "n2", limit: 500, note: "first")
        let after = try codes.map(stored)
        let pushed = Mutex(0)
        service.onCommit { events in pushed.withLock { $0 += events.count } }

        let again = try service.handOver(from: "n3", to: "n2", limit: 500, note: "second")
        XCTAssertEqual(again.moved, [])
        XCTAssertEqual(again.remaining, 0)
        XCTAssertEqual(again.countsByStatus, [:])
        XCTAssertEqual(try codes.map(stored), after, "no dossier changed")
        XCTAssertEqual(pushed.withLock { $0 }, 0, "no event was written")
        for state in after {
            XCTAssertEqual(state["history"]?.arrayValue?.filter { $0["action"] == "handover" }.count, 1)
        }
    }

    func testADossierFiledForTheRetiredCentreLaterIsPickedUpByTheNextRun() throws {
        _ = try file(competent: "n3")
        XCTAssertEqual(try service.handOver(from: "n3", to: "n2", limit: 500, note: "first").moved.count, 1)
        let straggler = try file(competent: "n3")
        let next = try service.handOver(from: "n3", to: "n2", limit: 500, note: "again")
        XCTAssertEqual(next.moved.map(\.code), [straggler])
    }

    func testAHandedOverDossierCanBeWorkedOnAtItsNewCentre() throws {
        let code = try file(competent: "n3")
        _ = try service.handOver(from: "n3", to: "n2", limit: 500, note: "merger")
        let started = try service.act(on: code, ActionRequest(action: .start), by: .admin)
        XCTAssertEqual(started.status, .processing)
        XCTAssertEqual(started.handlingCentre, "n2")
        XCTAssertThrowsError(try service.act(on: code, ActionRequest(action: .transfer, toCentre: "n2"), by: .admin)) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "already_there")
        }
    }
}
