import XCTest
@testable import CaseCore
import CaseSupport

final class DossierReducerTests: XCTestCase {
    private let code = "LOCAL-250701-0001"
    private let receivedMs: Int64 = 1_751_336_400_000  // 2025-07-01 09:20 +07:00

    private func filed(origin: String = "n1", seq: Int64 = 1, atMs: Int64? = nil, channel: String = "counter") -> ChangeEvent {
        let payload: JSONValue = [
            "channel": .string(channel), "procedureCode": "1.001612", "procedureName": "Đăng ký khai sinh",
            "timeLimitWorkingDays": 3, "feesVND": 0,
            "applicant": ["kind": "citizen", "fullName": "Nguyễn Văn Ánh", "idNumber": "001090012345"],
            "documents": [["name": "Tờ khai", "originals": 1, "copies": 0]],
            "receivingCentre": "n1", "competentCentre": "n2", "originalDueAtMs": .int(receivedMs + 86_400_000),
        ]
        return ChangeEvent(
            origin: origin, sequence: seq, timestamp: HLCTimestamp(physicalMs: atMs ?? receivedMs, logical: 0),
            dossierCode: code, kind: .filed, actor: "clerk", centre: origin, payload: payload)
    }

    private func step(
        _ action: WorkflowAction, origin: String, seq: Int64, atMs: Int64, payload: JSONValue = [:]
    ) -> ChangeEvent {
        ChangeEvent(
            origin: origin, sequence: seq, timestamp: HLCTimestamp(physicalMs: atMs, logical: 0), dossierCode: code,
            kind: .action(action), actor: "clerk", centre: origin, payload: payload)
    }

    func testFilingStartsACounterDossierReceivedAndHandledByTheCompetentCentre() throws {
        let dossier = try XCTUnwrap(DossierReducer.fold([filed()]))
        XCTAssertEqual(dossier.status, .received)
        XCTAssertEqual(dossier.receivingCentre, "n1")
        XCTAssertEqual(dossier.competentCentre, "n2")
        XCTAssertEqual(dossier.handlingCentre, "n2")
        XCTAssertEqual(dossier.receivedAt, Instant(millisecondsSinceEpoch: receivedMs))
        XCTAssertEqual(dossier.dueAt, dossier.originalDueAt)
        XCTAssertEqual(dossier.history.map(\.action), ["filed"])
        XCTAssertEqual(dossier.version, 1)
    }

    func testOnlineFilingWaitsAsSubmitted() throws {
        XCTAssertEqual(try DossierReducer.fold([filed(channel: "online")])?.status, .submitted)
    }

    func testWholeLifeEndsReturnedWithEveryStepInHistory() throws {
        let events = [
            filed(),
            step(.start, origin: "n2", seq: 1, atMs: receivedMs + 1_000),
            step(.requestSupplement, origin: "n2", seq: 2, atMs: receivedMs + 2_000, payload: ["remainingWorkingMs": 50_000]),
            step(.supplement, origin: "n1", seq: 2, atMs: receivedMs + 3_000, payload: ["newDueAtMs": .int(receivedMs + 99_000_000)]),
            step(.resolve, origin: "n2", seq: 3, atMs: receivedMs + 4_000),
            step(.returnResult, origin: "n1", seq: 3, atMs: receivedMs + 5_000),
        ]
        let dossier = try XCTUnwrap(DossierReducer.fold(events))
        XCTAssertEqual(dossier.status, .returned)
        XCTAssertEqual(dossier.history.map(\.to), [.received, .processing, .supplementRequested, .processing, .resolved, .returned])
        XCTAssertEqual(dossier.dueAt, Instant(millisecondsSinceEpoch: receivedMs + 99_000_000))
        XCTAssertEqual(dossier.originalDueAt, Instant(millisecondsSinceEpoch: receivedMs + 86_400_000))
        XCTAssertNil(dossier.pausedRemainingWorkingMs)
        XCTAssertEqual(dossier.finishedAt, Instant(millisecondsSinceEpoch: receivedMs + 4_000))
        XCTAssertEqual(dossier.returnedAt, Instant(millisecondsSinceEpoch: receivedMs + 5_000))
        XCTAssertTrue(dossier.conflicts.isEmpty)
    }

    func testArrivalOrderDoesNotChangeTheDerivedState() throws {
        let events = [
            filed(),
            step(.start, origin: "n2", seq: 1, atMs: receivedMs + 1_000),
            step(.note, origin: "n3", seq: 1, atMs: receivedMs + 1_000, payload: ["note": "gọi điện"]),
            step(.resolve, origin: "n2", seq: 2, atMs: receivedMs + 2_000),
            step(.requestWithdrawal, origin: "n1", seq: 2, atMs: receivedMs + 2_000),
        ]
        let reference = try DossierReducer.fold(events)
        var generator = SplitMix64(seed: 42)
        for _ in 0..<50 {
            let shuffled = events.shuffled(using: &generator)
            XCTAssertEqual(try DossierReducer.fold(shuffled), reference)
        }
    }

    func testContradictoryConcurrentStepsBothStayInHistoryAndTheConflictIsRecorded() throws {
        let events = [
            filed(),
            step(.start, origin: "n2", seq: 1, atMs: receivedMs + 1_000),
            step(.resolve, origin: "n2", seq: 2, atMs: receivedMs + 5_000),
            step(.requestWithdrawal, origin: "n1", seq: 2, atMs: receivedMs + 5_001, payload: ["note": "công dân rút"]),
        ]
        let dossier = try XCTUnwrap(DossierReducer.fold(events))
        XCTAssertEqual(dossier.status, .resolved)
        XCTAssertEqual(dossier.history.map(\.action), ["filed", "start", "resolve", "request-withdrawal"])
        let rejected = try XCTUnwrap(dossier.history.last)
        XCTAssertFalse(rejected.applied)
        XCTAssertEqual(rejected.note, "công dân rút")
        XCTAssertEqual(dossier.conflicts.count, 1)
        XCTAssertEqual(dossier.conflicts.first?.event, EventID(origin: "n1", sequence: 2))
        XCTAssertEqual(dossier.conflicts.first?.winningEvent, EventID(origin: "n2", sequence: 2))
        XCTAssertEqual(dossier.conflicts.first?.statusAtApply, .resolved)
    }

    func testEqualTimestampsAreOrderedByOriginThenSequence() throws {
        let events = [
            filed(),
            step(.start, origin: "n2", seq: 1, atMs: receivedMs + 1_000),
            step(.resolve, origin: "n9", seq: 1, atMs: receivedMs + 2_000),
            step(.requestWithdrawal, origin: "n1", seq: 2, atMs: receivedMs + 2_000),
        ]
        let dossier = try XCTUnwrap(DossierReducer.fold(events))
        XCTAssertEqual(dossier.status, .withdrawRequested, "n1 sorts before n9 at the same timestamp")
        XCTAssertEqual(dossier.conflicts.map(\.action), ["resolve"])
    }

    func testTransferAndHandoverChangeOnlyTheHandlingCentre() throws {
        let events = [
            filed(),
            step(.transfer, origin: "n1", seq: 2, atMs: receivedMs + 1_000, payload: ["to": "n3"]),
            step(.handover, origin: "n1", seq: 3, atMs: receivedMs + 2_000, payload: ["to": "n4"]),
        ]
        let dossier = try XCTUnwrap(DossierReducer.fold(events))
        XCTAssertEqual(dossier.handlingCentre, "n4")
        XCTAssertEqual(dossier.originalCentre, "n3")
        XCTAssertEqual(dossier.competentCentre, "n2")
        XCTAssertEqual(dossier.status, .received)
        XCTAssertEqual(dossier.code, code)
        XCTAssertEqual(dossier.dueAt, dossier.originalDueAt)
    }

    func testApologyMovesOnlyTheCurrentDueDate() throws {
        let events = [
            filed(),
            step(.apologize, origin: "n2", seq: 1, atMs: receivedMs + 1_000, payload: ["newDueAtMs": .int(receivedMs + 500_000_000), "reason": "thiếu cán bộ"]),
        ]
        let dossier = try XCTUnwrap(DossierReducer.fold(events))
        XCTAssertEqual(dossier.dueAt, Instant(millisecondsSinceEpoch: receivedMs + 500_000_000))
        XCTAssertEqual(dossier.originalDueAt, Instant(millisecondsSinceEpoch: receivedMs + 86_400_000))
        XCTAssertEqual(dossier.apologyCount, 1)
        XCTAssertEqual(dossier.history.last?.details["reason"], "thiếu cán bộ")
    }

    func testStepsWithoutTheirFilingYieldNoDossierYet() throws {
        XCTAssertNil(try DossierReducer.fold([step(.start, origin: "n2", seq: 1, atMs: receivedMs)]))
    }

    func testASecondFilingUnderTheSameCodeIsAConflictNotAnOverwrite() throws {
        let dossier = try XCTUnwrap(DossierReducer.fold([filed(), filed(origin: "n5", seq: 1, atMs: receivedMs + 10)]))
        XCTAssertEqual(dossier.receivingCentre, "n1")
        XCTAssertEqual(dossier.conflicts.map(\.action), ["filed"])
    }

    func testMalformedFilingPayloadIsReportedNotIgnored() {
        let broken = ChangeEvent(
            origin: "n1", sequence: 1, timestamp: HLCTimestamp(physicalMs: receivedMs, logical: 0), dossierCode: code,
            kind: .filed, actor: "clerk", centre: "n1", payload: ["procedureCode": 5])
        XCTAssertThrowsError(try DossierReducer.fold([broken])) { error in
            XCTAssertTrue("\(error)".contains("n1/1"), "\(error)")
        }
    }

    func testOverdueIsDerivedFromDueDateAndStatus() throws {
        var dossier = try XCTUnwrap(DossierReducer.fold([filed()]))
        let afterDue = Instant(millisecondsSinceEpoch: receivedMs + 86_400_001)
        XCTAssertTrue(dossier.isOverdue(at: afterDue))
        XCTAssertFalse(dossier.isOverdue(at: Instant(millisecondsSinceEpoch: receivedMs)))
        dossier.status = .resolved
        XCTAssertFalse(dossier.isOverdue(at: afterDue))
    }
}
